using nanoFramework.TestFramework;
using Phone.Sip.Transaction;
using Phone.Sip.Transport;
using Phone.Sip;

namespace Phone.Tests.Sip.Transaction
{
    /// <summary>
    /// Client transactions on the virtual clock (RFC 3261 §17.1.1, §17.1.2) with T1 = 500 ms, T2 = 4 s, T4 = 5 s.
    /// Expected send times are worked out from the RFC's timer rules in each test's comment.
    /// </summary>
    [TestClass]
    public class ClientTransactionTests
    {
        private const string B1 = "z9hG4bKnotimer1";

        [TestMethod]
        public void NonInviteOverUdpRetransmitsUntilTimerF()
        {
            // §17.1.2.2: E starts at T1 and doubles up to T2: sends at 0, then +500, +1000, +2000, +4000, +4000, ...
            // i.e. 500, 1500, 3500, 7500, 11500 ... 31500; F = 64·T1 = 32000 ends it with a timeout.
            TransactionHarness h = new TransactionHarness(false);
            SipTransaction tx = h.Request(TransactionMessages.Register("UDP", B1), SipTransportKind.Udp, TransactionMessages.Server, 5060, null);
            Assert.AreEqual((int)SipTransactionState.Trying, (int)tx.State);
            h.RunTo(40000);
            TransactionMessages.AssertTimes(
                new long[] { 0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500 },
                h.TimesOf("REGISTER"), "REGISTER send times");
            Assert.AreEqual(1, h.Events.Count);
            Assert.AreEqual("timeout REGISTER", h.EventAt(0));
            Assert.AreEqual(32000L, h.EventTime(0));
            Assert.AreEqual((int)SipTransactionState.Terminated, (int)tx.State);
            Assert.AreEqual(TransactionMessages.Server, h.SentAt(0).Host);
            Assert.AreEqual(5060, h.SentAt(0).Port);
            Assert.AreEqual((int)TransportActionKind.SendTo, (int)h.SentAt(0).Kind);
        }

        [TestMethod]
        public void NonInviteProceedingRetransmitsEveryT2()
        {
            // §17.1.2.2: a 1xx at 600 moves to Proceeding; the E already set for 1500 fires, and from then on
            // E is reset to T2: 5500, 9500, ... 29500; 33500 is past F (32000).
            TransactionHarness h = new TransactionHarness(false);
            SipTransaction tx = h.Request(TransactionMessages.Register("UDP", B1), SipTransportKind.Udp, TransactionMessages.Server, 5060, null);
            h.RunTo(600);
            h.Datagram(TransactionMessages.RegisterResponse(100, "Trying", "UDP", B1, ""), TransactionMessages.Server, 5060);
            Assert.AreEqual((int)SipTransactionState.Proceeding, (int)tx.State);
            h.RunTo(40000);
            TransactionMessages.AssertTimes(
                new long[] { 0, 500, 1500, 5500, 9500, 13500, 17500, 21500, 25500, 29500 },
                h.TimesOf("REGISTER"), "REGISTER send times");
            Assert.AreEqual("response 100 1 REGISTER", h.EventAt(0));
            Assert.AreEqual("timeout REGISTER", h.EventAt(1));
            Assert.AreEqual(32000L, h.EventTime(1));
        }

        [TestMethod]
        public void NonInviteCompletedAbsorbsRetransmissionsForT4()
        {
            // §17.1.2.2: a final response -> Completed, K = T4 = 5 s on UDP; retransmitted finals are absorbed.
            TransactionHarness h = new TransactionHarness(false);
            SipTransaction tx = h.Request(TransactionMessages.Register("UDP", B1), SipTransportKind.Udp, TransactionMessages.Server, 5060, null);
            h.RunTo(700);
            h.Datagram(TransactionMessages.RegisterResponse(200, "OK", "UDP", B1, ""), TransactionMessages.Server, 5060);
            Assert.AreEqual((int)SipTransactionState.Completed, (int)tx.State);
            h.RunTo(1000);
            h.Datagram(TransactionMessages.RegisterResponse(200, "OK", "UDP", B1, ""), TransactionMessages.Server, 5060);
            h.RunTo(5699);
            Assert.AreEqual((int)SipTransactionState.Completed, (int)tx.State);
            h.RunTo(5700);
            Assert.AreEqual((int)SipTransactionState.Terminated, (int)tx.State);
            h.RunTo(40000);
            TransactionMessages.AssertTimes(new long[] { 0, 500 }, h.TimesOf("REGISTER"), "no retransmission after the final response");
            Assert.AreEqual(1, h.Events.Count);
            Assert.AreEqual("response 200 1 REGISTER", h.EventAt(0));
        }

