using nanoFramework.TestFramework;
using Phone.Sip;
using Phone.Sip.Transaction;
using Phone.Sip.Transport;

namespace Phone.Tests.Sip.Transaction
{
    /// <summary>
    /// Security finding 2: who may start server transactions. The source filter (requests only from listed
    /// sources unless AcceptFromAny), the per-source token bucket, the per-source bound, the slots kept for the
    /// registrar / proxy, and the server pool kept apart from the client pool.
    /// </summary>
    [TestClass]
    public class SourcePolicyTests
    {
        private const string Stranger = "203.0.113.66";

        private static string Options(string branch)
        {
            return TransactionMessages.Incoming("OPTIONS", "UDP", ";rport;branch=z9hG4bK" + branch, null, "OPTIONS");
        }

        private static TransactionHarness Strict()
        {
            TransactionHarness h = new TransactionHarness(true);
            h.Layer.AcceptFromAny = false;
            h.Layer.AllowSource(TransactionMessages.Server, 5060);
            return h;
        }

        [TestMethod]
        public void StrangerIsDroppedUnansweredAndCounted()
        {
            TransactionHarness h = Strict();
            h.Datagram(Options("s1"), Stranger, 5060);
            h.Datagram(TransactionMessages.Incoming("INVITE", "UDP", ";branch=z9hG4bKs2", null, "INVITE"), Stranger, 5060);
            Assert.AreEqual(0, h.Sent.Count);
            Assert.AreEqual(0, h.Events.Count);
            Assert.AreEqual(2, h.Layer.ForeignRequests);
            Assert.AreEqual(0, h.Layer.ActiveCount);
        }

        [TestMethod]
        public void ListedSourceIsAnswered()
        {
            TransactionHarness h = Strict();
            h.Datagram(Options("s1"), TransactionMessages.Server, 5060);
            Assert.AreEqual("SIP/2.0 200 OK", h.LastSent.FirstLine);
            Assert.AreEqual(0, h.Layer.ForeignRequests);
        }

        [TestMethod]
        public void ListedHostFromAnotherUdpPortIsAStranger()
        {
            // Over UDP the registrar sends from its SIP port; another port of the same host is somebody else.
            TransactionHarness h = Strict();
            h.Datagram(Options("s1"), TransactionMessages.Server, 40000);
            Assert.AreEqual(0, h.Sent.Count);
            Assert.AreEqual(1, h.Layer.ForeignRequests);
        }

        [TestMethod]
        public void MalformedRequestFromStrangerIsNotAnswered()
        {
            TransactionHarness h = Strict();
            h.Datagram("OPTIONS sip:alice@192.0.2.10 SIP/3.0\r\nVia: SIP/2.0/UDP 203.0.113.66;branch=z9hG4bKm1\r\nFrom: <sip:x@y>;tag=1\r\n" +
                       "To: <sip:alice@192.0.2.10>\r\nCall-ID: m1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n", Stranger, 5060);
            Assert.AreEqual(0, h.Sent.Count);
            Assert.AreEqual(1, h.Layer.ForeignRequests);
        }

        [TestMethod]
        public void ResolvedAddressOfAListedNameIsListed()
        {
            TransactionHarness h = new TransactionHarness(true);
            h.Layer.AcceptFromAny = false;
            h.Layer.AllowSource("Registrar.Example.com", 5060);
            h.Datagram(Options("s1"), "198.51.100.7", 5060);
            Assert.AreEqual(1, h.Layer.ForeignRequests);
            h.Layer.NoteResolved("registrar.example.COM", "198.51.100.7");
            h.Datagram(Options("s2"), "198.51.100.7", 5060);
            Assert.AreEqual("SIP/2.0 200 OK", h.LastSent.FirstLine);
            h.Layer.NoteResolved("other.example.com", "198.51.100.8");
            h.Datagram(Options("s3"), "198.51.100.8", 5060);
            Assert.AreEqual(2, h.Layer.ForeignRequests);
        }

        [TestMethod]
        public void StreamFromListedHostIsTakenWhateverItsPort()
        {
            TransactionHarness h = Strict();
            h.Layer.AllowSource("proxy.example.com", 5061);
            h.Request(TransactionMessages.Register("TCP", "z9hG4bKr1"), SipTransportKind.Tcp, "proxy.example.com", 5060, null);
            int id = h.LastSent.ConnectionId;
            h.Connected(id);
            h.StreamData(id, TransactionMessages.Incoming("OPTIONS", "TCP", ";branch=z9hG4bKt1", null, "OPTIONS"));
            Assert.AreEqual("SIP/2.0 200 OK", h.LastSent.FirstLine);
            Assert.AreEqual(0, h.Layer.ForeignRequests);
        }

        [TestMethod]
        public void TokenBucketLimitsEachSourceAddressOverAllItsPorts()
        {
            TransactionHarness h = new TransactionHarness(true);
            h.Layer.SourceBurst = 3;
            h.Layer.SourceRatePerSecond = 1;
            for (int i = 0; i < 5; i++)
            {
                h.Datagram(Options("b" + i.ToString()), Stranger, 40000 + i);
            }

            Assert.AreEqual(3, h.CountSent("SIP/2.0 200"));
            Assert.AreEqual(2, h.Layer.RateLimited);

            // Another address has its own bucket.
            h.Datagram(Options("c1"), "203.0.113.67", 5060);
            Assert.AreEqual(4, h.CountSent("SIP/2.0 200"));

            // One token back per second.
            h.RunTo(999);
            h.Datagram(Options("d1"), Stranger, 41000);
            Assert.AreEqual(4, h.CountSent("SIP/2.0 200"));
            h.RunTo(2000);
            h.Datagram(Options("d2"), Stranger, 41001);
            Assert.AreEqual(5, h.CountSent("SIP/2.0 200"));
            Assert.AreEqual(3, h.Layer.RateLimited);
        }

