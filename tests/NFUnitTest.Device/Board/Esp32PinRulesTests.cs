using nanoFramework.TestFramework;
using Phone.Device.Board;

namespace Phone.Tests.Device.Board
{
    /// <summary>
    /// ESP32 wiring rules, each broken once on the otherwise valid reference profile. Expected
    /// facts, from Espressif's ESP32 Series Datasheet ("Strapping Pins", pin description) and the
    /// ESP32-WROVER-E datasheet: strapping pins 0, 2, 5, 12, 15; GPIO 34-39 input only without pull
    /// resistors; GPIO 6-11 SPI flash; GPIO 16/17 WROVER PSRAM; GPIO 20, 24, 28-31 absent and 37/38
    /// not module pins. The ICS-43434 runs in high-performance mode at 23-51.6 kHz with 64 SCK per
    /// frame (TDK DS-000069).
    /// </summary>
    [TestClass]
    public class Esp32PinRulesTests
    {
        static BoardProfileResult Parse(byte[] text)
        {
            return BoardProfileParser.Parse(text, 0, text.Length);
        }

        static string Describe(BoardProfileResult r)
        {
            string s = "";
            for (int i = 0; i < r.ErrorCount; i++)
            {
                s = s + r.GetError(i).ToString() + "; ";
            }

            return s;
        }

        static void ExpectOnly(byte[] text, BoardErrorCode code, int line)
        {
            BoardProfileResult r = Parse(text);
            Assert.AreEqual(1, r.ErrorCount, Describe(r));
            Assert.AreEqual((int)code, (int)r.GetError(0).Code, Describe(r));
            Assert.AreEqual(line, r.GetError(0).Line, Describe(r));
        }

        // Moves one single-pin key to a GPIO the reference board does not use; each row names a GPIO
        // that breaks exactly one rule.
        [TestMethod]
        [DataRow("i2s.mic.bck", "20", 20)]
        [DataRow("i2s.mic.bck", "24", 20)]
        [DataRow("i2s.mic.bck", "28", 20)]
        [DataRow("i2s.mic.data", "37", 20)]
        [DataRow("i2s.mic.data", "38", 20)]
        [DataRow("i2s.mic.bck", "6", 21)]
        [DataRow("i2s.mic.bck", "11", 21)]
        [DataRow("i2s.mic.bck", "16", 22)]
        [DataRow("i2s.spk.data", "17", 22)]
        [DataRow("i2s.mic.bck", "1", 23)]
        [DataRow("i2s.mic.data", "3", 23)]
        [DataRow("i2s.mic.bck", "0", 24)]
        [DataRow("display.i2c.sda", "12", 24)]
        [DataRow("display.i2c.scl", "2", 24)]
        [DataRow("i2s.mic.data", "12", 24)]
        [DataRow("i2s.mic.bck", "25", 26)]
        [DataRow("amp.enable", "13", 26)]
        public void SinglePinRule(string key, string gpio, int code)
        {
            // The repeat of an existing pin is reported on whichever line comes later.
            BoardProfileResult r = Parse(BoardProfileText.With(key, gpio));
            Assert.AreEqual(1, r.ErrorCount, Describe(r));
            Assert.AreEqual(code, (int)r.GetError(0).Code, Describe(r));
            if (code != (int)BoardErrorCode.PinUsedTwice)
            {
                Assert.AreEqual(BoardProfileText.LineOf(key), r.GetError(0).Line, Describe(r));
            }
        }

        /// <summary>Key lists with one GPIO swapped for another, item by item.</summary>
        static string SwapInList(string list, int from, int to)
        {
            string[] items = list.Split(new char[] { ',' });
            string result = "";
            for (int i = 0; i < items.Length; i++)
            {
                string item = items[i].Trim();
                if (item == from.ToString())
                {
                    item = to.ToString();
                }

                result = i == 0 ? item : result + ", " + item;
            }

            return result;
        }

