using System;
using System.Device.I2c;
using nanoFramework.Hardware.Esp32;
using Phone.App.Drivers;

namespace Phone.Firmware.Display
{
    /// <summary>
    /// The SSD1306 128×64 OLED on I2C: the byte transport only. What to send (init sequence, page addressing)
    /// comes from Phone.Device's Ssd1306Commands and which pages changed from its ScreenRenderer; this class
    /// frames the bytes as the SSD1306 datasheet (§8.1.5.2 I2C-bus write data) requires — a control byte 0x00
    /// before command bytes, 0x40 before display RAM data — and writes them with I2cDevice.
    /// <para>
    /// The nanoFramework Iot.Device.Ssd13xx binding was not used: it keeps its own full frame buffer and redraws
    /// through its own font code, while the phone already renders TextScreen into a page buffer and wants to send
    /// only dirty pages (docs/firmware.md).
    /// </para>
    /// <para>
    /// Failures (no ACK: panel missing or bus stuck) never throw out of here: each write returns false and counts
    /// in Errors; the app keeps running without a display and shows the fault on the diagnostics screen.
    /// </para>
    /// </summary>
    public sealed class Ssd1306Panel : IDisplayPanel
    {
        /// <summary>Control byte: the rest of the transfer is command bytes (Co = 0, D/C# = 0).</summary>
        public const byte CommandStream = 0x00;

        /// <summary>Control byte: the rest of the transfer is display RAM data (Co = 0, D/C# = 1).</summary>
        public const byte DataStream = 0x40;

        /// <summary>One page is 128 bytes; plus the control byte.</summary>
        private const int MaxTransfer = 129;

        private readonly byte[] _tx = new byte[MaxTransfer];
        private I2cDevice _device;

        /// <summary>Transfers that were not fully acknowledged.</summary>
        public int Errors { get; private set; }

        public bool IsOpen
        {
            get { return _device != null; }
        }

        /// <summary>Routes the pins and opens the device. False (no exception) when the bus cannot be opened.</summary>
        /// <param name="bus">nanoFramework I2C bus id: 1 = I2C0 (pins via I2C1_DATA/CLOCK), 2 = I2C1.</param>
        /// <param name="busHz">display.i2c.hz; 400 kHz (FastMode) on phone-v1 (SSD1306 datasheet §13: I2C fast mode).</param>
        public bool Open(int bus, int sdaPin, int sclPin, int address, int busHz)
        {
            try
            {
                if (bus == 1)
                {
                    Configuration.SetPinFunction(sdaPin, DeviceFunction.I2C1_DATA);
                    Configuration.SetPinFunction(sclPin, DeviceFunction.I2C1_CLOCK);
                }
                else
                {
                    Configuration.SetPinFunction(sdaPin, DeviceFunction.I2C2_DATA);
                    Configuration.SetPinFunction(sclPin, DeviceFunction.I2C2_CLOCK);
                }

                // At 400 kHz a full 128-byte page is about 3 ms on the wire.
                _device = I2cDevice.Create(new I2cConnectionSettings(bus, address, Speed(busHz)));
                return true;
            }
            catch (Exception)
            {
                _device = null;
                Errors++;
                return false;
            }
        }

        /// <summary>The bus speed class a clock rate allows: 1 MHz Fast-mode Plus, 400 kHz Fast-mode, else Standard.</summary>
        private static I2cBusSpeed Speed(int hz)
        {
            return hz >= 1000000 ? I2cBusSpeed.FastModePlus : hz >= 400000 ? I2cBusSpeed.FastMode : I2cBusSpeed.StandardMode;
        }

        /// <summary>Writes command bytes (one transfer per MaxTransfer-1 bytes).</summary>
        public bool Commands(byte[] bytes, int offset, int count)
        {
            return Send(CommandStream, bytes, offset, count);
        }

        /// <summary>Writes display RAM bytes at the current address (typically one 128-byte page).</summary>
        public bool Data(byte[] bytes, int offset, int count)
        {
            return Send(DataStream, bytes, offset, count);
        }

        private bool Send(byte control, byte[] bytes, int offset, int count)
        {
            if (_device == null)
            {
                return false;
            }

            bool ok = true;
            while (count > 0)
            {
                int n = count < MaxTransfer - 1 ? count : MaxTransfer - 1;
                _tx[0] = control;
                Array.Copy(bytes, offset, _tx, 1, n);
                try
                {
                    I2cTransferResult r = _device.Write(new SpanByte(_tx, 0, n + 1));
                    if (r.Status != I2cTransferStatus.FullTransfer)
                    {
                        Errors++;
                        ok = false;
                    }
                }
                catch (Exception)
                {
                    Errors++;
                    ok = false;
                }

                offset += n;
                count -= n;
            }

            return ok;
        }
    }
}
