using Phone.Call;

namespace Phone.Device.Input
{
    /// <summary>
    /// Which <see cref="PhoneKey"/> sits at each position of the keypad matrix, read from one line of text
    /// such as the board profile's <c>keypad.map</c>:
    /// <code>vol- up vol+ / left ok right / mute down hold / call dnd end / 1 2 3 / 4 5 6 / 7 8 9 / * 0 #</code>
    /// Rows are separated by "/", top row (first driven line) first; positions within a row by blanks, left
    /// column (first read line) first. A lone "-" is a position with no key. Names are case-insensitive:
    /// 0-9, *, #, call, end (alias hangup), hold, mute, vol+, vol-, up, down, left (alias &lt;),
    /// right (alias &gt;), ok (alias menu), dnd, xfer (alias transfer), conf. Every row has the same number of positions, so a missing
    /// key shifts nothing silently; at most <see cref="MaxLines"/> rows and columns (the GPIOs a board can spare).
    /// Parsing never throws: errors come back in a <see cref="KeyMapResult"/> with the token's offset.
    /// </summary>
    public sealed class KeyMap
    {
        /// <summary>Most rows and most columns (8 driven + 8 read lines).</summary>
        public const int MaxLines = 8;

        private const int NoKey = -1;

        // Names accepted, and the key each one means, index for index.
        private static readonly string[] s_names =
        {
            "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#",
            "call", "end", "hangup", "hold", "mute", "vol+", "vol-", "up", "down",
            "left", "<", "right", ">", "ok", "menu", "dnd", "xfer", "transfer", "conf"
        };

        private static readonly PhoneKey[] s_keys =
        {
            PhoneKey.D0, PhoneKey.D1, PhoneKey.D2, PhoneKey.D3, PhoneKey.D4, PhoneKey.D5, PhoneKey.D6,
            PhoneKey.D7, PhoneKey.D8, PhoneKey.D9, PhoneKey.Star, PhoneKey.Pound,
            PhoneKey.Call, PhoneKey.HangUp, PhoneKey.HangUp, PhoneKey.Hold, PhoneKey.Mute,
            PhoneKey.VolumeUp, PhoneKey.VolumeDown, PhoneKey.Up, PhoneKey.Down,
            PhoneKey.Left, PhoneKey.Left, PhoneKey.Right, PhoneKey.Right, PhoneKey.Ok, PhoneKey.Ok, PhoneKey.Dnd,
            PhoneKey.Transfer, PhoneKey.Transfer, PhoneKey.Conference
        };

        private readonly int[] keys = new int[MaxLines * MaxLines];
        private int rows;
        private int columns;

        private KeyMap()
        {
            for (int i = 0; i < keys.Length; i++) keys[i] = NoKey;
        }

        /// <summary>Number of matrix rows (driven lines).</summary>
        public int Rows
        {
            get { return rows; }
        }

        /// <summary>Number of matrix columns (read lines).</summary>
        public int Columns
        {
            get { return columns; }
        }

        /// <summary>The key at a position; false for an empty position or indices outside the matrix.</summary>
        public bool TryGetKey(int row, int column, out PhoneKey key)
        {
            key = PhoneKey.D0;
            if (row < 0 || row >= rows || column < 0 || column >= columns) return false;
            int v = keys[row * MaxLines + column];
            if (v == NoKey) return false;
            key = (PhoneKey)v;
            return true;
        }

        /// <summary>Where a key sits; false when the map does not have it.</summary>
        public bool Find(PhoneKey key, out int row, out int column)
        {
            for (int r = 0; r < rows; r++)
            {
                for (int c = 0; c < columns; c++)
                {
                    if (keys[r * MaxLines + c] == (int)key)
                    {
                        row = r;
                        column = c;
                        return true;
                    }
                }
            }
            row = -1;
            column = -1;
            return false;
        }

        /// <summary>Parses a map text (syntax in the class summary). Never throws; null text is Empty.</summary>
        public static KeyMapResult Parse(string text)
        {
            KeyMap map = new KeyMap();
            if (text == null) return Fail(KeyMapError.Empty, -1, 0, -1, -1);

            int n = text.Length;
            int i = 0;
            int row = 0;
            int column = 0;
            int rowStart = 0;          // offset of the row's first token (or of where it began, while empty)
            int rowEnd = 0;            // end of the row's last token
            bool any = false;
            while (true)
            {
                while (i < n && IsBlank(text[i])) i++;
                if (i >= n || text[i] == '/')
                {
                    // End of a row.
                    if (column == 0)
                    {
                        if (i >= n && row == 0) return Fail(KeyMapError.Empty, -1, 0, -1, -1);
                        return Fail(KeyMapError.EmptyRow, i < n ? i : rowStart, i < n ? 1 : 0, row, -1);
                    }
                    if (row == 0) map.columns = column;
                    else if (column != map.columns) return Fail(KeyMapError.RowLengthMismatch, rowStart, rowEnd - rowStart, row, column);
                    row++;
                    column = 0;
                    if (i >= n) break;
                    i++;                            // the '/'
                    rowStart = i;
                    continue;
                }

                int start = i;
                while (i < n && !IsBlank(text[i]) && text[i] != '/') i++;
                int length = i - start;
                if (column == 0) rowStart = start;
                rowEnd = i;
                if (row >= MaxLines) return Fail(KeyMapError.TooManyRows, start, length, row, column);
                if (column >= MaxLines) return Fail(KeyMapError.TooManyColumns, start, length, row, column);
                if (length == 1 && text[start] == '-')
                {
                    column++;
                    any = true;
                    continue;
                }
                int name = Lookup(text, start, length);
                if (name < 0) return Fail(KeyMapError.UnknownKey, start, length, row, column);
                int key = (int)s_keys[name];
                for (int k = 0; k < map.keys.Length; k++)
                {
                    if (map.keys[k] == key) return Fail(KeyMapError.DuplicateKey, start, length, row, column);
                }
                map.keys[row * MaxLines + column] = key;
                column++;
                any = true;
            }
            if (!any) return Fail(KeyMapError.Empty, -1, 0, -1, -1);
            map.rows = row;
            return new KeyMapResult(map, KeyMapError.None, -1, 0, -1, -1);
        }

        private static KeyMapResult Fail(KeyMapError error, int offset, int length, int row, int column)
        {
            return new KeyMapResult(null, error, offset, length, row, column);
        }

        private static bool IsBlank(char c)
        {
            return c == ' ' || c == '\t';
        }

        // Index into s_names of text[start..start+length), compared without case; -1 when none.
        private static int Lookup(string text, int start, int length)
        {
            for (int k = 0; k < s_names.Length; k++)
            {
                string name = s_names[k];
                if (name.Length != length) continue;
                bool same = true;
                for (int j = 0; j < length; j++)
                {
                    char c = text[start + j];
                    if (c >= 'A' && c <= 'Z') c = (char)(c + ('a' - 'A'));
                    if (c != name[j])
                    {
                        same = false;
                        break;
                    }
                }
                if (same) return k;
            }
            return -1;
        }
    }
}
