namespace Phone.Device.Board
{
    /// <summary>
    /// Outcome of reading a board profile: the typed profile (always present; unset values are -1)
    /// and every problem found, in the order found. A board must not be brought up from a profile
    /// with errors: the firmware shows them on the self-test screen instead.
    /// </summary>
    public sealed class BoardProfileResult
    {
        readonly BoardError[] errors = new BoardError[BoardProfileParser.MaxErrors + 1];
        int errorCount;
        bool full;

        internal BoardProfileResult(BoardProfile profile)
        {
            Profile = profile;
        }

        public BoardProfile Profile { get; private set; }

        /// <summary>True when no error was found.</summary>
        public bool IsValid
        {
            get { return errorCount == 0; }
        }

        /// <summary>Number of errors, at most <see cref="BoardProfileParser.MaxErrors"/> + 1 (the last being TooManyErrors).</summary>
        public int ErrorCount
        {
            get { return errorCount; }
        }

        /// <summary>Error i, in the order found.</summary>
        public BoardError GetError(int i)
        {
            return errors[i];
        }

        /// <summary>True if an error with this code was reported on this line.</summary>
        public bool HasError(BoardErrorCode code, int line)
        {
            for (int i = 0; i < errorCount; i++)
            {
                if (errors[i].Code == code && errors[i].Line == line)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>True once the error limit was hit; the parser stops reading then.</summary>
        internal bool IsFull
        {
            get { return full; }
        }

        internal void Add(BoardErrorCode code, int line, string key, string detail)
        {
            if (full)
            {
                return;
            }

            if (errorCount == BoardProfileParser.MaxErrors)
            {
                errors[errorCount++] = new BoardError(BoardErrorCode.TooManyErrors, line, null, "more than " + BoardProfileParser.MaxErrors.ToString() + " errors; reading stopped");
                full = true;
                return;
            }

            errors[errorCount++] = new BoardError(code, line, key, detail);
        }
    }
}
