using nanoFramework.TestFramework;
using Phone.Device.Provisioning;

namespace Phone.Tests.Device.Provisioning
{
    /// <summary>Set-up access point name and passphrase.</summary>
    [TestClass]
    public class SoftApCredentialsTests
    {
        static readonly byte[] Mac = new byte[] { 0x24, 0x6F, 0x28, 0xA1, 0xB2, 0xC3 };

        [TestMethod]
        public void SsidUsesTheLastTwoMacBytesInUpperCaseHex()
        {
            Assert.AreEqual("Phone-B2C3", SoftApCredentials.SsidFor(Mac));
            Assert.AreEqual("Phone-0A0F", SoftApCredentials.SsidFor(new byte[] { 0, 0, 0, 0, 0x0A, 0x0F }));
            Assert.AreEqual("Phone-0000", SoftApCredentials.SsidFor(null));
        }

        [TestMethod]
        public void PasswordHasTwelveUnambiguousCharacters()
        {
            byte[] script = new byte[256];
            for (int i = 0; i < script.Length; i++) script[i] = (byte)(i * 37 + 11);
            SoftApCredentials c = SoftApCredentials.Create(Mac, new ScriptedEntropy(script));
            Assert.AreEqual("Phone-B2C3", c.Ssid);
            Assert.AreEqual(12, c.Password.Length);
            // IEEE 802.11i passphrase: 8..63 printable ASCII.
            string ambiguous = "0O1lIo";
            for (int i = 0; i < c.Password.Length; i++)
            {
                char ch = c.Password[i];
                Assert.IsTrue(ch > ' ' && ch < 0x7F, "printable ASCII");
                Assert.IsTrue(ambiguous.IndexOf(ch) < 0, "look-alike character " + ch.ToString());
            }
        }

        [TestMethod]
        public void ByteMapsToAlphabetAndHighBytesAreRedrawn()
        {
            // 56 symbols: 224 = 4 * 56 is the first rejected byte. 0 -> '2', 8 -> 'A', 55 -> 'z', 56 -> '2'.
            byte[] script = new byte[] { 224, 255, 0, 8, 55, 56, 0, 0, 0, 0, 0, 0, 0, 0 };
            SoftApCredentials c = SoftApCredentials.Create(Mac, new ScriptedEntropy(script));
            Assert.AreEqual("2Az222222222", c.Password);
        }
    }
}
