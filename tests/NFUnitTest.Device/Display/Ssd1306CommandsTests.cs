using nanoFramework.TestFramework;
using Phone.Device.Display;

namespace Phone.Tests.Device.Display
{
    /// <summary>Command bytes against the SSD1306 datasheet (Rev 1.1) command table and I2C framing.</summary>
    [TestClass]
    public class Ssd1306CommandsTests
    {
        [TestMethod]
        public void CommandValuesAreTheDatasheets()
        {
            // §8.1.5.2: control byte = Co | D/C# << 6.
            Assert.AreEqual((byte)0x00, Ssd1306Commands.ControlCommands);
            Assert.AreEqual((byte)0x40, Ssd1306Commands.ControlData);
            // §8.1.5.1: slave address 0b011110 SA0.
            Assert.AreEqual((byte)0x3C, Ssd1306Commands.DefaultAddress);
            // §9 Table 9-1.
            Assert.AreEqual((byte)0x81, Ssd1306Commands.SetContrast);
            Assert.AreEqual((byte)0xA4, Ssd1306Commands.ResumeToRam);
            Assert.AreEqual((byte)0xA5, Ssd1306Commands.EntireDisplayOn);
            Assert.AreEqual((byte)0xA6, Ssd1306Commands.NormalDisplay);
            Assert.AreEqual((byte)0xA7, Ssd1306Commands.InverseDisplay);
            Assert.AreEqual((byte)0xAE, Ssd1306Commands.DisplayOff);
            Assert.AreEqual((byte)0xAF, Ssd1306Commands.DisplayOn);
            Assert.AreEqual((byte)0x2E, Ssd1306Commands.DeactivateScroll);
            Assert.AreEqual((byte)0x20, Ssd1306Commands.SetMemoryAddressingMode);
            Assert.AreEqual((byte)0x21, Ssd1306Commands.SetColumnAddress);
            Assert.AreEqual((byte)0x22, Ssd1306Commands.SetPageAddress);
            Assert.AreEqual((byte)0x40, Ssd1306Commands.SetDisplayStartLine);
            Assert.AreEqual((byte)0xA0, Ssd1306Commands.SegmentRemapNormal);
            Assert.AreEqual((byte)0xA1, Ssd1306Commands.SegmentRemapMirrored);
            Assert.AreEqual((byte)0xA8, Ssd1306Commands.SetMultiplexRatio);
            Assert.AreEqual((byte)0xC0, Ssd1306Commands.ComScanIncrement);
            Assert.AreEqual((byte)0xC8, Ssd1306Commands.ComScanDecrement);
            Assert.AreEqual((byte)0xD3, Ssd1306Commands.SetDisplayOffset);
            Assert.AreEqual((byte)0xDA, Ssd1306Commands.SetComPins);
            Assert.AreEqual((byte)0xD5, Ssd1306Commands.SetClockDivide);
            Assert.AreEqual((byte)0xD9, Ssd1306Commands.SetPrechargePeriod);
            Assert.AreEqual((byte)0xDB, Ssd1306Commands.SetVcomhDeselect);
            Assert.AreEqual((byte)0xE3, Ssd1306Commands.Nop);
            // Charge pump application note: 8Dh, 14h enables the pump.
            Assert.AreEqual((byte)0x8D, Ssd1306Commands.ChargePump);
            Assert.AreEqual((byte)0x14, Ssd1306Commands.ChargePumpEnable);
        }

        [TestMethod]
        public void InitSequenceFor128x64()
        {
            byte[] expected = new byte[]
            {
                0x00,               // control: commands follow
                0xAE,               // display off
                0xD5, 0x80,         // clock: divide 1, oscillator 8 (reset value)
                0xA8, 0x3F,         // multiplex 64
                0xD3, 0x00,         // no display offset
                0x40,               // start line 0
                0x8D, 0x14,         // charge pump on
                0x20, 0x00,         // horizontal addressing
                0xA1,               // column 127 -> SEG0
                0xC8,               // scan COM63 -> COM0
                0xDA, 0x12,         // alternative COM pins, no left/right remap
                0x81, 0xCF,         // contrast
                0xD9, 0xF1,         // pre-charge 1 / 15 DCLK
                0xDB, 0x20,         // VCOMH 0.77 Vcc
                0xA4,               // show RAM
                0xA6,               // normal video
                0x2E,               // no scrolling
                0xAF                // display on
            };
            AssertBytes(expected, Ssd1306Commands.BuildInit());
        }

        [TestMethod]
        public void InitSequenceFor128x32UpsideDown()
        {
            byte[] init = Ssd1306Commands.BuildInit(32, true, 0x8F);
            Assert.AreEqual((byte)0x1F, init[5], "multiplex 32");
            Assert.AreEqual((byte)0xA0, init[13], "segment not remapped");
            Assert.AreEqual((byte)0xC0, init[14], "COM0 first");
            Assert.AreEqual((byte)0x02, init[16], "sequential COM pins");
            Assert.AreEqual((byte)0x8F, init[18], "contrast");
        }

        [TestMethod]
        public void WindowPointsWritesAtOnePageSpan()
        {
            byte[] b = new byte[9];
            Assert.AreEqual(7, Ssd1306Commands.WriteWindow(b, 1, 3, 24, 29));
            AssertBytes(new byte[] { 0, 0x00, 0x21, 24, 29, 0x22, 3, 3, 0 }, b);
        }

        [TestMethod]
        public void BadWindowsWriteNothing()
        {
            byte[] b = new byte[7];
            Assert.AreEqual(0, Ssd1306Commands.WriteWindow(b, 1, 0, 0, 1), "does not fit");
            Assert.AreEqual(0, Ssd1306Commands.WriteWindow(b, 0, 8, 0, 1), "page 8");
            Assert.AreEqual(0, Ssd1306Commands.WriteWindow(b, 0, 0, 5, 4), "first > last");
            Assert.AreEqual(0, Ssd1306Commands.WriteWindow(b, 0, 0, 0, 128), "column 128");
            Assert.AreEqual(0, Ssd1306Commands.WriteWindow(null, 0, 0, 0, 1));
            for (int i = 0; i < b.Length; i++) Assert.AreEqual((byte)0, b[i]);
        }

        [TestMethod]
        public void SingleCommandIsFramed()
        {
            AssertBytes(new byte[] { 0x00, 0xAE }, Ssd1306Commands.Single(Ssd1306Commands.DisplayOff));
        }

        static void AssertBytes(byte[] expected, byte[] actual)
        {
            Assert.AreEqual(expected.Length, actual.Length, "length");
            for (int i = 0; i < expected.Length; i++) Assert.AreEqual(expected[i], actual[i], "byte " + i.ToString());
        }
    }
}