        // Every input-only GPIO and GPIO5/15 carry keypad lines on the reference board: the key
        // takes the keypad's GPIO and the keypad takes the key's, so only the rule under test fires.
        // code 0: the swapped profile is valid.
        [TestMethod]
        [DataRow("i2s.mic.bck", 26, 34, 25)]
        [DataRow("i2s.spk.data", 23, 35, 25)]
        [DataRow("amp.enable", 4, 36, 25)]
        [DataRow("display.i2c.sda", 21, 39, 25)]
        [DataRow("i2s.mic.data", 33, 5, 24)]
        [DataRow("i2s.mic.data", 33, 15, 24)]
        [DataRow("i2s.mic.data", 33, 34, 0)]
        [DataRow("amp.enable", 4, 15, 0)]
        public void SwapWithKeypad(string key, int keyGpio, int keypadGpio, int code)
        {
            string[] lines = BoardProfileText.Replace(BoardProfileText.Valid, key, key + " = " + keypadGpio.ToString());
            lines = BoardProfileText.Replace(lines, "keypad.rows", "keypad.rows = " + SwapInList("13, 14, 27, 32, 15", keypadGpio, keyGpio));
            lines = BoardProfileText.Replace(lines, "keypad.columns", "keypad.columns = " + SwapInList("34, 35, 36, 39, 5", keypadGpio, keyGpio));
            BoardProfileResult r = Parse(BoardProfileText.Join(lines));
            if (code == 0)
            {
                Assert.IsTrue(r.IsValid, Describe(r));
                return;
            }

            Assert.AreEqual(1, r.ErrorCount, Describe(r));
            Assert.AreEqual(code, (int)r.GetError(0).Code, Describe(r));
            Assert.AreEqual(BoardProfileText.LineOf(key), r.GetError(0).Line, Describe(r));
        }

        [TestMethod]
        public void RepeatedPinIsReportedOnTheLaterLine()
        {
            // amp.enable (earlier) takes GPIO13, which keypad.rows (later) also uses.
            ExpectOnly(BoardProfileText.With("amp.enable", "13"), BoardErrorCode.PinUsedTwice, BoardProfileText.LineOf("keypad.rows"));
            // i2s.mic.bck (earlier) takes GPIO25, already i2s.mic.ws (later).
            ExpectOnly(BoardProfileText.With("i2s.mic.bck", "25"), BoardErrorCode.PinUsedTwice, BoardProfileText.LineOf("i2s.mic.ws"));
        }

        [TestMethod]
        public void StrappingPinsAreFineForOutputsIntoHighImpedance()
        {
            // GPIO12 and GPIO2 float at reset when they only drive an I2S input: allowed.
            BoardProfileResult r = Parse(BoardProfileText.With("i2s.spk.data", "12"));
            Assert.IsTrue(r.IsValid, "GPIO12 " + Describe(r));
            r = Parse(BoardProfileText.With("amp.enable", "2"));
            Assert.IsTrue(r.IsValid, "GPIO2 " + Describe(r));
            // GPIO5/15 are high at reset: fine for I2C with pull-ups (the reference uses them for keys).
            string[] lines = BoardProfileText.Replace(BoardProfileText.Valid, "keypad.rows", "keypad.rows = 13, 14, 27, 32, 4");
            lines = BoardProfileText.Replace(lines, "amp.enable", null);
            lines = BoardProfileText.Replace(lines, "display.i2c.sda", "display.i2c.sda = 15");
            r = Parse(BoardProfileText.Join(lines));
            Assert.IsTrue(r.IsValid, "GPIO15 " + Describe(r));
            Assert.AreEqual(BoardProfile.NotSet, r.Profile.AmpEnable);
        }

        [TestMethod]
        public void KeyRowsAndColumnsOnStrappingPins()
        {
            int rows = BoardProfileText.LineOf("keypad.rows");
            int columns = BoardProfileText.LineOf("keypad.columns");
            // A pressed key back-feeds the row through its diode: GPIO12 could be high at reset.
            ExpectOnly(BoardProfileText.With("keypad.rows", "13, 14, 27, 32, 12"), BoardErrorCode.StrappingPin, rows);
            // A column is pulled up: GPIO2 high blocks download mode.
            ExpectOnly(BoardProfileText.With("keypad.columns", "34, 35, 36, 39, 2"), BoardErrorCode.StrappingPin, columns);
            // GPIO0 is the BOOT button.
            ExpectOnly(BoardProfileText.With("keypad.columns", "34, 35, 36, 39, 0"), BoardErrorCode.StrappingPin, columns);
        }

        [TestMethod]
        public void InputOnlyPinsCannotBeRows()
        {
            // GPIO36 moves from the columns to the rows, GPIO15 the other way.
            string[] lines = BoardProfileText.Replace(BoardProfileText.Valid, "keypad.rows", "keypad.rows = 13, 14, 27, 32, 36");
            lines = BoardProfileText.Replace(lines, "keypad.columns", "keypad.columns = 34, 35, 15, 39, 5");
            ExpectOnly(BoardProfileText.Join(lines), BoardErrorCode.InputOnlyPin, BoardProfileText.LineOf("keypad.rows"));
        }

