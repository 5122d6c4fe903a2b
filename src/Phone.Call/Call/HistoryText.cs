using System.Text;

namespace Phone.Call
{
    /// <summary>
    /// The call history as a few lines of UTF-8 text for flash: a first line "calls 1", then one line per entry, oldest
    /// first: a kind letter (D dialled, R received, M missed, X rejected, F forwarded), a tab, the label, a tab, the
    /// URI. Control characters in a label become blanks, so the text never holds a NUL, tab or line break of its own;
    /// an entry whose URI holds one is left out. Reading takes every well-formed line and skips the rest.
    /// </summary>
    public static class HistoryText
    {
        public const string Header = "calls 1";

        /// <summary>Longest label and URI kept; a longer label is cut, an entry with a longer URI is left out.</summary>
        public const int MaxLabel = 64;
        public const int MaxUri = 256;

        /// <summary>Bytes a file of <paramref name="capacity"/> entries can take (UTF-8 at 3 bytes per character at most).</summary>
        public static int MaxBytes(int capacity)
        {
            return Header.Length + 1 + capacity * (4 + 3 * (MaxLabel + MaxUri));
        }

        public static byte[] Encode(CallHistory history)
        {
            StringBuilder b = new StringBuilder(Header);
            b.Append('\n');
            for (int i = history.Count - 1; i >= 0; i--)
            {
                HistoryEntry e = history.Get(i);
                string uri = e.Uri;
                if (uri == null || uri.Length == 0 || uri.Length > MaxUri || HasControl(uri)) continue;
                b.Append(Letter(e.Kind));
                b.Append('\t');
                string label = e.Label != null ? e.Label : "";
                for (int k = 0; k < label.Length && k < MaxLabel; k++)
                {
                    char c = label[k];
                    b.Append(c < ' ' || c == (char)127 ? ' ' : c);
                }
                b.Append('\t');
                b.Append(uri);
                b.Append('\n');
            }
            return Encoding.UTF8.GetBytes(b.ToString());
        }

        /// <summary>
        /// Adds the entries of data[0..count) to history, oldest first (so the newest ends up first) at time atMs;
        /// returns how many were taken, or -1 when the text is not a history file.
        /// </summary>
        public static int Decode(byte[] data, int count, CallHistory history, long atMs)
        {
            for (int i = 0; i < count; i++)
            {
                if (data[i] == 0) return -1;
            }
            string text = Encoding.UTF8.GetString(data, 0, count);
            int end = text.IndexOf('\n');
            if (end < 0 || text.Substring(0, end) != Header) return -1;
            int taken = 0;
            int start = end + 1;
            while (start < text.Length)
            {
                end = text.IndexOf('\n', start);
                if (end < 0) break; // a last line without its end is not whole
                if (Entry(text, start, end, history, atMs)) taken++;
                start = end + 1;
            }
            return taken;
        }

        private static bool Entry(string text, int start, int end, CallHistory history, long atMs)
        {
            if (end - start < 5 || text[start + 1] != '\t') return false;
            int kind = Kind(text[start]);
            int tab = text.IndexOf('\t', start + 2);
            if (kind < 0 || tab < 0 || tab >= end) return false;
            string label = text.Substring(start + 2, tab - start - 2);
            string uri = text.Substring(tab + 1, end - tab - 1);
            if (label.Length > MaxLabel || uri.Length == 0 || uri.Length > MaxUri || HasControl(uri)) return false;
            history.Add((HistoryKind)kind, label, uri, atMs);
            return true;
        }

        private static bool HasControl(string s)
        {
            for (int i = 0; i < s.Length; i++)
            {
                if (s[i] < ' ' || s[i] == (char)127) return true;
            }
            return false;
        }

        private static char Letter(HistoryKind kind)
        {
            switch (kind)
            {
                case HistoryKind.Dialled: return 'D';
                case HistoryKind.Received: return 'R';
                case HistoryKind.Missed: return 'M';
                case HistoryKind.Forwarded: return 'F';
            }
            return 'X';
        }

        private static int Kind(char letter)
        {
            switch (letter)
            {
                case 'D': return (int)HistoryKind.Dialled;
                case 'R': return (int)HistoryKind.Received;
                case 'M': return (int)HistoryKind.Missed;
                case 'F': return (int)HistoryKind.Forwarded;
                case 'X': return (int)HistoryKind.Rejected;
            }
            return -1;
        }
    }
}
