namespace Phone.Config
{
    /// <summary>
    /// [call] dial_plan: a digit map in the manner of RFC 3435 §2.1.5 (MGCP) — alternatives separated by '|', each a
    /// sequence of elements: a digit, '*' or '#' for itself, 'x' for any digit 0-9, '[..]' for a set of digits with
    /// ranges ("[1-9]", "[0-35]"), and '.' after an element for that element zero or more times. The inter-digit timer
    /// letter T of MGCP is not used: a pattern that can still grow always waits for the timeout.
    /// Matching runs every pattern as a small set of positions (an NFA whose states are element indexes), so it
    /// needs no allocation per key press.
    /// </summary>
    public sealed class DialPlan
    {
        /// <summary>Alternatives at most.</summary>
        public const int MaxPatterns = 16;

        /// <summary>Elements per alternative at most (positions fit a 64-bit set).</summary>
        public const int MaxElements = 32;

        /// <summary>Symbols: digits 0-9 are bits 0-9, '*' bit 10, '#' bit 11.</summary>
        private const int AnyDigit = 0x3FF;

        // All patterns' elements one after another: the symbols each accepts, and whether it repeats ('.').
        private readonly int[] masks;
        private readonly bool[] repeats;
        private readonly int[] starts;
        private readonly int patterns;

        private DialPlan(int[] masks, bool[] repeats, int[] starts, int patterns)
        {
            this.masks = masks;
            this.repeats = repeats;
            this.starts = starts;
            this.patterns = patterns;
        }

        /// <summary>Number of alternatives.</summary>
        public int Count
        {
            get { return patterns; }
        }

        /// <summary>The plan for text (blanks around '|' allowed), or null when it is not a digit map.</summary>
        public static DialPlan Parse(string text)
        {
            if (text == null || text.Length == 0 || text.Length > 256) return null;
            int[] masks = new int[text.Length];
            bool[] repeats = new bool[text.Length];
            int[] starts = new int[MaxPatterns + 1];
            int n = 0;
            int p = 0;
            int i = 0;
            starts[0] = 0;
            while (true)
            {
                while (i < text.Length && text[i] == ' ') i++;
                int first = n;
                while (i < text.Length && text[i] != '|' && text[i] != ' ')
                {
                    char c = text[i];
                    if (c == '.')
                    {
                        // RFC 3435 §2.1.5: "." repeats the element before it; it cannot stand first or twice.
                        if (n == first || repeats[n - 1]) return null;
                        repeats[n - 1] = true;
                        i++;
                        continue;
                    }
                    int mask;
                    if (c == '[')
                    {
                        int close = text.IndexOf(']', i);
                        if (close < 0) return null;
                        mask = SetMask(text, i + 1, close);
                        if (mask == 0) return null;
                        i = close + 1;
                    }
                    else
                    {
                        mask = c == 'x' || c == 'X' ? AnyDigit : Bit(c);
                        if (mask == 0) return null;
                        i++;
                    }
                    if (n - first == MaxElements) return null;
                    masks[n++] = mask;
                }
                while (i < text.Length && text[i] == ' ') i++;
                if (n == first) return null;
                p++;
                starts[p] = n;
                if (i == text.Length) break;
                if (text[i] != '|' || p == MaxPatterns) return null;
                i++;
            }
            return new DialPlan(masks, repeats, starts, p);
        }

        /// <summary>How the digits typed so far (digits, '*', '#') stand against the plan.</summary>
        public DialMatch Match(char[] digits, int length)
        {
            bool complete = false;
            bool grows = false;
            for (int p = 0; p < patterns; p++)
            {
                int first = starts[p];
                int count = starts[p + 1] - first;
                long states = Closure(1L, first, count);
                for (int k = 0; k < length && states != 0; k++)
                {
                    states = Closure(Step(states, first, count, Bit(digits[k])), first, count);
                }
                if (states == 0) continue;
                long end = 1L << count;
                if ((states & end) != 0) complete = true;
                // Any position before the end still has an element that takes a symbol.
                if ((states & (end - 1)) != 0) grows = true;
            }
            if (complete) return grows ? DialMatch.CompleteCanGrow : DialMatch.Complete;
            return grows ? DialMatch.Partial : DialMatch.NoMatch;
        }

        /// <summary>Positions reached by taking symbol (a bit) at each position in states.</summary>
        private long Step(long states, int first, int count, int symbol)
        {
            long next = 0;
            for (int e = 0; e < count; e++)
            {
                if ((states & (1L << e)) == 0 || (masks[first + e] & symbol) == 0) continue;
                next |= repeats[first + e] ? 1L << e : 1L << (e + 1);
            }
            return next;
        }

        /// <summary>Adds the positions behind repeated elements, which may be taken zero times.</summary>
        private long Closure(long states, int first, int count)
        {
            for (int e = 0; e < count; e++)
            {
                if ((states & (1L << e)) != 0 && repeats[first + e]) states |= 1L << (e + 1);
            }
            return states;
        }

        /// <summary>The symbols of a set's inside text[from..to): digits, '*', '#' and ranges like 1-9; 0 when malformed.</summary>
        private static int SetMask(string text, int from, int to)
        {
            int mask = 0;
            for (int i = from; i < to; i++)
            {
                int bit = Bit(text[i]);
                if (bit == 0) return 0;
                if (i + 2 < to && text[i + 1] == '-')
                {
                    char lo = text[i];
                    char hi = text[i + 2];
                    if (lo < '0' || lo > '9' || hi < lo || hi > '9') return 0;
                    for (char c = lo; c <= hi; c++) mask |= Bit(c);
                    i += 2;
                }
                else
                {
                    mask |= bit;
                }
            }
            return mask;
        }

        private static int Bit(char c)
        {
            if (c >= '0' && c <= '9') return 1 << (c - '0');
            if (c == '*') return 1 << 10;
            if (c == '#') return 1 << 11;
            return 0;
        }
    }
}
