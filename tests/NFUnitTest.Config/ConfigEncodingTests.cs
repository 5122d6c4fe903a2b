using System.Text;
using nanoFramework.TestFramework;
using Phone.Config;

namespace Phone.Tests.Config
{
    /// <summary>Byte-level damage as it comes from flash: invalid UTF-8, control bytes, truncation, size limits.</summary>
    [TestClass]
    public class ConfigEncodingTests
    {
        /// <summary>Minimal + "display_name = " + bytes + "\n": the damaged line is line 9 of [sip].</summary>
        private static ConfigResult WithValueBytes(byte[] bytes)
        {
            return ConfigTestText.ParseBytes(ConfigTestText.Splice(ConfigTestText.Minimal + "display_name = ", bytes, "\n"));
        }

        [TestMethod]
        [DataRow(0x00)]
        [DataRow(0x01)]
        [DataRow(0x1B)]
        [DataRow(0x7F)]
        [DataRow(0x0D)]
        public void ControlByteInsideALineIsReported(int b)
        {
            ConfigResult r = WithValueBytes(new byte[] { 0x41, (byte)b, 0x42 });
            ConfigTestText.OnlyError(r, ConfigErrorCode.ControlCharacter, 9, "sip", null);
            Assert.IsNull(r.Config.Sip.DisplayName);
        }

        [TestMethod]
        public void C1ControlCharacterIsReported()
        {
            ConfigResult r = WithValueBytes(new byte[] { 0xC2, 0x85 });
            ConfigTestText.OnlyError(r, ConfigErrorCode.ControlCharacter, 9, "sip", null);
        }

        [TestMethod]
        [DataRow(0xC0, 0xAF, 0x41, 0x41)]   // overlong '/' in two bytes
        [DataRow(0xC1, 0xBF, 0x41, 0x41)]   // overlong, lead byte never valid
        [DataRow(0xE0, 0x80, 0xAF, 0x41)]   // overlong '/' in three bytes
        [DataRow(0xF0, 0x80, 0x80, 0xAF)]   // overlong '/' in four bytes
        [DataRow(0xED, 0xA0, 0x80, 0x41)]   // UTF-16 high surrogate U+D800
        [DataRow(0xED, 0xBF, 0xBF, 0x41)]   // UTF-16 low surrogate U+DFFF
        [DataRow(0xF4, 0x90, 0x80, 0x80)]   // above U+10FFFF
        [DataRow(0x80, 0x41, 0x41, 0x41)]   // stray continuation byte
        [DataRow(0x41, 0xBF, 0x41, 0x41)]   // stray continuation after ASCII
        [DataRow(0xE2, 0x82, 0x41, 0x41)]   // three-byte sequence cut short by ASCII
        [DataRow(0xC3, 0x41, 0x41, 0x41)]   // two-byte sequence cut short by ASCII
        [DataRow(0xF5, 0x80, 0x80, 0x80)]   // byte that never occurs in UTF-8
        [DataRow(0xFF, 0xFE, 0x41, 0x41)]   // UTF-16 byte order mark
        public void InvalidUtf8IsReportedWithItsLine(int b0, int b1, int b2, int b3)
        {
            ConfigResult r = WithValueBytes(new byte[] { (byte)b0, (byte)b1, (byte)b2, (byte)b3 });
            ConfigTestText.OnlyError(r, ConfigErrorCode.InvalidUtf8, 9, "sip", null);
        }

        [TestMethod]
        public void ValidMultiByteCharactersAreKept()
        {
            // "Café €😀" written as explicit bytes, so the expectation does not depend on the encoder under test.
            ConfigResult r = WithValueBytes(new byte[] { 0x43, 0x61, 0x66, 0xC3, 0xA9, 0x20, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80 });
            ConfigTestText.NoErrors(r);
            Assert.AreEqual("Caf\u00E9 \u20AC\uD83D\uDE00", r.Config.Sip.DisplayName);
        }

        [TestMethod]
        public void FileCutInsideAMultiByteCharacterReportsTheLastLine()
        {
            byte[] data = ConfigTestText.Splice(ConfigTestText.Minimal + "display_name = Caf", new byte[] { 0xC3 }, "");
            ConfigResult r = ConfigTestText.ParseBytes(data);
            ConfigTestText.OnlyError(r, ConfigErrorCode.InvalidUtf8, 9, "sip", null);
        }

        [TestMethod]
        public void FileCutInsideASectionHeaderIsASyntaxError()
        {
            string text = ConfigTestText.Minimal + "[aud";
            ConfigResult r = ConfigTestText.Parse(text);
            ConfigTestText.OnlyError(r, ConfigErrorCode.SyntaxError, 9, null, null);
        }

