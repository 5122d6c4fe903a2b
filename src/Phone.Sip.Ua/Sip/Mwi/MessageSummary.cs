namespace Phone.Sip.Mwi
{
    /// <summary>
    /// An application/simple-message-summary body (RFC 3842 §5.2): the mandatory Messages-Waiting status line and the
    /// Voice-Message counts "new/old (urgent-new/urgent-old)". Other message classes and optional headers are
    /// skipped. Parsing reads the bytes in place and allocates nothing; one instance is refilled per NOTIFY.
    /// </summary>
    public sealed class MessageSummary
    {
        /// <summary>Counts above this are clamped (the display shows two digits; nothing needs more).</summary>
        public const int MaxCount = 9999;

        /// <summary>Messages-Waiting: yes (RFC 3842 §5.2 msg-status).</summary>
        public bool MessagesWaiting { get; private set; }

        /// <summary>True when a Voice-Message line was given (else the counts are 0 and unknown).</summary>
        public bool HasVoiceCounts { get; private set; }

        public int NewMessages { get; private set; }

        public int OldMessages { get; private set; }

        public int UrgentNew { get; private set; }

        public int UrgentOld { get; private set; }

        /// <summary>
        /// Reads a body; false (and the fields reset) when the first line is not a valid Messages-Waiting status line
        /// or a Voice-Message line does not follow the RFC 3842 §5.2 grammar. Lines end in CRLF (a bare LF is taken).
        /// </summary>
        public bool Parse(byte[] b, int offset, int count)
        {
            Clear();
            if (b == null || offset < 0 || count <= 0 || offset + count > b.Length)
            {
                return false;
            }

            int end = offset + count;
            int line = offset;
            bool first = true;
            while (line < end)
            {
                int eol = line;
                while (eol < end && b[eol] != (byte)'\n')
                {
                    eol++;
                }

                int next = eol + 1;
                if (eol > line && b[eol - 1] == (byte)'\r')
                {
                    eol--;
                }

                if (first)
                {
                    // RFC 3842 §5.2: message-summary = msg-status-line CRLF ...
                    int v = ValueStart(b, line, eol, "messages-waiting");
                    if (v < 0)
                    {
                        Clear();
                        return false;
                    }

                    int ve = TrimEnd(b, v, eol);
                    if (Word(b, v, ve, "yes")) MessagesWaiting = true;
                    else if (!Word(b, v, ve, "no"))
                    {
                        Clear();
                        return false;
                    }

                    first = false;
                }
                else if (eol == line)
                {
                    // A blank line starts the optional message headers (opt-msg-headers): no more summary lines.
                    break;
                }
                else
                {
                    int v = ValueStart(b, line, eol, "voice-message");
                    if (v >= 0 && !ParseCounts(b, v, TrimEnd(b, v, eol)))
                    {
                        Clear();
                        return false;
                    }
                }

                line = next;
            }

            if (first)
            {
                Clear();
                return false;
            }

            return true;
        }

        private void Clear()
        {
            MessagesWaiting = false;
            HasVoiceCounts = false;
            NewMessages = 0;
            OldMessages = 0;
            UrgentNew = 0;
            UrgentOld = 0;
        }

        /// <summary>msg-summary-line value: newmsgs SLASH oldmsgs [ LWS "(" new-urgentmsgs SLASH old-urgentmsgs ")" ] (RFC 3842 §5.2).</summary>
        private bool ParseCounts(byte[] b, int i, int end)
        {
            int newCount;
            int oldCount;
            i = Pair(b, i, end, out newCount, out oldCount);
            if (i < 0)
            {
                return false;
            }

            int urgentNew = 0;
            int urgentOld = 0;
            i = SkipBlanks(b, i, end);
            if (i < end)
            {
                if (b[i] != (byte)'(')
                {
                    return false;
                }

                i = Pair(b, i + 1, end, out urgentNew, out urgentOld);
                if (i < 0)
                {
                    return false;
                }

                i = SkipBlanks(b, i, end);
                if (i >= end || b[i] != (byte)')' || SkipBlanks(b, i + 1, end) != end)
                {
                    return false;
                }
            }

            HasVoiceCounts = true;
            NewMessages = newCount;
            OldMessages = oldCount;
            UrgentNew = urgentNew;
            UrgentOld = urgentOld;
            return true;
        }

        /// <summary>"n SLASH m" with optional blanks around the slash; the index after m, or -1.</summary>
        private static int Pair(byte[] b, int i, int end, out int first, out int second)
        {
            second = 0;
            i = Number(b, SkipBlanks(b, i, end), end, out first);
            if (i < 0)
            {
                return -1;
            }

            i = SkipBlanks(b, i, end);
            if (i >= end || b[i] != (byte)'/')
            {
                return -1;
            }

            return Number(b, SkipBlanks(b, i + 1, end), end, out second);
        }

        /// <summary>1*DIGIT, clamped at MaxCount; the index after it, or -1 when no digit.</summary>
        private static int Number(byte[] b, int i, int end, out int value)
        {
            value = 0;
            int start = i;
            while (i < end && b[i] >= (byte)'0' && b[i] <= (byte)'9')
            {
                if (value <= MaxCount)
                {
                    value = value * 10 + (b[i] - '0');
                }

                i++;
            }

            if (value > MaxCount)
            {
                value = MaxCount;
            }

            return i > start ? i : -1;
        }

        /// <summary>
        /// The start of the value when the line is "name HCOLON value" (name case-insensitive, RFC 3261 §25.1
        /// HCOLON = *( SP / HTAB ) ":" SWS); -1 otherwise.
        /// </summary>
        private static int ValueStart(byte[] b, int i, int end, string name)
        {
            if (end - i < name.Length)
            {
                return -1;
            }

            for (int k = 0; k < name.Length; k++)
            {
                int c = b[i + k];
                if (c >= 'A' && c <= 'Z')
                {
                    c += 32;
                }

                if (c != name[k])
                {
                    return -1;
                }
            }

            i = SkipBlanks(b, i + name.Length, end);
            if (i >= end || b[i] != (byte)':')
            {
                return -1;
            }

            return SkipBlanks(b, i + 1, end);
        }

        private static bool Word(byte[] b, int i, int end, string word)
        {
            if (end - i != word.Length)
            {
                return false;
            }

            for (int k = 0; k < word.Length; k++)
            {
                int c = b[i + k];
                if (c >= 'A' && c <= 'Z')
                {
                    c += 32;
                }

                if (c != word[k])
                {
                    return false;
                }
            }

            return true;
        }

        private static int SkipBlanks(byte[] b, int i, int end)
        {
            while (i < end && (b[i] == (byte)' ' || b[i] == (byte)'\t'))
            {
                i++;
            }

            return i;
        }

        private static int TrimEnd(byte[] b, int start, int end)
        {
            while (end > start && (b[end - 1] == (byte)' ' || b[end - 1] == (byte)'\t'))
            {
                end--;
            }

            return end;
        }
    }
}
