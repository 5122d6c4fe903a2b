using nanoFramework.TestFramework;
using Phone.Sip.Transaction;
using Phone.Sip;
using Phone.Sip.Transport;

namespace Phone.Tests.Sip.Transaction
{
    /// <summary>
    /// Which named timer each transaction arms, and when, read with SipTransaction.DeadlineOf. Expected values are
    /// RFC 3261 Table 4 with the defaults of §17.1.1.1 (T1 = 500 ms, T2 = 4 s, T4 = 5 s), written out here rather
    /// than read from SipTimerSettings; RFC 6026 §7 for L and M.
    /// </summary>
    [TestClass]
    public class TransactionTimerTests
    {
        private const long T1 = 500;
        private const long T4 = 5000;
        private const long Off = long.MaxValue;
        private const string Proxy = TransactionMessages.Server;
        private const string Br = ";branch=z9hG4bKt1";
        private const string B1 = "z9hG4bKtimer1";

        [TestMethod]
        public void InviteClientOverUdpTimerBFiresAt64T1()
        {
            // §17.1.1.2: Calling arms A = T1 and B = 64·T1; an unanswered INVITE times out when B fires.
            TransactionHarness h = new TransactionHarness(false);
            SipTransaction tx = h.Request(TransactionMessages.Invite("UDP", B1), SipTransportKind.Udp, Proxy, 5060, null);
            Assert.AreEqual(T1, tx.DeadlineOf(SipTimer.A));
            Assert.AreEqual(64 * T1, tx.DeadlineOf(SipTimer.B));
            AssertOff(tx, new SipTimer[] { SipTimer.D, SipTimer.E, SipTimer.F, SipTimer.K, SipTimer.M });
            h.RunTo(64 * T1 - 1);
            Assert.AreEqual((int)SipTransactionState.Calling, (int)tx.State);
            Assert.AreEqual(64 * T1, tx.DeadlineOf(SipTimer.B));
            h.RunTo(64 * T1);
            Assert.AreEqual((int)SipTransactionState.Terminated, (int)tx.State);
            Assert.AreEqual("timeout INVITE", h.EventAt(0));
            Assert.AreEqual(64 * T1, h.EventTime(0));
            Assert.AreEqual(Off, tx.DeadlineOf(SipTimer.B));
        }

        [TestMethod]
        public void InviteClientOverTcpArmsOnlyTimerB()
        {
            // §17.1.1.2: no A on a reliable transport; B still = 64·T1.
            TransactionHarness h = new TransactionHarness(false);
            SipTransaction tx = h.Request(TransactionMessages.Invite("TCP", B1), SipTransportKind.Tcp, Proxy, 5060, null);
            h.Connected(h.SentAt(0).ConnectionId);
            Assert.AreEqual(Off, tx.DeadlineOf(SipTimer.A));
            Assert.AreEqual(64 * T1, tx.DeadlineOf(SipTimer.B));
        }

        [TestMethod]
        public void InviteClientNonSuccessArmsTimerDOverUdp()
        {
            // §17.1.1.2: a 300-699 response stops A and B; D is at least 32 s on an unreliable transport.
            TransactionHarness h = new TransactionHarness(false);
            SipTransaction tx = h.Request(TransactionMessages.Invite("UDP", B1), SipTransportKind.Udp, Proxy, 5060, null);
            h.RunTo(100);
            h.Datagram(TransactionMessages.Response(486, "Busy Here", "UDP", B1, "10 INVITE", "", "<sip:bob@example.com>;tag=bb"), Proxy, 5060);
            AssertOff(tx, new SipTimer[] { SipTimer.A, SipTimer.B });
            Assert.AreEqual(100 + 32000L, tx.DeadlineOf(SipTimer.D));
        }

        [TestMethod]
        public void InviteClientSuccessArmsTimerM()
        {
            // RFC 6026 §7.2: a 2xx moves Calling to Accepted and arms M = 64·T1.
            TransactionHarness h = new TransactionHarness(false);
            SipTransaction tx = h.Request(TransactionMessages.Invite("UDP", B1), SipTransportKind.Udp, Proxy, 5060, null);
            h.RunTo(300);
            h.Datagram(TransactionMessages.Response(200, "OK", "UDP", B1, "10 INVITE", "", "<sip:bob@example.com>;tag=bb"), Proxy, 5060);
            AssertOff(tx, new SipTimer[] { SipTimer.A, SipTimer.B, SipTimer.D });
            Assert.AreEqual(300 + 64 * T1, tx.DeadlineOf(SipTimer.M));
        }

