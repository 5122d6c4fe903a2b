using nanoFramework.TestFramework;
using Phone.Sip.Transaction;
using Phone.Sip.Transport;
using Phone.Sip;

namespace Phone.Tests.Sip.Transaction
{
    /// <summary>Matching responses to client transactions (RFC 3261 §17.1.3) and requests to server transactions (§17.2.3, §9.2).</summary>
    [TestClass]
    public class TransactionMatchingTests
    {
        private const string Proxy = TransactionMessages.Server;
        private const string Br = ";branch=z9hG4bKs1";

        [TestMethod]
        public void SameBranchDifferentMethodMatchesByCSeqMethod()
        {
            // §17.1.3: a CANCEL shares its INVITE's branch; the CSeq method tells their responses apart.
            TransactionHarness h = new TransactionHarness(false);
            const string b = "z9hG4bKinv1";
            SipTransaction invite = h.Request(TransactionMessages.Invite("UDP", b), SipTransportKind.Udp, Proxy, 5060, null);
            h.Datagram(TransactionMessages.Response(180, "Ringing", "UDP", b, "10 INVITE", "", "<sip:bob@example.com>;tag=bb"), Proxy, 5060);
            SipTransaction cancel = h.Request(TransactionMessages.Cancel("UDP", b), SipTransportKind.Udp, Proxy, 5060, null);
            h.Datagram(TransactionMessages.Response(200, "OK", "UDP", b, "10 CANCEL", "", "<sip:bob@example.com>;tag=bb"), Proxy, 5060);
            Assert.AreEqual((int)SipTransactionState.Completed, (int)cancel.State);
            Assert.AreEqual((int)SipTransactionState.Proceeding, (int)invite.State);
            Assert.AreEqual("response 200 10 CANCEL", h.EventAt(1));
            Assert.AreSame(cancel, h.LastEventTx);
            h.Datagram(TransactionMessages.Response(487, "Request Terminated", "UDP", b, "10 INVITE", "", "<sip:bob@example.com>;tag=bb"), Proxy, 5060);
            Assert.AreEqual((int)SipTransactionState.Completed, (int)invite.State);
            Assert.AreSame(invite, h.LastEventTx);
            Assert.AreEqual(1, h.CountSent("ACK"));
        }

        [TestMethod]
        public void ResponseWithUnknownBranchIsStray()
        {
            // RFC 3261 §18.1.2: a response matching no client transaction is discarded.
            TransactionHarness h = new TransactionHarness(false);
            h.Request(TransactionMessages.Register("UDP", "z9hG4bKreg"), SipTransportKind.Udp, Proxy, 5060, null);
            h.Datagram(TransactionMessages.RegisterResponse(200, "OK", "UDP", "z9hG4bKother", ""), Proxy, 5060);
            h.Datagram(TransactionMessages.Response(200, "OK", "UDP", "z9hG4bKreg", "1 OPTIONS", "", "<sip:a@b>"), Proxy, 5060);
            Assert.AreEqual(0, h.Events.Count);
            Assert.AreEqual(2, h.Layer.StrayResponses);
        }

        [TestMethod]
        public void ResponseWithForeignSentByIsDiscarded()
        {
            // RFC 3261 §18.1.2: the top Via sent-by must be the value we insert (192.0.2.10:5060).
            TransactionHarness h = new TransactionHarness(false);
            SipTransaction tx = h.Request(TransactionMessages.Register("UDP", "z9hG4bKreg"), SipTransportKind.Udp, Proxy, 5060, null);
            string ok = TransactionMessages.RegisterResponse(200, "OK", "UDP", "z9hG4bKreg", "");
            h.Datagram(SipFixture.Replace(ok, "192.0.2.10:5060", "192.0.2.99:5060"), Proxy, 5060);
            h.Datagram(SipFixture.Replace(ok, "192.0.2.10:5060", "192.0.2.10:5062"), Proxy, 5060);
            Assert.AreEqual(0, h.Events.Count);
            Assert.AreEqual(2, h.Layer.ForeignResponses);
            Assert.AreEqual((int)SipTransactionState.Trying, (int)tx.State);
            h.Datagram(ok, Proxy, 5060);
            Assert.AreEqual("response 200 1 REGISTER", h.EventAt(0));
        }

        [TestMethod]
        public void CancelMatchesItsInvite()
        {
            // §9.2: the CANCEL is a new transaction whose branch and sent-by are those of the INVITE it cancels.
            TransactionHarness h = new TransactionHarness(false);
            h.Datagram(TransactionMessages.Incoming("INVITE", "UDP", Br, null, "INVITE"), Proxy, 5070);
            SipTransaction invite = h.LastServerTx;
            h.Datagram(TransactionMessages.Incoming("CANCEL", "UDP", Br, null, "CANCEL"), Proxy, 5070);
            SipTransaction cancel = h.LastServerTx;
            Assert.AreEqual("request CANCEL", h.EventAt(1));
            Assert.AreNotSame(invite, cancel);
            Assert.AreEqual((int)SipTransactionKind.NonInviteServer, (int)cancel.Kind);
            Assert.AreSame(invite, cancel.CancelTarget);

            // A CANCEL with the same branch from another sent-by cancels nothing.
            string other = SipFixture.Replace(TransactionMessages.Incoming("CANCEL", "UDP", Br, null, "CANCEL"), "proxy.example.com:5070", "other.example.com:5070");
            h.Datagram(other, Proxy, 5070);
            Assert.IsNull(h.LastServerTx.CancelTarget);
        }

