namespace Phone.Device.Input
{
    /// <summary>Why a keypad map text was refused (see <see cref="KeyMap.Parse"/>).</summary>
    public enum KeyMapError
    {
        None = 0,

        /// <summary>No text, or only blanks.</summary>
        Empty = 1,

        /// <summary>A name that is not a key (nor "-" for an empty position).</summary>
        UnknownKey = 2,

        /// <summary>A key placed twice: one of them could never be pressed as itself.</summary>
        DuplicateKey = 3,

        /// <summary>More rows than <see cref="KeyMap.MaxLines"/>.</summary>
        TooManyRows = 4,

        /// <summary>More positions in a row than <see cref="KeyMap.MaxLines"/>.</summary>
        TooManyColumns = 5,

        /// <summary>A row with a different number of positions than the first row (use "-" for empty ones).</summary>
        RowLengthMismatch = 6,

        /// <summary>Two "/" with nothing between them, or a "/" at the start or end.</summary>
        EmptyRow = 7
    }
}
