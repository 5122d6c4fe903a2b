using nanoFramework.TestFramework;
using Phone.Sip.Transaction;
using Phone.Sip.Transport;
using Phone.Sip;

namespace Phone.Tests.Sip.Transaction
{
    /// <summary>Server transactions on the virtual clock (RFC 3261 §17.2.1, §17.2.2; RFC 6026 §7.1).</summary>
    [TestClass]
    public class ServerTransactionTests
    {
        private const string Proxy = TransactionMessages.Server;
        private const string Br = ";branch=z9hG4bKs1";

        private static TransactionHarness Invite(string transport)
        {
            TransactionHarness h = new TransactionHarness(false);
            h.Datagram(TransactionMessages.Incoming("INVITE", transport, Br, null, "INVITE"), Proxy, 5070);
            Assert.AreEqual("request INVITE", h.EventAt(0));
            return h;
        }

        [TestMethod]
        public void InviteGets100TryingAfter200ms()
        {
            // §17.2.1: the TU has not answered within 200 ms, so the transaction sends 100 Trying (§8.2.6.1:
            // no To tag added) to the source, port = sent-by port (§18.2.2).
            TransactionHarness h = Invite("UDP");
            Assert.AreEqual((int)SipTransactionState.Proceeding, (int)h.LastServerTx.State);
            h.RunTo(199);
            Assert.AreEqual(0, h.Sent.Count);
            h.RunTo(200);
            Assert.AreEqual(1, h.Sent.Count);
            string trying = "SIP/2.0 100 Trying\r\n" +
                            "Via: SIP/2.0/UDP proxy.example.com:5070;branch=z9hG4bKs1\r\n" +
                            "From: Bob <sip:bob@example.org>;tag=b9\r\n" +
                            "To: <sip:alice@example.com>\r\n" +
                            "Call-ID: in1@proxy.example.com\r\n" +
                            "CSeq: 7 INVITE\r\n" +
                            "Content-Length: 0\r\n\r\n";
            Assert.AreEqual(trying, h.SentAt(0).Text);
            Assert.AreEqual(Proxy, h.SentAt(0).Host);
            Assert.AreEqual(5070, h.SentAt(0).Port);
            Assert.AreEqual(200L, h.SentAt(0).Time);

            // A retransmitted INVITE in Proceeding gets the last provisional again, and is not passed to the TU.
            h.RunTo(500);
            h.Datagram(TransactionMessages.Incoming("INVITE", "UDP", Br, null, "INVITE"), Proxy, 5070);
            Assert.AreEqual(2, h.Sent.Count);
            Assert.AreEqual(trying, h.SentAt(1).Text);
            Assert.AreEqual(1, h.Events.Count);
        }

        [TestMethod]
        public void NoTryingWhenTheTuAnswersWithin200ms()
        {
            TransactionHarness h = Invite("UDP");
            h.RunTo(50);
            Assert.AreEqual((int)SipTransactionStatus.Ok, (int)h.Respond(h.LastServerTx, TransactionMessages.Answer(180, "Ringing", "UDP", Br, "INVITE")));
            h.RunTo(1000);
            Assert.AreEqual(1, h.Sent.Count);
            Assert.AreEqual("SIP/2.0 180 Ringing", h.SentAt(0).FirstLine);
        }

        [TestMethod]
        public void RetransmissionBeforeAnyResponseIsAbsorbed()
        {
            TransactionHarness h = Invite("UDP");
            h.RunTo(100);
            h.Datagram(TransactionMessages.Incoming("INVITE", "UDP", Br, null, "INVITE"), Proxy, 5070);
            Assert.AreEqual(0, h.Sent.Count);
            Assert.AreEqual(1, h.Events.Count);
            Assert.AreEqual(1, h.Layer.AbsorbedRequests);
        }

        [TestMethod]
        public void InviteNonSuccessRetransmitsWithTimerGUntilTimerH()
        {
            // §17.2.1: 486 at 1000 -> Completed; G from T1 doubling to T2: 1500, 2500, 4500, 8500, 12500 ...
            // 32500; H = 64·T1 after the 486 (33000) times out without an ACK.
            TransactionHarness h = Invite("UDP");
            h.RunTo(150);
            h.Respond(h.LastServerTx, TransactionMessages.Answer(180, "Ringing", "UDP", Br, "INVITE"));
            h.RunTo(1000);
            SipTransaction tx = h.LastServerTx;
            h.Respond(tx, TransactionMessages.Answer(486, "Busy Here", "UDP", Br, "INVITE"));
            Assert.AreEqual((int)SipTransactionState.Completed, (int)tx.State);
            h.RunTo(40000);
            TransactionMessages.AssertTimes(
                new long[] { 1000, 1500, 2500, 4500, 8500, 12500, 16500, 20500, 24500, 28500, 32500 },
                h.TimesOf("SIP/2.0 486"), "486 send times");
            Assert.AreEqual("timeout INVITE", h.EventAt(1));
            Assert.AreEqual(33000L, h.EventTime(1));
            Assert.AreEqual((int)SipTransactionState.Terminated, (int)tx.State);
        }

