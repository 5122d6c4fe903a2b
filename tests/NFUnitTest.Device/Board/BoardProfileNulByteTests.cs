using System.Text;
using nanoFramework.TestFramework;
using Phone.Device.Board;

namespace Phone.Tests.Device.Board
{
    /// <summary>
    /// The NUL rule for board profiles (issue 10): BoardProfileParser checks every byte before making text
    /// (printable ASCII and TAB only), so a NUL anywhere is BadCharacter on its line and the line is not used.
    /// Every '~' in a text becomes 0x00.
    /// </summary>
    [TestClass]
    public class BoardProfileNulByteTests
    {
        private const string Text =
            "# test board\n" +
            "board.name = phone-v1\n" +
            "amp.enable = 4\n" +
            "display.address = 0x3C\n";

        private static BoardProfileResult ParseWithNul(string text)
        {
            byte[] b = Encoding.UTF8.GetBytes(text);
            for (int i = 0; i < b.Length; i++)
            {
                if (b[i] == (byte)'~')
                {
                    b[i] = 0;
                }
            }

            return BoardProfileParser.Parse(b, 0, b.Length);
        }

        private static string Replace(string text, string oldText, string newText)
        {
            int at = text.IndexOf(oldText);
            Assert.IsTrue(at >= 0, oldText);
            return text.Substring(0, at) + newText + text.Substring(at + oldText.Length);
        }

        [TestMethod]
        public void TheTextWithoutNulHasNoBadCharacter()
        {
            BoardProfileResult r = ParseWithNul(Text);
            for (int line = 1; line <= 4; line++)
            {
                Assert.IsFalse(r.HasError(BoardErrorCode.BadCharacter, line));
            }
        }

        [DataRow("# test board", "# test~board", 1)]
        [DataRow("board.name = phone-v1", "board.name = phone-v1~evil", 2)]
        [DataRow("board.name = phone-v1", "board.na~me = phone-v1", 2)]
        [DataRow("amp.enable = 4", "amp.enable = 4~0", 3)]
        [DataRow("amp.enable = 4", "~amp.enable = 4", 3)]
        [DataRow("display.address = 0x3C", "display.address =~ 0x3C", 4)]
        [DataRow("display.address = 0x3C", "display.address = 0x3C~", 4)]
        [TestMethod]
        public void NulAnywhereIsBadCharacterOnItsLine(string oldText, string newText, int line)
        {
            BoardProfileResult r = ParseWithNul(Replace(Text, oldText, newText));
            Assert.IsTrue(r.HasError(BoardErrorCode.BadCharacter, line));
        }
    }
}
