using nanoFramework.TestFramework;
using Phone.Call;
using Phone.Device.Board;

namespace Phone.Tests.Device.Board
{
    /// <summary>
    /// The board profile text format: a valid profile gives the typed model, and each malformed line
    /// gives its own error code on its own line, without throwing.
    /// </summary>
    [TestClass]
    public class BoardProfileParserTests
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

        static void ExpectOnly(BoardProfileResult r, BoardErrorCode code, int line)
        {
            Assert.AreEqual(1, r.ErrorCount, Describe(r));
            Assert.AreEqual((int)code, (int)r.GetError(0).Code, Describe(r));
            Assert.AreEqual(line, r.GetError(0).Line, Describe(r));
        }

        [TestMethod]
        public void ValidProfileGivesTheModel()
        {
            BoardProfileResult r = Parse(BoardProfileText.Join(BoardProfileText.Valid));
            Assert.IsTrue(r.IsValid, Describe(r));
            BoardProfile p = r.Profile;
            Assert.AreEqual("phone-v1", p.Name);
            Assert.AreEqual((int)BoardModule.Esp32WroverE, (int)p.Module);
            Assert.IsTrue(p.HasPsram);
            Assert.AreEqual("ESP32_PSRAM_REV3", p.FirmwareTarget);
            Assert.AreEqual(1, p.MicBus);
            Assert.AreEqual(26, p.MicBck);
            Assert.AreEqual(25, p.MicWs);
            Assert.AreEqual(33, p.MicData);
            Assert.AreEqual(32000, p.MicSampleRate);
            Assert.AreEqual(2048000, p.MicSckHz, "32 kHz x 64 bit clocks per stereo frame");
            Assert.IsFalse(p.MicRightChannel);
            Assert.AreEqual(2, p.SpeakerBus);
            Assert.AreEqual(23, p.SpeakerData);
            Assert.AreEqual(16, p.SpeakerSlotBits);
            Assert.AreEqual(4, p.AmpEnable);
            Assert.AreEqual("SSD1306", p.DisplayPart);
            Assert.AreEqual(0x3C, p.DisplayAddress);
            Assert.AreEqual(400000, p.DisplayI2cHz);
            Assert.AreEqual(128, p.DisplayWidth);
            Assert.AreEqual(64, p.DisplayHeight);
            Assert.AreEqual(5, p.KeypadRows.Length);
            Assert.AreEqual(15, p.KeypadRows[4]);
            Assert.AreEqual(39, p.KeypadColumns[3]);
            Assert.IsTrue(p.KeypadExternalPullUps);
            Assert.IsTrue(p.KeypadDiodes);

            PhoneKey key;
            Assert.IsTrue(p.TryGetKey(0, 3, out key));
            Assert.AreEqual((int)PhoneKey.Call, (int)key);
            Assert.IsTrue(p.TryGetKey(2, 4, out key));
            Assert.AreEqual((int)PhoneKey.VolumeDown, (int)key);
            Assert.IsTrue(p.TryGetKey(3, 1, out key));
            Assert.AreEqual((int)PhoneKey.D0, (int)key);
            Assert.IsTrue(p.TryGetKey(4, 1, out key));
            Assert.AreEqual((int)PhoneKey.Left, (int)key, "left is the back key");
            Assert.AreEqual("1 2 3 call end / 4 5 6 hold mute / 7 8 9 vol+ vol- / * 0 # up down / ok left xfer conf -", p.KeypadMap);
            Assert.IsTrue(p.TryGetKey(4, 2, out key));
            Assert.AreEqual((int)PhoneKey.Transfer, (int)key);
            Assert.IsTrue(p.TryGetKey(4, 3, out key));
            Assert.AreEqual((int)PhoneKey.Conference, (int)key);
            Assert.IsFalse(p.TryGetKey(4, 4, out key), "'-' is an empty position");
            Assert.IsFalse(p.TryGetKey(9, 0, out key));

            // 9 single pins + 5 rows + 5 columns.
            Assert.AreEqual(19, p.PinCount);
        }

        [TestMethod]
        public void CommentsBlanksCrlfTabsAndCaseAreAccepted()
        {
            string[] lines = BoardProfileText.Replace(BoardProfileText.Valid, "i2s.mic.bck", "   # indented comment\n\tI2S.Mic.BCK\t=  26  ");
            lines = BoardProfileText.Replace(lines, "board.module", "board.module = esp32-wrover-e\r");
            lines = BoardProfileText.Replace(lines, "display.address", "display.address = 60");
            BoardProfileResult r = Parse(BoardProfileText.Join(lines));
            Assert.IsTrue(r.IsValid, Describe(r));
            Assert.AreEqual(26, r.Profile.MicBck);
            Assert.AreEqual(60, r.Profile.DisplayAddress, "decimal 60 = 0x3C");
        }

        [TestMethod]
        public void HashAfterAValueIsNotAComment()
        {
            // Comments are whole lines only, so '#' can be a key in keypad.map.
            BoardProfileResult r = Parse(BoardProfileText.With("i2s.mic.bck", "26 # to SCK"));
            ExpectOnly(r, BoardErrorCode.BadValue, BoardProfileText.LineOf("i2s.mic.bck"));
        }