        [TestMethod]
        public void AckConfirmsAndTimerIEnds()
        {
            // §17.2.1: the ACK moves Completed -> Confirmed, stops G and H; I = T4 = 5 s absorbs further ACKs.
            TransactionHarness h = Invite("UDP");
            SipTransaction tx = h.LastServerTx;
            h.RunTo(100);
            h.Respond(tx, TransactionMessages.Answer(486, "Busy Here", "UDP", Br, "INVITE"));
            h.RunTo(700);
            string ack = TransactionMessages.Incoming("ACK", "UDP", Br, "u1", "ACK");
            h.Datagram(ack, Proxy, 5070);
            Assert.AreEqual((int)SipTransactionState.Confirmed, (int)tx.State);
            h.RunTo(1000);
            h.Datagram(ack, Proxy, 5070);
            h.RunTo(5699);
            Assert.AreEqual((int)SipTransactionState.Confirmed, (int)tx.State);
            h.RunTo(5700);
            Assert.AreEqual((int)SipTransactionState.Terminated, (int)tx.State);
            h.RunTo(40000);
            TransactionMessages.AssertTimes(new long[] { 100, 600 }, h.TimesOf("SIP/2.0 486"), "G stopped by the ACK");
            Assert.AreEqual(1, h.Events.Count);
        }

        [TestMethod]
        public void OverTcpNoTimerGAndIIsZero()
        {
            TransactionHarness h = new TransactionHarness(false);
            h.Request(TransactionMessages.Register("TCP", "z9hG4bKr"), SipTransportKind.Tcp, Proxy, 5060, null);
            int id = h.SentAt(0).ConnectionId;
            h.Connected(id);
            h.Transport.KeepAliveIntervalMs = 0;
            h.StreamData(id, TransactionMessages.Incoming("INVITE", "TCP", Br, null, "INVITE"));
            SipTransaction tx = h.LastServerTx;
            Assert.AreEqual(id, tx.ConnectionId);
            h.Respond(tx, TransactionMessages.Answer(486, "Busy Here", "TCP", Br, "INVITE"));
            Assert.AreEqual((int)TransportActionKind.Send, (int)h.LastSent.Kind);
            Assert.AreEqual(id, h.LastSent.ConnectionId);
            h.RunTo(20000);
            Assert.AreEqual(1, h.CountSent("SIP/2.0 486"));
            h.StreamData(id, TransactionMessages.Incoming("ACK", "TCP", Br, "u1", "ACK"));
            Assert.AreEqual((int)SipTransactionState.Terminated, (int)tx.State);
        }

        [TestMethod]
        public void InviteSuccessAcceptedAbsorbsRetransmissionsAndPassesAck()
        {
            // RFC 6026 §7.1: after a 2xx the transaction is Accepted for L = 64·T1: a retransmitted INVITE is
            // absorbed (the TU retransmits the 2xx), the ACK is passed to the TU.
            TransactionHarness h = Invite("UDP");
            SipTransaction tx = h.LastServerTx;
            h.RunTo(100);
            h.Respond(tx, TransactionMessages.Answer(200, "OK", "UDP", Br, "INVITE"));
            Assert.AreEqual((int)SipTransactionState.Accepted, (int)tx.State);
            h.RunTo(600);
            h.Datagram(TransactionMessages.Incoming("INVITE", "UDP", Br, null, "INVITE"), Proxy, 5070);
            Assert.AreEqual(1, h.Sent.Count);
            Assert.AreEqual(1, h.Events.Count);
            Assert.AreEqual((int)SipTransactionStatus.Ok, (int)h.Respond(tx, TransactionMessages.Answer(200, "OK", "UDP", Br, "INVITE")));
            Assert.AreEqual(2, h.CountSent("SIP/2.0 200"));
            h.Datagram(TransactionMessages.Incoming("ACK", "UDP", ";branch=z9hG4bKack2", "u1", "ACK"), Proxy, 5070);
            Assert.AreEqual("request ACK (no tx)", h.EventAt(1));
            h.RunTo(32099);
            Assert.AreEqual((int)SipTransactionState.Accepted, (int)tx.State);
            h.RunTo(32100);
            Assert.AreEqual((int)SipTransactionState.Terminated, (int)tx.State);
            Assert.AreEqual((int)SipTransactionStatus.BadArgument, (int)h.Respond(tx, TransactionMessages.Answer(200, "OK", "UDP", Br, "INVITE")));
        }

