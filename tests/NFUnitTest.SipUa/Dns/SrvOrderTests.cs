using nanoFramework.TestFramework;
using Phone.Sip.Dns;

namespace Phone.Tests.Sip.Dns
{
    /// <summary>
    /// RFC 2782's ordering with the random draws fixed by the entropy bytes: priority before weight, the running-sum
    /// choice inside a priority (draw r in 0..sum picks the first record whose running sum reaches r, zero weights
    /// first), and "." as "no service".
    /// </summary>
    [TestClass]
    public class SrvOrderTests
    {
        private static DnsRecord Srv(int priority, int weight, string target)
        {
            DnsRecord r = new DnsRecord();
            r.Type = DnsRecord.TypeSrv;
            r.Priority = priority;
            r.Weight = weight;
            r.Port = 5060;
            r.Target = target;
            return r;
        }

        /// <summary>Entropy whose 32-bit draws are the given numbers, big-endian.</summary>
        private static DigestTestEntropy Draws(params int[] values)
        {
            byte[] b = new byte[values.Length * 4];
            for (int i = 0; i < values.Length; i++)
            {
                b[i * 4] = (byte)(values[i] >> 24);
                b[i * 4 + 1] = (byte)(values[i] >> 16);
                b[i * 4 + 2] = (byte)(values[i] >> 8);
                b[i * 4 + 3] = (byte)values[i];
            }

            return new DigestTestEntropy(b, 0);
        }

        [TestMethod]
        public void LowerPriorityComesFirstWhateverTheWeights()
        {
            DnsRecord[] r = { Srv(20, 1000, "b"), Srv(10, 0, "a"), Srv(30, 5, "c") };
            Assert.AreEqual(3, SrvOrder.Sort(r, 3, Draws(0, 0, 0)));
            Assert.AreEqual("a", r[0].Target);
            Assert.AreEqual("b", r[1].Target);
            Assert.AreEqual("c", r[2].Target);
        }

        [TestMethod]
        public void DrawPicksByRunningSumOfWeights()
        {
            // Weights 1 and 3: sum 4, draws 0..4; running sums 1 (a) and 4 (b). Draw 1 picks a, draw 2 picks b.
            DnsRecord[] r = { Srv(10, 1, "a"), Srv(10, 3, "b") };
            SrvOrder.Sort(r, 2, Draws(1));
            Assert.AreEqual("a", r[0].Target);
            r = new DnsRecord[] { Srv(10, 1, "a"), Srv(10, 3, "b") };
            SrvOrder.Sort(r, 2, Draws(2));
            Assert.AreEqual("b", r[0].Target);
            Assert.AreEqual("a", r[1].Target);
            // The draw is taken modulo sum + 1: 7 % 5 = 2 picks b.
            r = new DnsRecord[] { Srv(10, 1, "a"), Srv(10, 3, "b") };
            SrvOrder.Sort(r, 2, Draws(7));
            Assert.AreEqual("b", r[0].Target);
        }

        [TestMethod]
        public void ZeroWeightIsFirstOnlyWhenTheDrawIsZero()
        {
            DnsRecord[] r = { Srv(10, 5, "heavy"), Srv(10, 0, "zero") };
            SrvOrder.Sort(r, 2, Draws(0));
            Assert.AreEqual("zero", r[0].Target);
            r = new DnsRecord[] { Srv(10, 5, "heavy"), Srv(10, 0, "zero") };
            SrvOrder.Sort(r, 2, Draws(1));
            Assert.AreEqual("heavy", r[0].Target);
            Assert.AreEqual("zero", r[1].Target);
        }

        [TestMethod]
        public void ThreeWeightedRecordsAreDrawnOneAfterTheOther()
        {
            // Weights 10, 20, 30: running sums 10, 30, 60, so draw 35 first reaches 60 -> "c";
            // then 10, 20 (sum 30): draw 5 picks "a"; "b" is last.
            DnsRecord[] r = { Srv(1, 10, "a"), Srv(1, 20, "b"), Srv(1, 30, "c") };
            SrvOrder.Sort(r, 3, Draws(35, 5));
            Assert.AreEqual("c", r[0].Target);
            Assert.AreEqual("a", r[1].Target);
            Assert.AreEqual("b", r[2].Target);
        }

        [TestMethod]
        public void DotTargetMeansNoService()
        {
            DnsRecord[] r = { Srv(0, 0, ".") };
            Assert.AreEqual(0, SrvOrder.Sort(r, 1, Draws(0)));
            r = new DnsRecord[] { Srv(0, 0, "."), Srv(5, 1, "real") };
            Assert.AreEqual(1, SrvOrder.Sort(r, 2, Draws(0)));
            Assert.AreEqual("real", r[0].Target);
        }
    }
}