        [TestMethod]
        public void I2cSpeedDefaultsTo400k()
        {
            BoardProfileResult r = Parse(BoardProfileText.Join(BoardProfileText.Replace(BoardProfileText.Valid, "display.i2c.hz", null)));
            Assert.IsTrue(r.IsValid, Describe(r));
            Assert.AreEqual(400000, r.Profile.DisplayI2cHz);
        }

        [TestMethod]
        [DataRow("i2s.mic.bck", "twenty-six", 8)]
        [DataRow("i2s.mic.bck", "-1", 8)]
        [DataRow("i2s.mic.bck", "40", 9)]
        [DataRow("i2s.mic.bck", "99999999999999", 9)]
        [DataRow("i2s.mic.bus", "3", 9)]
        [DataRow("i2s.mic.slot_bits", "24", 9)]
        [DataRow("i2s.spk.slot_bits", "24", 9)]
        [DataRow("i2s.mic.channel", "both", 8)]
        [DataRow("display.address", "0x78", 9)]
        [DataRow("display.address", "0x", 8)]
        [DataRow("display.i2c.hz", "1000000", 9)]
        [DataRow("display.part", "ST7789", 8)]
        [DataRow("board.module", "ESP32-S3-WROOM-1", 8)]
        [DataRow("board.name", "phone v1", 8)]
        [DataRow("keypad.pullups", "none", 8)]
        [DataRow("keypad.diodes", "yes", 8)]
        [DataRow("keypad.rows", "13,,14", 8)]
        [DataRow("keypad.rows", "13, 14, 27, 32, 15, 4, 2, 12, 0", 9)]
        [DataRow("keypad.map", "1 2 3 call redial / 4 5 6 hold mute / 7 8 9 vol+ vol- / * 0 # up down / ok left - - -", 8)]
        public void BadValuesAreReportedOnTheirLine(string key, string value, int code)
        {
            // code: 8 = BadValue (wrong form), 9 = OutOfRange (well-formed number outside the key's range).
            BoardErrorCode expected = (BoardErrorCode)code;
            BoardProfileResult r = Parse(BoardProfileText.With(key, value));
            Assert.IsTrue(r.HasError(expected, BoardProfileText.LineOf(key)), Describe(r));
            Assert.AreEqual((int)expected, (int)r.GetError(0).Code, Describe(r));
        }

        [TestMethod]
        public void EmptyValueIsBadValue()
        {
            BoardProfileResult r = Parse(BoardProfileText.With("mic.part", ""));
            Assert.IsTrue(r.HasError(BoardErrorCode.BadValue, BoardProfileText.LineOf("mic.part")), Describe(r));
        }

        [TestMethod]
        public void SyntaxUnknownAndDuplicateKeys()
        {
            string[] lines = new string[BoardProfileText.Valid.Length + 3];
            for (int i = 0; i < BoardProfileText.Valid.Length; i++)
            {
                lines[i] = BoardProfileText.Valid[i];
            }

            int n = BoardProfileText.Valid.Length;
            lines[n] = "keypad.rows 13";
            lines[n + 1] = "keypad.backlight = 2";
            lines[n + 2] = "i2s.mic.bck = 26";
            BoardProfileResult r = Parse(BoardProfileText.Join(lines));
            Assert.AreEqual(3, r.ErrorCount, Describe(r));
            Assert.IsTrue(r.HasError(BoardErrorCode.SyntaxError, n + 1), Describe(r));
            Assert.IsTrue(r.HasError(BoardErrorCode.UnknownKey, n + 2), Describe(r));
            Assert.IsTrue(r.HasError(BoardErrorCode.DuplicateKey, n + 3), Describe(r));
            Assert.AreEqual("i2s.mic.bck", r.GetError(2).Key);
        }

        [TestMethod]
        public void MissingRequiredKeyIsLineZero()
        {
            BoardProfileResult r = Parse(BoardProfileText.Join(BoardProfileText.Replace(BoardProfileText.Valid, "i2s.spk.data", null)));
            ExpectOnly(r, BoardErrorCode.MissingKey, 0);
            Assert.AreEqual("i2s.spk.data", r.GetError(0).Key);
        }

        [TestMethod]
        public void BadBytesAndLongLinesAreSkipped()
        {
            byte[] text = BoardProfileText.With("mic.part", "ICS-43434");
            int line = BoardProfileText.LineOf("mic.part");
            // Find the start of the line and put a NUL and a non-ASCII byte into it.
            int start = 0;
            for (int l = 1; l < line; l++)
            {
                while (text[start] != (byte)'\n') start++;
                start++;
            }

            text[start + 2] = 0;
            BoardProfileResult r = Parse(text);
            Assert.IsTrue(r.HasError(BoardErrorCode.BadCharacter, line), Describe(r));
            text[start + 2] = 0xC3;
            r = Parse(text);
            Assert.IsTrue(r.HasError(BoardErrorCode.BadCharacter, line), Describe(r));

            string longLine = "board.name = " + new string('a', 200);
            r = Parse(BoardProfileText.Join(BoardProfileText.Replace(BoardProfileText.Valid, "board.name", longLine)));
            Assert.IsTrue(r.HasError(BoardErrorCode.LineTooLong, BoardProfileText.LineOf("board.name")), Describe(r));
        }