        [TestMethod]
        public void NonInviteServerResendsFinalUntilTimerJ()
        {
            // §17.2.2: Trying absorbs; after the final, retransmissions get it again; J = 64·T1 on UDP.
            TransactionHarness h = new TransactionHarness(false);
            string bye = TransactionMessages.Incoming("BYE", "UDP", Br, "u1", "BYE");
            h.Datagram(bye, Proxy, 5070);
            SipTransaction tx = h.LastServerTx;
            Assert.AreEqual((int)SipTransactionState.Trying, (int)tx.State);
            h.RunTo(300);
            h.Datagram(bye, Proxy, 5070);
            Assert.AreEqual(0, h.Sent.Count);
            h.Respond(tx, TransactionMessages.Answer(200, "OK", "UDP", Br, "BYE"));
            Assert.AreEqual((int)SipTransactionState.Completed, (int)tx.State);
            h.RunTo(5000);
            h.Datagram(bye, Proxy, 5070);
            TransactionMessages.AssertTimes(new long[] { 300, 5000 }, h.TimesOf("SIP/2.0 200"), "200 send times: no timer-driven resends");
            Assert.AreEqual(1, h.Events.Count);
            h.RunTo(32299);
            Assert.AreEqual((int)SipTransactionState.Completed, (int)tx.State);
            h.RunTo(32300);
            Assert.AreEqual((int)SipTransactionState.Terminated, (int)tx.State);
            h.Datagram(bye, Proxy, 5070);
            Assert.AreEqual(2, h.Events.Count);
        }

        [TestMethod]
        public void NonInviteServerProvisionalThenFinal()
        {
            TransactionHarness h = new TransactionHarness(false);
            string bye = TransactionMessages.Incoming("BYE", "UDP", Br, "u1", "BYE");
            h.Datagram(bye, Proxy, 5070);
            SipTransaction tx = h.LastServerTx;
            h.Respond(tx, TransactionMessages.Answer(100, "Trying", "UDP", Br, "BYE"));
            Assert.AreEqual((int)SipTransactionState.Proceeding, (int)tx.State);
            h.Datagram(bye, Proxy, 5070);
            Assert.AreEqual(2, h.CountSent("SIP/2.0 100"));
            h.Respond(tx, TransactionMessages.Answer(200, "OK", "UDP", Br, "BYE"));
            Assert.AreEqual((int)SipTransactionStatus.WrongState, (int)h.Respond(tx, TransactionMessages.Answer(180, "Ringing", "UDP", Br, "BYE")));
        }

        [TestMethod]
        public void NonInviteServerOverTcpJIsZero()
        {
            TransactionHarness h = new TransactionHarness(false);
            h.Request(TransactionMessages.Register("TCP", "z9hG4bKr"), SipTransportKind.Tcp, Proxy, 5060, null);
            int id = h.SentAt(0).ConnectionId;
            h.Connected(id);
            h.StreamData(id, TransactionMessages.Incoming("BYE", "TCP", Br, "u1", "BYE"));
            SipTransaction tx = h.LastServerTx;
            h.Respond(tx, TransactionMessages.Answer(200, "OK", "TCP", Br, "BYE"));
            Assert.AreEqual((int)SipTransactionState.Terminated, (int)tx.State);
            Assert.AreEqual(id, h.LastSent.ConnectionId);
        }

        [TestMethod]
        public void UdpResponseGoesToSourcePortWithRport()
        {
            // RFC 3581 §4: with rport the response goes to the source IP and port; without, RFC 3261 §18.2.2:
            // source IP (the received address), sent-by port.
            TransactionHarness h = new TransactionHarness(false);
            h.Datagram(TransactionMessages.Incoming("BYE", "UDP", ";rport;branch=z9hG4bKs2", "u1", "BYE"), "203.0.113.9", 40001);
            h.Respond(h.LastServerTx, TransactionMessages.Answer(200, "OK", "UDP", ";rport;branch=z9hG4bKs2", "BYE"));
            Assert.AreEqual("203.0.113.9", h.LastSent.Host);
            Assert.AreEqual(40001, h.LastSent.Port);

            h.Datagram(TransactionMessages.Incoming("BYE", "UDP", ";branch=z9hG4bKs3", "u1", "BYE"), "203.0.113.9", 40001);
            h.Respond(h.LastServerTx, TransactionMessages.Answer(200, "OK", "UDP", ";branch=z9hG4bKs3", "BYE"));
            Assert.AreEqual("203.0.113.9", h.LastSent.Host);
            Assert.AreEqual(5070, h.LastSent.Port);
        }

        [TestMethod]
        public void TableFullAnswers503()
        {
            TransactionHarness h = new TransactionHarness(false, 1);
            h.Datagram(TransactionMessages.Incoming("BYE", "UDP", Br, "u1", "BYE"), Proxy, 5070);
            h.Datagram(TransactionMessages.Incoming("BYE", "UDP", ";branch=z9hG4bKother", "u1", "BYE"), Proxy, 5070);
            Assert.AreEqual(1, h.Events.Count);
            Assert.AreEqual(1, h.Layer.TableFullRejects);
            Assert.AreEqual("SIP/2.0 503 Service Unavailable", h.LastSent.FirstLine);
        }
    }
}
