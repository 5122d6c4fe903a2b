using nanoFramework.TestFramework;
using Phone.Device.Provisioning;

namespace Phone.Tests.Device.Provisioning
{
    /// <summary>The one-time code: uniform digits from entropy, constant-time match, renewal.</summary>
    [TestClass]
    public class ProvisioningCodeTests
    {
        [TestMethod]
        public void DigitsComeFromEntropyBytesModuloTen()
        {
            // 37 -> 7, 249 -> 9 (the largest accepted byte), 0 -> 0, 10 -> 0, 123 -> 3, 58 -> 8.
            ProvisioningCode code = new ProvisioningCode(new ScriptedEntropy(new byte[] { 37, 249, 0, 10, 123, 58 }), 6);
            Assert.AreEqual("790038", code.Value);
        }

        [TestMethod]
        public void BytesFrom250AreDrawnAgainSoDigitsStayUniform()
        {
            ScriptedEntropy e = new ScriptedEntropy(new byte[] { 250, 255, 1, 2, 3, 4, 5, 6 });
            ProvisioningCode code = new ProvisioningCode(e, 6);
            Assert.AreEqual("123456", code.Value);
            Assert.AreEqual(8, e.BytesDrawn);
        }

        [TestMethod]
        [DataRow(2, 6)]
        [DataRow(6, 6)]
        [DataRow(7, 7)]
        [DataRow(8, 8)]
        [DataRow(12, 8)]
        public void LengthIsClampedToSixToEight(int asked, int expected)
        {
            ProvisioningCode code = new ProvisioningCode(new ScriptedEntropy(new byte[] { 1, 2, 3 }), asked);
            Assert.AreEqual(expected, code.Value.Length);
            Assert.AreEqual(expected, code.Digits);
        }

        [TestMethod]
        public void MatchesOnlyTheWholeCode()
        {
            ProvisioningCode code = new ProvisioningCode(new ScriptedEntropy(new byte[] { 1, 2, 3, 4, 5, 6 }), 6);
            Assert.IsTrue(code.Matches("123456"));
            Assert.IsTrue(code.Matches(" 123456 "));
            Assert.IsFalse(code.Matches("12345"));
            Assert.IsFalse(code.Matches("1234567"));
            Assert.IsFalse(code.Matches("123457"));
            Assert.IsFalse(code.Matches(string.Empty));
            Assert.IsFalse(code.Matches(null));
        }

        [TestMethod]
        public void RenewReplacesTheCode()
        {
            ProvisioningCode code = new ProvisioningCode(new ScriptedEntropy(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2, 3 }), 6);
            code.Renew();
            Assert.AreEqual("789123", code.Value);
            Assert.IsFalse(code.Matches("123456"));
        }

        [TestMethod]
        public void ConstantTimeTextComparesWholeStrings()
        {
            Assert.IsTrue(ConstantTimeText.AreEqual("päss wörd", "päss wörd"));
            Assert.IsFalse(ConstantTimeText.AreEqual("päss wörd", "pass word"));
            Assert.IsFalse(ConstantTimeText.AreEqual("abc", "abcd"));
            Assert.IsFalse(ConstantTimeText.AreEqual("abcd", "abc"));
            Assert.IsFalse(ConstantTimeText.AreEqual(null, "abc"));
            Assert.IsFalse(ConstantTimeText.AreEqual("abc", null));
        }
    }
}