        [TestMethod]
        public void BoundsAndSizeAreChecked()
        {
            ExpectOnly(BoardProfileParser.Parse(null, 0, 0), BoardErrorCode.InvalidInput, 0);
            ExpectOnly(BoardProfileParser.Parse(new byte[4], 3, 2), BoardErrorCode.InvalidInput, 0);
            ExpectOnly(BoardProfileParser.Parse(new byte[4], -1, 1), BoardErrorCode.InvalidInput, 0);
            byte[] big = new byte[BoardProfileParser.MaxFileBytes + 1];
            ExpectOnly(BoardProfileParser.Parse(big, 0, big.Length), BoardErrorCode.FileTooLarge, 0);
        }

        [TestMethod]
        public void ErrorsStopAtTheLimit()
        {
            string[] lines = new string[100];
            for (int i = 0; i < lines.Length; i++)
            {
                lines[i] = "nonsense." + i.ToString() + " = 1";
            }

            BoardProfileResult r = Parse(BoardProfileText.Join(lines));
            Assert.AreEqual(BoardProfileParser.MaxErrors + 1, r.ErrorCount);
            Assert.AreEqual((int)BoardErrorCode.TooManyErrors, (int)r.GetError(BoardProfileParser.MaxErrors).Code);
        }

        [TestMethod]
        [DataRow("1 2 3 call end / 4 5 6 hold mute / 7 8 9 vol+ vol- / * 0 # up down / ok left - -", 31)]
        [DataRow("1 2 3 call end / 4 5 6 hold mute / 7 8 9 vol+ vol- / * 0 # up down", 31)]
        [DataRow("1 2 3 call end / 4 5 6 hold mute / 7 8 9 vol+ vol- / * 0 # up down / ok left - - - / - - - - right", 31)]
        [DataRow("1 2 3 call end - / 4 5 6 hold mute - / 7 8 9 vol+ vol- - / * 0 # up down - / ok left - - - -", 31)]
        [DataRow("1 2 3 call end / 4 5 6 hold mute / 7 8 9 vol+ vol- / * 0 # up down / ok left call - -", 32)]
        [DataRow("1 2 3 call hangup / 4 5 6 hold mute / 7 8 9 vol+ vol- / * 0 # up down / ok left end - -", 32)]
        [DataRow("1 2 3 call end / 4 5 6 hold dnd / 7 8 9 vol+ vol- / * 0 # up down / ok left - - -", 33)]
        [DataRow("1 2 3 call end / 4 5 6 hold mute / 7 8 9 vol+ vol- / * 0 # up down / ok left back - -", 8)]
        public void KeyMapProblems(string map, int code)
        {
            // 31 KeyMapShape: a short row, a missing row, an extra row, a column more than keypad.columns;
            // 32 KeyMapDuplicate: call twice, end and its alias hangup; 33 KeyMapMissing: no mute;
            // 8 BadValue: "back" is not a key name (the back key is "left").
            BoardProfileResult r = Parse(BoardProfileText.With("keypad.map", map));
            ExpectOnly(r, (BoardErrorCode)code, BoardProfileText.LineOf("keypad.map"));
        }

        [TestMethod]
        public void KeyMapNamesAliasesAndSpacing()
        {
            BoardProfileResult r = Parse(BoardProfileText.With("keypad.map", "1  2 3 CALL hangup/4 5 6 hold mute /7 8 9 vol+ vol-/ * 0 # up down / menu < > - dnd"));
            Assert.IsTrue(r.IsValid, Describe(r));
            PhoneKey key;
            Assert.IsTrue(r.Profile.TryGetKey(0, 4, out key));
            Assert.AreEqual((int)PhoneKey.HangUp, (int)key);
            Assert.IsTrue(r.Profile.TryGetKey(4, 0, out key));
            Assert.AreEqual((int)PhoneKey.Ok, (int)key);
            Assert.IsTrue(r.Profile.TryGetKey(4, 2, out key));
            Assert.AreEqual((int)PhoneKey.Right, (int)key);
            Assert.IsTrue(r.Profile.TryGetKey(4, 4, out key));
            Assert.AreEqual((int)PhoneKey.Dnd, (int)key);
            Assert.IsFalse(r.Profile.TryGetKey(4, 3, out key));
        }

        [TestMethod]
        public void ErrorTextNamesLineKeyAndCode()
        {
            BoardProfileResult r = Parse(BoardProfileText.With("i2s.mic.bus", "7"));
            string text = r.GetError(0).ToString();
            Assert.IsTrue(text.StartsWith("line " + BoardProfileText.LineOf("i2s.mic.bus").ToString() + " i2s.mic.bus: OutOfRange: "), text);
        }
    }
}