        [TestMethod]
        public void NonInviteOverTcpNeverRetransmitsAndKIsZero()
        {
            // §17.1.2.2: on a reliable transport E is not set and K = 0.
            TransactionHarness h = new TransactionHarness(false);
            SipTransaction tx = h.Request(TransactionMessages.Register("TCP", B1), SipTransportKind.Tcp, TransactionMessages.Server, 5060, null);
            Assert.AreEqual((int)TransportActionKind.Connect, (int)h.SentAt(0).Kind);
            int id = h.SentAt(0).ConnectionId;
            h.Connected(id);
            h.RunTo(20000);
            Assert.AreEqual(1, h.CountSent("REGISTER"));
            Assert.AreEqual((int)TransportActionKind.Send, (int)h.SentAt(1).Kind);
            Assert.AreEqual(id, h.SentAt(1).ConnectionId);
            h.StreamData(id, TransactionMessages.RegisterResponse(200, "OK", "TCP", B1, ""));
            Assert.AreEqual((int)SipTransactionState.Terminated, (int)tx.State);
            Assert.AreEqual("response 200 1 REGISTER", h.EventAt(0));
        }

        [TestMethod]
        public void NonInviteOverTcpTimesOutWithTimerF()
        {
            TransactionHarness h = new TransactionHarness(false);
            SipTransaction tx = h.Request(TransactionMessages.Register("TCP", B1), SipTransportKind.Tcp, TransactionMessages.Server, 5060, null);
            h.Connected(h.SentAt(0).ConnectionId);
            h.Transport.KeepAliveIntervalMs = 0;
            h.RunTo(31999);
            Assert.AreEqual(0, h.Events.Count);
            h.RunTo(32000);
            Assert.AreEqual("timeout REGISTER", h.EventAt(0));
            Assert.AreEqual(1, h.CountSent("REGISTER"));
        }

        [TestMethod]
        public void InviteOverUdpTimerADoublesUntilTimerB()
        {
            // §17.1.1.2: A = T1 doubling without bound: 500, 1500, 3500, 7500, 15500, 31500; B = 64·T1 = 32000.
            TransactionHarness h = new TransactionHarness(false);
            SipTransaction tx = h.Request(TransactionMessages.Invite("UDP", B1), SipTransportKind.Udp, TransactionMessages.Server, 5060, null);
            Assert.AreEqual((int)SipTransactionState.Calling, (int)tx.State);
            h.RunTo(70000);
            TransactionMessages.AssertTimes(new long[] { 0, 500, 1500, 3500, 7500, 15500, 31500 }, h.TimesOf("INVITE"), "INVITE send times");
            Assert.AreEqual(1, h.Events.Count);
            Assert.AreEqual("timeout INVITE", h.EventAt(0));
            Assert.AreEqual(32000L, h.EventTime(0));
        }

        [TestMethod]
        public void InviteProvisionalStopsTimerA()
        {
            // §17.1.1.2: in Proceeding the request is no longer retransmitted and B no longer applies.
            TransactionHarness h = new TransactionHarness(false);
            SipTransaction tx = h.Request(TransactionMessages.Invite("UDP", B1), SipTransportKind.Udp, TransactionMessages.Server, 5060, null);
            h.RunTo(600);
            h.Datagram(TransactionMessages.Response(180, "Ringing", "UDP", B1, "10 INVITE", "", "<sip:bob@example.com>;tag=bb"), TransactionMessages.Server, 5060);
            h.RunTo(70000);
            TransactionMessages.AssertTimes(new long[] { 0, 500 }, h.TimesOf("INVITE"), "INVITE send times");
            Assert.AreEqual(1, h.Events.Count);
            Assert.AreEqual("response 180 10 INVITE", h.EventAt(0));
            Assert.AreEqual((int)SipTransactionState.Proceeding, (int)tx.State);
        }

