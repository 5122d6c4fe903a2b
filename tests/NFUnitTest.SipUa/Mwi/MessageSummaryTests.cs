using System.Text;
using nanoFramework.TestFramework;
using Phone.Sip.Mwi;

namespace Phone.Tests.Sip.Mwi
{
    /// <summary>application/simple-message-summary bodies (RFC 3842 §5.2 grammar, the §5.2 examples' forms).</summary>
    [TestClass]
    public class MessageSummaryTests
    {
        [TestMethod]
        public void ReadsStatusVoiceCountsAndUrgentCounts()
        {
            // The shape of RFC 3842 §7's example body.
            MessageSummary s = Parse("Messages-Waiting: yes\r\nMessage-Account: sip:alice@vmail.example.com\r\nVoice-Message: 4/8 (1/2)\r\n");
            Assert.IsTrue(s.MessagesWaiting);
            Assert.IsTrue(s.HasVoiceCounts);
            Assert.AreEqual(4, s.NewMessages);
            Assert.AreEqual(8, s.OldMessages);
            Assert.AreEqual(1, s.UrgentNew);
            Assert.AreEqual(2, s.UrgentOld);
        }

        [TestMethod]
        public void NoWithoutCountsAndOtherClassesIgnored()
        {
            MessageSummary s = Parse("messages-waiting : NO\nFax-Message: 3/0\n");
            Assert.IsFalse(s.MessagesWaiting);
            Assert.IsFalse(s.HasVoiceCounts);
            Assert.AreEqual(0, s.NewMessages);
        }

        [TestMethod]
        public void OptionalMessageHeadersAfterTheBlankLineAreNotSummaryLines()
        {
            MessageSummary s = Parse("Messages-Waiting: yes\r\nVoice-Message: 2/1\r\n\r\nTo: <alice@example.com>\r\nVoice-Message: nonsense\r\n");
            Assert.IsTrue(s.MessagesWaiting);
            Assert.AreEqual(2, s.NewMessages);
            Assert.AreEqual(1, s.OldMessages);
        }

        [TestMethod]
        public void HugeCountsAreClamped()
        {
            MessageSummary s = Parse("Messages-Waiting: yes\r\nVoice-Message: 123456789012/0\r\n");
            Assert.AreEqual(MessageSummary.MaxCount, s.NewMessages);
        }

        [TestMethod]
        [DataRow("")]
        [DataRow("Voice-Message: 2/1\r\n")]
        [DataRow("Messages-Waiting: maybe\r\n")]
        [DataRow("Messages-Waiting yes\r\n")]
        [DataRow("Messages-Waiting: yes\r\nVoice-Message: 2\r\n")]
        [DataRow("Messages-Waiting: yes\r\nVoice-Message: x/1\r\n")]
        [DataRow("Messages-Waiting: yes\r\nVoice-Message: 2/1 (1/0\r\n")]
        [DataRow("Messages-Waiting: yes\r\nVoice-Message: 2/1 junk\r\n")]
        public void MalformedBodiesAreRefused(string body)
        {
            MessageSummary s = new MessageSummary();
            byte[] b = Encoding.UTF8.GetBytes(body);
            Assert.IsFalse(s.Parse(b, 0, b.Length));
            Assert.IsFalse(s.MessagesWaiting);
            Assert.AreEqual(0, s.NewMessages);
        }

        private static MessageSummary Parse(string body)
        {
            MessageSummary s = new MessageSummary();
            byte[] b = Encoding.UTF8.GetBytes(body);
            Assert.IsTrue(s.Parse(b, 0, b.Length));
            return s;
        }
    }
}