        [TestMethod]
        public void ListedSourceIsNotRateLimited()
        {
            TransactionHarness h = new TransactionHarness(true);
            h.Layer.AllowSource(TransactionMessages.Server, 5060);
            h.Layer.SourceBurst = 1;
            h.Layer.SourceRatePerSecond = 1;
            for (int i = 0; i < 6; i++)
            {
                h.Datagram(Options("l" + i.ToString()), TransactionMessages.Server, 5060);
            }

            Assert.AreEqual(6, h.CountSent("SIP/2.0 200"));
            Assert.AreEqual(0, h.Layer.RateLimited);
        }

        [TestMethod]
        public void RateTableReplacesTheLeastRecentlySeenSource()
        {
            TransactionHarness h = new TransactionHarness(true, 64);
            h.Layer.SourceBurst = 1;
            h.Layer.SourceRatePerSecond = 1;
            for (int i = 0; i < SipTransactionLayer.RateSlots + 4; i++)
            {
                h.Now = i;
                h.Datagram(Options("r" + i.ToString()), "203.0.113." + i.ToString(), 5060);
            }

            Assert.AreEqual(SipTransactionLayer.RateSlots + 4, h.CountSent("SIP/2.0 200"));
            // The last source is still in the table with an empty bucket.
            h.Datagram(Options("again"), "203.0.113." + (SipTransactionLayer.RateSlots + 3).ToString(), 5060);
            Assert.AreEqual(1, h.Layer.RateLimited);
        }

        [TestMethod]
        public void OneSourceHoldsAtMostItsShareOfTheServerPool()
        {
            TransactionHarness h = new TransactionHarness(true, 8);
            h.Layer.MaxServerPerSource = 2;
            for (int i = 0; i < 4; i++)
            {
                h.Datagram(Options("p" + i.ToString()), Stranger, 40000 + i);
            }

            Assert.AreEqual(2, h.CountSent("SIP/2.0 200"));
            Assert.AreEqual(2, h.Layer.RateLimited);
            Assert.AreEqual(0, h.Layer.TableFullRejects);

            // Timer J (32 s over UDP) frees them; then the source may start again.
            h.RunTo(32000);
            h.Datagram(Options("p9"), Stranger, 40009);
            Assert.AreEqual(3, h.CountSent("SIP/2.0 200"));
        }

        [TestMethod]
        public void StrangersLeaveTheReservedSlotsToTheProxyAndGet503()
        {
            TransactionHarness h = new TransactionHarness(true, 4);
            h.Layer.AllowSource(TransactionMessages.Server, 5060);
            h.Layer.ReservedServerSlots = 2;
            h.Datagram(Options("a"), "203.0.113.1", 5060);
            h.Datagram(Options("b"), "203.0.113.2", 5060);
            h.Datagram(Options("c"), "203.0.113.3", 5060);
            Assert.AreEqual(2, h.CountSent("SIP/2.0 200"));
            Assert.AreEqual(1, h.Layer.TableFullRejects);
            Assert.AreEqual("SIP/2.0 503 Service Unavailable", h.LastSent.FirstLine);
            Assert.Contains("\r\nRetry-After: 5\r\n", h.LastSent.Text);

            // The proxy's BYE still gets a transaction (handed to the TU behind the policy).
            h.Datagram(TransactionMessages.Incoming("BYE", "UDP", ";branch=z9hG4bKbye", "u1", "BYE"), TransactionMessages.Server, 5060);
            Assert.AreEqual("request BYE", h.EventAt(h.Events.Count - 1));
        }

        [TestMethod]
        public void FullServerPoolNeverTouchesTheClientPool()
        {
            TransactionHarness h = new TransactionHarness(true, 8);
            h.Layer.UsePhoneLimits(true);
            h.Layer.AllowSource(TransactionMessages.Server, 5060);
            Assert.AreEqual(8, h.Layer.MaxClientTransactions);
            Assert.AreEqual(8, h.Layer.MaxServerTransactions);

            // 200 OPTIONS from 50 addresses, many ports each: each answered one holds a slot for timer J (32 s).
            for (int i = 0; i < 200; i++)
            {
                h.Datagram(Options("f" + i.ToString()), "203.0.113." + (i % 50).ToString(), 30000 + i);
            }

            int answered = h.CountSent("SIP/2.0 200");
            Assert.AreEqual(6, answered);
            Assert.AreEqual(200 - 6, h.Layer.TableFullRejects + h.Layer.RateLimited);

            // Our own REGISTER and INVITE still get client transactions.
            SipTransaction reg = h.Request(TransactionMessages.Register("UDP", "z9hG4bKreg2"), SipTransportKind.Udp, TransactionMessages.Server, 5060, null);
            SipTransaction inv = h.Request(TransactionMessages.Invite("UDP", "z9hG4bKinv2"), SipTransportKind.Udp, TransactionMessages.Server, 5060, null);
            Assert.IsTrue(reg.IsClient);
            Assert.IsTrue(inv.IsClient);
            Assert.AreEqual("INVITE sip:bob@example.com SIP/2.0", h.LastSent.FirstLine);

            // And the proxy still reaches the phone (the reserved slots).
            h.Datagram(Options("proxy"), TransactionMessages.Server, 5060);
            Assert.AreEqual(answered + 1, h.CountSent("SIP/2.0 200"));
        }
    }
}