        [TestMethod]
        public void InviteNonSuccessIsAckedAndRetransmissionsAckedAgain()
        {
            // §17.1.1.2/§17.1.1.3: 486 -> ACK built from the request (Request-URI, top Via, Route, From, Call-ID,
            // CSeq number) and the response's To; a retransmitted 486 is ACKed again and not passed up; D = 32 s.
            TransactionHarness h = new TransactionHarness(false);
            SipTransaction tx = h.Request(TransactionMessages.Invite("UDP", B1), SipTransportKind.Udp, TransactionMessages.Server, 5060, null);
            h.RunTo(100);
            string busy = TransactionMessages.Response(486, "Busy Here", "UDP", B1, "10 INVITE", "", "<sip:bob@example.com>;tag=bb");
            h.Datagram(busy, TransactionMessages.Server, 5060);
            Assert.AreEqual((int)SipTransactionState.Completed, (int)tx.State);
            string ack = "ACK sip:bob@example.com SIP/2.0\r\n" +
                         "Via: SIP/2.0/UDP 192.0.2.10:5060;rport;branch=" + B1 + "\r\n" +
                         "Max-Forwards: 70\r\n" +
                         "Route: <sip:proxy.example.com;lr>\r\n" +
                         "From: <sip:alice@example.com>;tag=a2\r\n" +
                         "To: <sip:bob@example.com>;tag=bb\r\n" +
                         "Call-ID: call1@192.0.2.10\r\n" +
                         "CSeq: 10 ACK\r\n" +
                         "Content-Length: 0\r\n\r\n";
            Assert.AreEqual(ack, h.LastSent.Text);
            Assert.AreEqual(TransactionMessages.Server, h.LastSent.Host);
            h.RunTo(2000);
            h.Datagram(busy, TransactionMessages.Server, 5060);
            TransactionMessages.AssertTimes(new long[] { 100, 2000 }, h.TimesOf("ACK"), "ACK times");
            TransactionMessages.AssertTimes(new long[] { 0 }, h.TimesOf("INVITE"), "no INVITE retransmission after the 486");
            Assert.AreEqual(1, h.Events.Count);
            h.RunTo(32099);
            Assert.AreEqual((int)SipTransactionState.Completed, (int)tx.State);
            h.RunTo(32100);
            Assert.AreEqual((int)SipTransactionState.Terminated, (int)tx.State);
        }

        [TestMethod]
        public void InviteNonSuccessOverTcpTerminatesAtOnce()
        {
            // §17.1.1.2: D = 0 on reliable transports; no A retransmissions.
            TransactionHarness h = new TransactionHarness(false);
            SipTransaction tx = h.Request(TransactionMessages.Invite("TCP", B1), SipTransportKind.Tcp, TransactionMessages.Server, 5060, null);
            int id = h.SentAt(0).ConnectionId;
            h.Connected(id);
            h.Transport.KeepAliveIntervalMs = 0;
            h.RunTo(10000);
            Assert.AreEqual(1, h.CountSent("INVITE"));
            h.StreamData(id, TransactionMessages.Response(603, "Decline", "TCP", B1, "10 INVITE", "", "<sip:bob@example.com>;tag=bb"));
            Assert.AreEqual((int)SipTransactionState.Terminated, (int)tx.State);
            Assert.AreEqual(1, h.CountSent("ACK"));
            Assert.AreEqual(id, h.LastSent.ConnectionId);
        }

