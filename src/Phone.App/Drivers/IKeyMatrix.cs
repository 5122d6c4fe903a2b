namespace Phone.App.Drivers
{
    /// <summary>
    /// The key matrix's lines: one scan drives each row in turn and reads the columns. Debouncing, key mapping and
    /// repeat live in the app (Phone.Device's KeyScanner), so a driver only reports which contacts are closed.
    /// </summary>
    public interface IKeyMatrix
    {
        /// <summary>Claims the row and column pins; false when a pin cannot be opened.</summary>
        bool Open(int[] rowPins, int[] columnPins, bool externalPullUps);

        /// <summary>
        /// One scan: rowBits[r] gets bit c set while the key at (row r, column c) is closed. False (and no change) on a
        /// pin fault, which the driver counts in <see cref="Faults"/>.
        /// </summary>
        bool ScanRows(int[] rowBits);

        int Faults { get; }
    }
}