        [TestMethod]
        public void InputOnlyColumnsNeedExternalPullUps()
        {
            BoardProfileResult r = Parse(BoardProfileText.With("keypad.pullups", "internal"));
            // Four columns sit on GPIO34, 35, 36, 39: one error each, all on the keypad.columns line.
            Assert.AreEqual(4, r.ErrorCount, Describe(r));
            for (int i = 0; i < 4; i++)
            {
                Assert.AreEqual((int)BoardErrorCode.NeedsExternalPullUp, (int)r.GetError(i).Code, Describe(r));
                Assert.AreEqual(BoardProfileText.LineOf("keypad.columns"), r.GetError(i).Line);
            }

            // Columns on ordinary GPIOs may use the internal pull-ups.
            string[] lines = BoardProfileText.Replace(BoardProfileText.Valid, "keypad.pullups", "keypad.pullups = internal");
            lines = BoardProfileText.Replace(lines, "keypad.columns", "keypad.columns = 4, 2, 12, 0, 5");
            lines = BoardProfileText.Replace(lines, "amp.enable", null);
            r = Parse(BoardProfileText.Join(lines));
            // ...but not on 2, 12 and 0.
            Assert.AreEqual(3, r.ErrorCount, Describe(r));
            Assert.AreEqual((int)BoardErrorCode.StrappingPin, (int)r.GetError(0).Code);
        }

        [TestMethod]
        public void WroomModuleFreesThePsramPins()
        {
            string[] lines = BoardProfileText.Replace(BoardProfileText.Valid, "board.module", "board.module = ESP32-WROOM-32E");
            lines = BoardProfileText.Replace(lines, "amp.enable", "amp.enable = 16");
            BoardProfileResult r = Parse(BoardProfileText.Join(lines));
            Assert.IsTrue(r.IsValid, Describe(r));
            Assert.IsFalse(r.Profile.HasPsram);
        }

        [TestMethod]
        public void MicAndSpeakerNeedSeparateBuses()
        {
            ExpectOnly(BoardProfileText.With("i2s.spk.bus", "1"), BoardErrorCode.SameI2sBus, BoardProfileText.LineOf("i2s.spk.bus"));
        }

        [TestMethod]
        public void CaptureAndPlaybackRates()
        {
            ExpectOnly(BoardProfileText.With("i2s.mic.rate", "16000"), BoardErrorCode.UnsupportedRate, BoardProfileText.LineOf("i2s.mic.rate"));
            ExpectOnly(BoardProfileText.With("i2s.spk.rate", "16000"), BoardErrorCode.UnsupportedRate, BoardProfileText.LineOf("i2s.spk.rate"));
        }

        [TestMethod]
        public void MicBitClockMustSuitTheMicrophone()
        {
            // INMP441: f_SCK 0.5..3.2 MHz (DS-INMP441-00 Table 3): 2.048 MHz is fine.
            string[] lines = BoardProfileText.Replace(BoardProfileText.Valid, "mic.sck_min_hz", "mic.sck_min_hz = 500000");
            lines = BoardProfileText.Replace(lines, "mic.sck_max_hz", "mic.sck_max_hz = 3200000");
            Assert.IsTrue(Parse(BoardProfileText.Join(lines)).IsValid);

            // A part that needs at least 2.4 MHz cannot run at 32 kHz x 64.
            ExpectOnly(BoardProfileText.With("mic.sck_min_hz", "2400000"), BoardErrorCode.MicClockOutOfRange, BoardProfileText.LineOf("i2s.mic.rate"));
            ExpectOnly(BoardProfileText.With("mic.sck_max_hz", "2000000"), BoardErrorCode.MicClockOutOfRange, BoardProfileText.LineOf("i2s.mic.rate"));
        }

        [TestMethod]
        [DataRow(0, true)]
        [DataRow(2, true)]
        [DataRow(5, true)]
        [DataRow(12, true)]
        [DataRow(15, true)]
        [DataRow(4, false)]
        [DataRow(13, false)]
        [DataRow(14, false)]
        public void StrappingPinList(int gpio, bool strapping)
        {
            Assert.AreEqual(strapping, Esp32PinRules.IsStrapping(gpio));
        }

        [TestMethod]
        public void InputOnlyAndExistingPins()
        {
            for (int g = 0; g <= 39; g++)
            {
                Assert.AreEqual(g >= 34, Esp32PinRules.IsInputOnly(g), "GPIO" + g.ToString());
            }

            int count = 0;
            for (int g = -1; g <= 40; g++)
            {
                if (Esp32PinRules.Exists(BoardModule.Esp32WroverE, g))
                {
                    count++;
                }
            }

            // 40 chip GPIO numbers less 20, 24, 28, 29, 30, 31 (34 pads) less 37, 38 (not module pins).
            Assert.AreEqual(32, count);
        }
    }
}