        [TestMethod]
        public void FileCutInsideAKeyIsASyntaxError()
        {
            ConfigResult r = ConfigTestText.Parse(ConfigTestText.Minimal + "regis");
            ConfigTestText.OnlyError(r, ConfigErrorCode.SyntaxError, 9, "sip", null);
        }

        [TestMethod]
        public void FileCutBeforeTheRequiredKeysReportsThemMissing()
        {
            // Minimal cut in the middle of line 6 ("domain = exa"): user and password never arrive.
            ConfigResult r = ConfigTestText.Parse("[wifi]\nssid = Net\n[tls]\nca = I:\\ca.pem\n[sip]\ndomain = exa");
            Assert.AreEqual(2, r.Errors.Length, ConfigTestText.Describe(r));
            ConfigTestText.HasError(r, ConfigErrorCode.MissingRequired, 0);
            Assert.AreEqual("user", r.Errors[0].Key);
            Assert.AreEqual("password", r.Errors[1].Key);
            Assert.AreEqual("exa", r.Config.Sip.Domain);
        }

        [TestMethod]
        public void BinaryGarbageIsReportedLineByLineWithoutThrowing()
        {
            byte[] garbage = new byte[] { 0x00, 0xFF, 0x13, 0x88, 0x0A, 0xC3, 0x28, 0x0A, 0x9F, 0x9F, 0x0A, 0x5B, 0x01, 0x5D };
            ConfigResult r = ConfigTestText.ParseBytes(garbage);
            ConfigTestText.HasError(r, ConfigErrorCode.ControlCharacter, 1);
            ConfigTestText.HasError(r, ConfigErrorCode.InvalidUtf8, 2);
            ConfigTestText.HasError(r, ConfigErrorCode.InvalidUtf8, 3);
            ConfigTestText.HasError(r, ConfigErrorCode.ControlCharacter, 4);
        }

        [TestMethod]
        public void NulBytesOnlyFileIsAControlCharacterError()
        {
            ConfigResult r = ConfigTestText.ParseBytes(new byte[64]);
            ConfigTestText.HasError(r, ConfigErrorCode.ControlCharacter, 1);
        }

        [TestMethod]
        public void EmptyFileReportsEveryRequiredKey()
        {
            ConfigResult r = ConfigTestText.ParseBytes(new byte[0]);
            AssertOnlyRequiredKeysMissing(r);
        }

        [TestMethod]
        public void BomOnlyFileIsAnEmptyFile()
        {
            ConfigResult r = ConfigTestText.ParseBytes(new byte[] { 0xEF, 0xBB, 0xBF });
            AssertOnlyRequiredKeysMissing(r);
        }

        [TestMethod]
        public void BomBeforeTheFirstSectionIsSkipped()
        {
            ConfigResult r = ConfigTestText.ParseBytes(ConfigTestText.Splice("", new byte[] { 0xEF, 0xBB, 0xBF }, ConfigTestText.Minimal));
            ConfigTestText.NoErrors(r);
            Assert.AreEqual("Net", r.Config.Wifi.Ssid);
        }

        [TestMethod]
        public void TruncatedBomIsInvalidUtf8()
        {
            ConfigResult r = ConfigTestText.ParseBytes(ConfigTestText.Splice("", new byte[] { 0xEF, 0xBB }, "\n" + ConfigTestText.Minimal));
            ConfigTestText.OnlyError(r, ConfigErrorCode.InvalidUtf8, 1, null, null);
        }

        [TestMethod]
        public void CrlfLineEndsAreAcceptedAndStripped()
        {
            string crlf = "[wifi]\r\nssid = Net\r\n[tls]\r\nca = I:\\ca.pem\r\n[sip]\r\ndomain = example.com\r\nuser = 100\r\npassword = pw\r\n";
            ConfigResult r = ConfigTestText.Parse(crlf);
            ConfigTestText.NoErrors(r);
            Assert.AreEqual("pw", r.Config.Sip.Password);
            Assert.AreEqual("Net", r.Config.Wifi.Ssid);
        }

        [TestMethod]
        public void MixedLineEndsAndFinalLineWithoutBreakAreAccepted()
        {
            ConfigResult r = ConfigTestText.Parse("[wifi]\r\nssid = Net\n[tls]\r\nca = I:\\ca.pem\n[sip]\ndomain = example.com\r\nuser = 100\npassword = pw");
            ConfigTestText.NoErrors(r);
            Assert.AreEqual("pw", r.Config.Sip.Password);
        }

