using System.Text;
using nanoFramework.TestFramework;
using Phone.Call;

namespace Phone.Tests.Call
{
    /// <summary>The call history's flash text: the exact lines written, the round trip, and what reading refuses.</summary>
    [TestClass]
    public class HistoryTextTests
    {
        private static string Text(CallHistory h)
        {
            byte[] b = HistoryText.Encode(h);
            return Encoding.UTF8.GetString(b, 0, b.Length);
        }

        private static int Decode(string text, CallHistory into)
        {
            byte[] b = Encoding.UTF8.GetBytes(text);
            return HistoryText.Decode(b, b.Length, into, 0);
        }

        [TestMethod]
        public void LinesAreOldestFirstWithKindLabelAndUri()
        {
            CallHistory h = new CallHistory(10);
            h.Add(HistoryKind.Dialled, "1002", "sip:1002@example.com", 0);
            h.Add(HistoryKind.Missed, "Alice", "sip:alice@example.com", 10);
            h.Add(HistoryKind.Rejected, "Bob", "sip:bob@example.com", 20);
            h.Add(HistoryKind.Forwarded, "Eve", "sips:eve@example.com", 30);
            h.Add(HistoryKind.Received, "Carol", "sip:carol@example.com", 40);
            Assert.AreEqual("calls 1\nD\t1002\tsip:1002@example.com\nM\tAlice\tsip:alice@example.com\nX\tBob\tsip:bob@example.com\n" +
                "F\tEve\tsips:eve@example.com\nR\tCarol\tsip:carol@example.com\n", Text(h));
        }

        [TestMethod]
        public void RoundTripKeepsOrderKindsAndText()
        {
            CallHistory h = new CallHistory(10);
            h.Add(HistoryKind.Dialled, "1002", "sip:1002@example.com", 0);
            h.Add(HistoryKind.Missed, "Zoë Müller", "sip:zoe@example.com", 10);
            CallHistory back = new CallHistory(10);
            Assert.AreEqual(2, Decode(Text(h), back));
            Assert.AreEqual(2, back.Count);
            Assert.AreEqual("Zoë Müller", back.Get(0).Label);
            Assert.AreEqual((int)HistoryKind.Missed, (int)back.Get(0).Kind);
            Assert.AreEqual("sip:1002@example.com", back.Get(1).Uri);
            Assert.AreEqual((int)HistoryKind.Dialled, (int)back.Get(1).Kind);
        }

        [TestMethod]
        public void ControlCharactersInALabelBecomeBlanks()
        {
            CallHistory h = new CallHistory(2);
            h.Add(HistoryKind.Received, "A\tB\nC", "sip:a@example.com", 0);
            Assert.AreEqual("calls 1\nR\tA B C\tsip:a@example.com\n", Text(h));
        }

        [TestMethod]
        public void BadLinesAreSkippedAndAStrangeFileIsRefused()
        {
            CallHistory h = new CallHistory(10);
            int n = Decode("calls 1\nD\tok\tsip:1@example.com\nQ\tbad kind\tsip:2@example.com\nD no tabs\nD\tno uri\t\n" +
                "R\tlast\tsip:3@example.com", h);
            Assert.AreEqual(1, n, "only the first line is whole and well-formed");
            Assert.AreEqual("ok", h.Get(0).Label);

            Assert.AreEqual(-1, Decode("calls 2\nD\tx\tsip:1@example.com\n", new CallHistory(4)));
            Assert.AreEqual(-1, Decode("", new CallHistory(4)));
            byte[] nul = Encoding.UTF8.GetBytes("calls 1\nD\tx\tsip:1@example.com\n");
            nul[10] = 0;
            Assert.AreEqual(-1, HistoryText.Decode(nul, nul.Length, new CallHistory(4), 0));
        }

        [TestMethod]
        public void MoreEntriesThanTheHistoryHoldsKeepTheNewest()
        {
            CallHistory h = new CallHistory(2);
            Assert.AreEqual(3, Decode("calls 1\nD\ta\tsip:a@x\nD\tb\tsip:b@x\nD\tc\tsip:c@x\n", h));
            Assert.AreEqual(2, h.Count);
            Assert.AreEqual("c", h.Get(0).Label);
            Assert.AreEqual("b", h.Get(1).Label);
        }

        [TestMethod]
        public void FullHistoryFitsTheReadBound()
        {
            CallHistory h = new CallHistory(3);
            string label = new string('é', HistoryText.MaxLabel + 10);
            string uri = "sip:" + new string('1', HistoryText.MaxUri - 16) + "@example.com";
            for (int i = 0; i < 3; i++) h.Add(HistoryKind.Dialled, label, uri, 0);
            Assert.IsTrue(HistoryText.Encode(h).Length <= HistoryText.MaxBytes(3));
            CallHistory back = new CallHistory(3);
            Assert.AreEqual(3, Decode(Text(h), back));
            Assert.AreEqual(HistoryText.MaxLabel, back.Get(0).Label.Length, "long labels are cut");
            Assert.AreEqual(uri, back.Get(2).Uri);
        }
    }
}
