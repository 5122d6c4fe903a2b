namespace Phone.App.Drivers
{
    /// <summary>
    /// The display controller's bus (an SSD1306 on I2C on the board): command and data byte streams as the
    /// controller takes them (Phone.Device's Ssd1306Commands builds them). Every call returns false on a bus error
    /// and never throws; the app re-initialises the panel after repeated errors.
    /// </summary>
    public interface IDisplayPanel
    {
        bool IsOpen { get; }

        /// <summary>Opens the bus to the controller; false when the pins or the bus are unusable.</summary>
        bool Open(int bus, int sdaPin, int sclPin, int address, int busHz);

        bool Commands(byte[] bytes, int offset, int count);

        bool Data(byte[] bytes, int offset, int count);
    }
}