        [TestMethod]
        public void SameBranchFromAnotherSentByIsANewTransaction()
        {
            // §17.2.3: branch AND sent-by must match.
            TransactionHarness h = new TransactionHarness(false);
            h.Datagram(TransactionMessages.Incoming("BYE", "UDP", Br, "u1", "BYE"), Proxy, 5070);
            h.Datagram(SipFixture.Replace(TransactionMessages.Incoming("BYE", "UDP", Br, "u1", "BYE"), ":5070", ":5071"), Proxy, 5070);
            Assert.AreEqual(2, h.Events.Count);
            Assert.AreEqual(0, h.Layer.AbsorbedRequests);
        }

        [TestMethod]
        public void SameBranchDifferentMethodIsANewServerTransaction()
        {
            TransactionHarness h = new TransactionHarness(false);
            h.Datagram(TransactionMessages.Incoming("BYE", "UDP", Br, "u1", "BYE"), Proxy, 5070);
            h.Datagram(TransactionMessages.Incoming("INFO", "UDP", Br, "u1", "INFO"), Proxy, 5070);
            Assert.AreEqual(2, h.Events.Count);
        }

        [TestMethod]
        public void Rfc2543RequestsMatchByDialogFieldsAndTopVia()
        {
            // §17.2.3: without the magic cookie, an INVITE matches by Request-URI, To tag, From tag, Call-ID, CSeq
            // and top Via; its ACK by the same (CSeq number only) with the To tag of our response.
            TransactionHarness h = new TransactionHarness(false);
            string invite = TransactionMessages.Incoming("INVITE", "UDP", "", null, "INVITE");
            h.Datagram(invite, Proxy, 5070);
            SipTransaction tx = h.LastServerTx;
            h.Datagram(invite, Proxy, 5070);
            Assert.AreEqual(1, h.Events.Count);
            h.Respond(tx, TransactionMessages.Answer(486, "Busy Here", "UDP", "", "INVITE"));

            string wrongTag = TransactionMessages.Incoming("ACK", "UDP", "", "zz", "ACK");
            h.Datagram(wrongTag, Proxy, 5070);
            Assert.AreEqual((int)SipTransactionState.Completed, (int)tx.State);
            Assert.AreEqual("request ACK (no tx)", h.EventAt(1));

            h.Datagram(TransactionMessages.Incoming("ACK", "UDP", "", "u1", "ACK"), Proxy, 5070);
            Assert.AreEqual((int)SipTransactionState.Confirmed, (int)tx.State);

            // Another CSeq is another transaction.
            h.Datagram(SipFixture.Replace(invite, "CSeq: 7", "CSeq: 8"), Proxy, 5070);
            Assert.AreEqual(3, h.Events.Count);
            Assert.AreNotSame(tx, h.LastServerTx);
        }

        [TestMethod]
        public void Rfc2543CancelMatchesItsInvite()
        {
            TransactionHarness h = new TransactionHarness(false);
            h.Datagram(TransactionMessages.Incoming("INVITE", "UDP", "", null, "INVITE"), Proxy, 5070);
            SipTransaction invite = h.LastServerTx;
            h.Datagram(TransactionMessages.Incoming("CANCEL", "UDP", "", null, "CANCEL"), Proxy, 5070);
            Assert.AreSame(invite, h.LastServerTx.CancelTarget);
        }

        [TestMethod]
        public void BranchesComeFromTheEntropySource()
        {
            // RFC 3261 §8.1.1.7: z9hG4bK + random; the fake entropy yields bytes 01 02 03 ...
            TransactionHarness h = new TransactionHarness(false);
            string b1 = h.Layer.NewBranch();
            string b2 = h.Layer.NewBranch();
            Assert.AreEqual("z9hG4bK0102030405060708", b1);
            Assert.AreEqual("z9hG4bK090a0b0c0d0e0f10", b2);
            Assert.IsTrue(SipBranch.IsRfc3261(b1));
            Assert.IsFalse(SipBranch.IsRfc3261("z9hG4bK"));
            Assert.IsFalse(SipBranch.IsRfc3261("1234"));
            Assert.AreEqual("SIP/2.0/TLS 192.0.2.10:5060;rport;branch=" + b1, h.Layer.ViaValue(SipTransportKind.Tls, b1));
        }
    }
}