        [TestMethod]
        public void InviteSuccessGoesToTuIncludingRetransmissionsUntilTimerM()
        {
            // RFC 6026 §7.2 (updating RFC 3261 §17.1.1.2): a 2xx -> Accepted; every 2xx is passed to the TU,
            // which ACKs it; the transaction ends after M = 64·T1.
            TransactionHarness h = new TransactionHarness(false);
            SipTransaction tx = h.Request(TransactionMessages.Invite("UDP", B1), SipTransportKind.Udp, TransactionMessages.Server, 5060, null);
            h.RunTo(300);
            string ok = TransactionMessages.Response(200, "OK", "UDP", B1, "10 INVITE", "", "<sip:bob@example.com>;tag=bb");
            h.Datagram(ok, TransactionMessages.Server, 5060);
            Assert.AreEqual((int)SipTransactionState.Accepted, (int)tx.State);
            h.RunTo(800);
            h.Datagram(ok, TransactionMessages.Server, 5060);
            Assert.AreEqual(2, h.Events.Count);
            Assert.AreEqual("response 200 10 INVITE", h.EventAt(1));
            Assert.AreEqual(0, h.CountSent("ACK"));
            Assert.AreEqual(1, h.CountSent("INVITE"));
            h.RunTo(32299);
            Assert.AreEqual((int)SipTransactionState.Accepted, (int)tx.State);
            h.RunTo(32300);
            Assert.AreEqual((int)SipTransactionState.Terminated, (int)tx.State);
        }

        [TestMethod]
        public void ConfigurableTimerValues()
        {
            // Table 4 with T1 = 100 ms, T2 = 400 ms: E at 100, 300, 700, 1100 ...; F at 6400.
            TransactionHarness h = new TransactionHarness(false);
            h.Layer.Timers.T1 = 100;
            h.Layer.Timers.T2 = 400;
            h.Request(TransactionMessages.Register("UDP", B1), SipTransportKind.Udp, TransactionMessages.Server, 5060, null);
            h.RunTo(1500);
            TransactionMessages.AssertTimes(new long[] { 0, 100, 300, 700, 1100, 1500 }, h.TimesOf("REGISTER"), "send times");
            h.RunTo(10000);
            Assert.AreEqual(6400L, h.EventTime(0));
        }

        [TestMethod]
        public void RequestsThatCannotStartATransactionAreRefused()
        {
            TransactionHarness h = new TransactionHarness(false);
            SipTransaction tx;
            byte[] noCookie = TransactionHarness.Bytes(TransactionMessages.Register("UDP", "1234"));
            Assert.AreEqual((int)SipTransactionStatus.BadMessage,
                (int)h.Layer.SendRequest(noCookie, 0, noCookie.Length, SipTransportKind.Udp, "h", 5060, null, 0, out tx));
            byte[] garbage = TransactionHarness.Bytes("hello");
            Assert.AreEqual((int)SipTransactionStatus.BadMessage,
                (int)h.Layer.SendRequest(garbage, 0, garbage.Length, SipTransportKind.Udp, "h", 5060, null, 0, out tx));
            Assert.AreEqual((int)SipTransactionStatus.BadArgument,
                (int)h.Layer.SendRequest(null, 0, 0, SipTransportKind.Udp, "h", 5060, null, 0, out tx));
            Assert.IsNull(tx);
        }

        [TestMethod]
        public void TableFullIsReported()
        {
            TransactionHarness h = new TransactionHarness(false, 2);
            h.Request(TransactionMessages.Register("UDP", "z9hG4bKa"), SipTransportKind.Udp, TransactionMessages.Server, 5060, null);
            h.Request(TransactionMessages.Register("UDP", "z9hG4bKb"), SipTransportKind.Udp, TransactionMessages.Server, 5060, null);
            SipTransaction tx;
            byte[] third = TransactionHarness.Bytes(TransactionMessages.Register("UDP", "z9hG4bKc"));
            Assert.AreEqual((int)SipTransactionStatus.TableFull,
                (int)h.Layer.SendRequest(third, 0, third.Length, SipTransportKind.Udp, TransactionMessages.Server, 5060, null, 0, out tx));
            Assert.AreEqual(2, h.Layer.ActiveCount);
        }
    }
}
