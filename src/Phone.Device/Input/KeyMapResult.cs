namespace Phone.Device.Input
{
    /// <summary>
    /// Outcome of <see cref="KeyMap.Parse"/>: the map, or the first error with where it is, so a board
    /// profile check can say "keypad.map column 17 (row 2, position 3): unknown key 'vol'".
    /// </summary>
    public sealed class KeyMapResult
    {
        internal KeyMapResult(KeyMap map, KeyMapError error, int offset, int length, int row, int column)
        {
            Map = map;
            Error = error;
            Offset = offset;
            Length = length;
            Row = row;
            Column = column;
        }

        /// <summary>The parsed map; null when <see cref="Error"/> is not None.</summary>
        public KeyMap Map { get; private set; }

        public KeyMapError Error { get; private set; }

        public bool Ok
        {
            get { return Error == KeyMapError.None; }
        }

        /// <summary>0-based character offset of the offending token in the text (-1 when none, e.g. Empty).</summary>
        public int Offset { get; private set; }

        /// <summary>Length of the offending token in characters (0 when none).</summary>
        public int Length { get; private set; }

        /// <summary>0-based matrix row of the offending token (-1 when none).</summary>
        public int Row { get; private set; }

        /// <summary>0-based matrix column of the offending token (-1 when none).</summary>
        public int Column { get; private set; }
    }
}