        [TestMethod]
        public void FileCutBetweenCrAndLfLosesNothing()
        {
            ConfigResult r = ConfigTestText.Parse(ConfigTestText.Minimal + "display_name = Desk\r");
            ConfigTestText.NoErrors(r);
            Assert.AreEqual("Desk", r.Config.Sip.DisplayName);
        }

        [TestMethod]
        public void OldMacLineEndsAreControlCharacters()
        {
            ConfigResult r = ConfigTestText.Parse("[wifi]\rssid = Net\n");
            ConfigTestText.HasError(r, ConfigErrorCode.ControlCharacter, 1);
        }

        [TestMethod]
        public void LineAtTheLimitIsAcceptedAndOneByteMoreIsLineTooLong()
        {
            string atLimit = "#" + new string('x', ConfigParser.MaxLineBytes - 1);
            Assert.AreEqual(512, atLimit.Length);
            ConfigTestText.NoErrors(ConfigTestText.Parse(ConfigTestText.Minimal + atLimit + "\r\n"));

            ConfigResult r = ConfigTestText.Parse(ConfigTestText.Minimal + atLimit + "x\n[audio]\nptime = 30\n");
            ConfigTestText.OnlyError(r, ConfigErrorCode.LineTooLong, 9, "sip", null);
            Assert.AreEqual(30, r.Config.Audio.Ptime);
        }

        [TestMethod]
        public void FileAtTheSizeLimitIsParsedAndOneByteMoreIsRejectedUnread()
        {
            Assert.AreEqual(32768, ConfigParser.MaxFileBytes);
            byte[] data = new byte[32768];
            byte[] head = Encoding.UTF8.GetBytes(ConfigTestText.Minimal);
            System.Array.Copy(head, data, head.Length);
            // Fill the rest with comment lines of 64 bytes; the final byte is a line feed.
            for (int i = head.Length; i < data.Length; i++) data[i] = (byte)'#';
            for (int i = head.Length + 63; i < data.Length; i += 64) data[i] = 0x0A;
            data[data.Length - 1] = 0x0A;
            ConfigTestText.NoErrors(ConfigTestText.ParseBytes(data));

            byte[] over = new byte[32769];
            System.Array.Copy(data, over, data.Length);
            over[32768] = 0x00;
            ConfigResult r = ConfigTestText.ParseBytes(over);
            ConfigTestText.OnlyError(r, ConfigErrorCode.FileTooLarge, 0, null, null);
        }

        [TestMethod]
        public void OffsetAndCountSelectTheFileInsideABiggerBuffer()
        {
            byte[] text = Encoding.UTF8.GetBytes(ConfigTestText.Minimal);
            byte[] buffer = new byte[text.Length + 20];
            for (int i = 0; i < buffer.Length; i++) buffer[i] = 0xFF;
            System.Array.Copy(text, 0, buffer, 10, text.Length);
            ConfigResult r = ConfigParser.Parse(buffer, 10, text.Length);
            ConfigTestText.NoErrors(r);
            Assert.AreEqual("pw", r.Config.Sip.Password);
        }

        [TestMethod]
        [DataRow(-1, 4)]
        [DataRow(0, -1)]
        [DataRow(0, 9)]
        [DataRow(8, 1)]
        [DataRow(2147483647, 2)]
        public void BadBufferBoundsAreReportedNotThrown(int offset, int count)
        {
            ConfigResult r = ConfigParser.Parse(new byte[8], offset, count);
            ConfigTestText.OnlyError(r, ConfigErrorCode.InvalidInput, 0, null, null);
        }

        [TestMethod]
        public void NullBufferIsReportedNotThrown()
        {
            ConfigResult r = ConfigParser.Parse(null, 0, 0);
            ConfigTestText.OnlyError(r, ConfigErrorCode.InvalidInput, 0, null, null);
        }

        private static void AssertOnlyRequiredKeysMissing(ConfigResult r)
        {
            Assert.AreEqual(5, r.Errors.Length, ConfigTestText.Describe(r));
            string[] expected = new string[] { "wifi.ssid", "sip.domain", "sip.user", "sip.password", "tls.ca" };
            for (int i = 0; i < expected.Length; i++)
            {
                ConfigError e = r.Errors[i];
                Assert.AreEqual((int)ConfigErrorCode.MissingRequired, (int)e.Code);
                Assert.AreEqual(0, e.Line);
                Assert.AreEqual(expected[i], e.Section + "." + e.Key);
            }
        }
    }
}