        [TestMethod]
        public void NonInviteClientOverUdpTimerKFiresAfterT4()
        {
            // §17.1.2.2: Trying arms E = T1 and F = 64·T1; a final response stops both and arms K = T4.
            TransactionHarness h = new TransactionHarness(false);
            SipTransaction tx = h.Request(TransactionMessages.Register("UDP", B1), SipTransportKind.Udp, Proxy, 5060, null);
            Assert.AreEqual(T1, tx.DeadlineOf(SipTimer.E));
            Assert.AreEqual(64 * T1, tx.DeadlineOf(SipTimer.F));
            AssertOff(tx, new SipTimer[] { SipTimer.A, SipTimer.B, SipTimer.K });
            h.RunTo(700);
            h.Datagram(TransactionMessages.RegisterResponse(200, "OK", "UDP", B1, ""), Proxy, 5060);
            AssertOff(tx, new SipTimer[] { SipTimer.E, SipTimer.F });
            Assert.AreEqual(700 + T4, tx.DeadlineOf(SipTimer.K));
            h.RunTo(700 + T4 - 1);
            Assert.AreEqual((int)SipTransactionState.Completed, (int)tx.State);
            h.RunTo(700 + T4);
            Assert.AreEqual((int)SipTransactionState.Terminated, (int)tx.State);
        }

        [TestMethod]
        public void NonInviteClientOverTcpTimerKIsZero()
        {
            // §17.1.2.2: no E on a reliable transport, and K = 0: the final response ends the transaction at once.
            TransactionHarness h = new TransactionHarness(false);
            SipTransaction tx = h.Request(TransactionMessages.Register("TCP", B1), SipTransportKind.Tcp, Proxy, 5060, null);
            int id = h.SentAt(0).ConnectionId;
            h.Connected(id);
            Assert.AreEqual(Off, tx.DeadlineOf(SipTimer.E));
            Assert.AreEqual(64 * T1, tx.DeadlineOf(SipTimer.F));
            h.RunTo(700);
            h.StreamData(id, TransactionMessages.RegisterResponse(200, "OK", "TCP", B1, ""));
            Assert.AreEqual((int)SipTransactionState.Terminated, (int)tx.State);
            Assert.AreEqual("response 200 1 REGISTER", h.EventAt(0));
            Assert.AreEqual(Off, tx.NextDeadlineMs);
        }

        [TestMethod]
        public void InviteServerOverUdpArmsTryingThenGAndHThenI()
        {
            // §17.2.1: 100 Trying due at 200 ms; a 486 arms G = T1 and H = 64·T1; G doubles; the ACK arms I = T4.
            TransactionHarness h = new TransactionHarness(false);
            h.Datagram(TransactionMessages.Incoming("INVITE", "UDP", Br, null, "INVITE"), Proxy, 5070);
            SipTransaction tx = h.LastServerTx;
            Assert.AreEqual(200L, tx.DeadlineOf(SipTimer.Trying));
            h.RunTo(300);
            h.Respond(tx, TransactionMessages.Answer(486, "Busy Here", "UDP", Br, "INVITE"));
            Assert.AreEqual(Off, tx.DeadlineOf(SipTimer.Trying));
            Assert.AreEqual(300 + T1, tx.DeadlineOf(SipTimer.G));
            Assert.AreEqual(300 + 64 * T1, tx.DeadlineOf(SipTimer.H));
            h.RunTo(300 + T1);
            Assert.AreEqual(300 + T1 + 2 * T1, tx.DeadlineOf(SipTimer.G));
            h.RunTo(1000);
            h.Datagram(TransactionMessages.Incoming("ACK", "UDP", Br, "u1", "ACK"), Proxy, 5070);
            AssertOff(tx, new SipTimer[] { SipTimer.G, SipTimer.H });
            Assert.AreEqual(1000 + T4, tx.DeadlineOf(SipTimer.I));
        }

        [TestMethod]
        public void InviteServerSuccessArmsTimerL()
        {
            // RFC 6026 §7.1: a 2xx from the TU moves Proceeding to Accepted and arms L = 64·T1.
            TransactionHarness h = new TransactionHarness(false);
            h.Datagram(TransactionMessages.Incoming("INVITE", "UDP", Br, null, "INVITE"), Proxy, 5070);
            SipTransaction tx = h.LastServerTx;
            h.RunTo(100);
            h.Respond(tx, TransactionMessages.Answer(200, "OK", "UDP", Br, "INVITE"));
            Assert.AreEqual(Off, tx.DeadlineOf(SipTimer.Trying));
            Assert.AreEqual(100 + 64 * T1, tx.DeadlineOf(SipTimer.L));
        }

        [TestMethod]
        public void NonInviteServerOverUdpArmsTimerJ()
        {
            // §17.2.2: no timer in Trying; the final response arms J = 64·T1 on an unreliable transport.
            TransactionHarness h = new TransactionHarness(false);
            h.Datagram(TransactionMessages.Incoming("BYE", "UDP", Br, "u1", "BYE"), Proxy, 5070);
            SipTransaction tx = h.LastServerTx;
            Assert.AreEqual(Off, tx.NextDeadlineMs);
            h.RunTo(300);
            h.Respond(tx, TransactionMessages.Answer(200, "OK", "UDP", Br, "BYE"));
            Assert.AreEqual(300 + 64 * T1, tx.DeadlineOf(SipTimer.J));
        }

        private static void AssertOff(SipTransaction tx, SipTimer[] timers)
        {
            for (int i = 0; i < timers.Length; i++)
            {
                Assert.AreEqual(Off, tx.DeadlineOf(timers[i]), "timer " + ((int)timers[i]).ToString() + " armed");
            }
        }
    }
}
