using nanoFramework.TestFramework;
using Phone.Sip.Transaction;
using Phone.Sip.Transport;
using Phone.Tests.Sip.Transaction;
using Phone.Sip;

namespace Phone.Tests.Sip.Transport
{
    /// <summary>
    /// The sans-I/O transport seam: connections per (transport, host, port, server name), no fallback, stream
    /// framing, CRLF keep-alive (RFC 5626 §4.4.1) and rport/received learning (RFC 3581 §4).
    /// </summary>
    [TestClass]
    public class SipTransportTests
    {
        private const string Host = "10.0.0.5";

        [TestMethod]
        public void OneConnectionPerServerName()
        {
            // CVE-2020-15260: a TLS connection verified for one name never carries requests for another.
            TransactionHarness h = new TransactionHarness(false);
            SipTransaction a = h.Request(TransactionMessages.Register("TLS", "z9hG4bKa"), SipTransportKind.Tls, Host, 5061, "sip.example.com");
            SipTransaction b = h.Request(TransactionMessages.Register("TLS", "z9hG4bKb"), SipTransportKind.Tls, Host, 5061, "other.example.com");
            SipTransaction c = h.Request(TransactionMessages.Register("TLS", "z9hG4bKc"), SipTransportKind.Tls, Host, 5061, "SIP.example.com");
            Assert.AreEqual(2, h.Sent.Count);
            SentRecord c1 = h.SentAt(0);
            SentRecord c2 = h.SentAt(1);
            Assert.AreEqual((int)TransportActionKind.Connect, (int)c1.Kind);
            Assert.AreEqual((int)SipTransportKind.Tls, (int)c1.Transport);
            Assert.AreEqual(Host, c1.Host);
            Assert.AreEqual(5061, c1.Port);
            Assert.AreEqual("sip.example.com", c1.ServerName);
            Assert.AreEqual("other.example.com", c2.ServerName);
            Assert.AreNotEqual(c1.ConnectionId, c2.ConnectionId);
            Assert.AreEqual(c1.ConnectionId, a.ConnectionId);
            Assert.AreEqual(c2.ConnectionId, b.ConnectionId);
            Assert.AreEqual(c1.ConnectionId, c.ConnectionId);

            // The same host over Tcp is another key too; with both slots taken the table is full.
            SipTransaction d;
            byte[] req = TransactionHarness.Bytes(TransactionMessages.Register("TCP", "z9hG4bKd"));
            Assert.AreEqual((int)SipTransactionStatus.ConnectionTableFull,
                (int)h.Layer.SendRequest(req, 0, req.Length, SipTransportKind.Tcp, Host, 5061, null, 0, out d));
        }

        [TestMethod]
        public void RequestLeavesWhenTheConnectionOpens()
        {
            TransactionHarness h = new TransactionHarness(false);
            h.Request(TransactionMessages.Register("TLS", "z9hG4bKa"), SipTransportKind.Tls, Host, 5061, "sip.example.com");
            Assert.AreEqual(1, h.Sent.Count);
            h.RunTo(100);
            Assert.AreEqual(1, h.Sent.Count);
            h.Connected(h.SentAt(0).ConnectionId);
            Assert.AreEqual(2, h.Sent.Count);
            Assert.AreEqual((int)TransportActionKind.Send, (int)h.SentAt(1).Kind);
            Assert.AreEqual("REGISTER sip:example.com SIP/2.0", h.SentAt(1).FirstLine);
        }

        [TestMethod]
        public void ConnectFailureIsATransportErrorWithoutFallback()
        {
            // RFC 3261 §17.1.4 / §8.1.3.1: the TU hears of the failure; nothing is retried over Tcp or Udp.
            TransactionHarness h = new TransactionHarness(false);
            SipTransaction tx = h.Request(TransactionMessages.Register("TLS", "z9hG4bKa"), SipTransportKind.Tls, Host, 5061, "sip.example.com");
            int id = h.SentAt(0).ConnectionId;
            h.Transport.OnConnectFailed(id, "certificate name mismatch", 50);
            h.Drain();
            Assert.AreEqual("transport-error REGISTER", h.EventAt(0));
            Assert.AreEqual("flow-failed " + id.ToString(), h.EventAt(1));
            Assert.AreEqual((int)SipTransactionState.Terminated, (int)tx.State);
            h.RunTo(60000);
            Assert.AreEqual(1, h.Sent.Count);
            Assert.AreEqual(2, h.Events.Count);
            Assert.IsNull(h.Transport.Find(id));
        }

        [TestMethod]
        public void PeerCloseFailsTransactionsOnTheFlow()
        {
            TransactionHarness h = new TransactionHarness(false);
            SipTransaction tx = h.Request(TransactionMessages.Register("TCP", "z9hG4bKa"), SipTransportKind.Tcp, Host, 5060, null);
            int id = h.SentAt(0).ConnectionId;
            h.Connected(id);
            h.Transport.OnConnectionClosed(id, "reset", 10);
            Assert.AreEqual("transport-error REGISTER", h.EventAt(0));
            Assert.AreEqual((int)SipTransactionState.Terminated, (int)tx.State);
        }

        [TestMethod]
        public void DatagramSendFailureIsATransportError()
        {
            TransactionHarness h = new TransactionHarness(false);
            SipTransaction tx = h.Request(TransactionMessages.Register("UDP", "z9hG4bKa"), SipTransportKind.Udp, Host, 5060, null);
            h.Transport.OnSendToFailed(Host, 5060, "no route", 10);
            Assert.AreEqual("transport-error REGISTER", h.EventAt(0));
            Assert.AreEqual((int)SipTransactionState.Terminated, (int)tx.State);
        }

        [TestMethod]
        public void ThePeersPingIsAnsweredWithAPong()
        {
            // RFC 5626 §3.5.1: a double CRLF between messages is a ping; the answer is a single CRLF on the same flow.
            TransactionHarness h = new TransactionHarness(false);
            h.Request(TransactionMessages.Register("TLS", "z9hG4bKp"), SipTransportKind.Tls, Host, 5061, "sip.example.com");
            int id = h.SentAt(0).ConnectionId;
            h.Connected(id);
            h.StreamData(id, TransactionMessages.RegisterResponse(200, "OK", "TLS", "z9hG4bKp", ""));
            int sent = h.Sent.Count;
            h.StreamData(id, "\r\n\r\n");
            Assert.AreEqual(sent + 1, h.Sent.Count);
            Assert.AreEqual((int)TransportActionKind.Send, (int)h.SentAt(sent).Kind);
            Assert.AreEqual("\r\n", h.SentAt(sent).Text);
            Assert.AreEqual(id, h.SentAt(sent).ConnectionId);
            Assert.AreEqual(1, h.Transport.PongsSent);

            // CRLFs inside a message being read are the message's, not a ping.
            string half = TransactionMessages.RegisterResponse(200, "OK", "TLS", "z9hG4bKp", "");
            h.StreamData(id, half.Substring(0, 20));
            h.StreamData(id, "\r\n\r\n");
            Assert.AreEqual(1, h.Transport.PongsSent);
        }

        [TestMethod]
        public void KeepAlivePingPongAndDeadFlow()
        {
            // RFC 5626 §4.4.1: CRLFCRLF every interval; a CRLF pong within 10 s keeps the flow; none -> dead.
            TransactionHarness h = new TransactionHarness(false);
            h.Transport.KeepAliveIntervalMs = 30000;
            h.Request(TransactionMessages.Register("TLS", "z9hG4bKa"), SipTransportKind.Tls, Host, 5061, "sip.example.com");
            int id = h.SentAt(0).ConnectionId;
            h.Connected(id);
            h.StreamData(id, TransactionMessages.RegisterResponse(200, "OK", "TLS", "z9hG4bKa", ""));
            h.RunTo(29999);
            Assert.AreEqual(2, h.Sent.Count);
            h.RunTo(30000);
            Assert.AreEqual(3, h.Sent.Count);
            Assert.AreEqual((int)TransportActionKind.Send, (int)h.SentAt(2).Kind);
            Assert.AreEqual("\r\n\r\n", h.SentAt(2).Text);
            Assert.AreEqual(id, h.SentAt(2).ConnectionId);
            Assert.IsTrue(h.Transport.Find(id).AwaitingPong);

            h.RunTo(31000);
            h.StreamData(id, "\r\n");
            Assert.IsFalse(h.Transport.Find(id).AwaitingPong);
            h.RunTo(60999);
            Assert.AreEqual(3, h.Sent.Count);
            h.RunTo(61000);
            Assert.AreEqual(4, h.Sent.Count);
            Assert.AreEqual("\r\n\r\n", h.SentAt(3).Text);

            // No pong: the flow is dead 10 s after the ping; the adapter is told to close it and the TU to recover.
            h.RunTo(70999);
            Assert.AreEqual(1, h.Events.Count);
            h.RunTo(71000);
            Assert.AreEqual((int)TransportActionKind.Close, (int)h.LastSent.Kind);
            Assert.AreEqual(id, h.LastSent.ConnectionId);
            Assert.AreEqual("flow-failed " + id.ToString(), h.EventAt(1));
            Assert.AreEqual(71000L, h.EventTime(1));
            Assert.AreEqual(1, h.Transport.DeadFlows);
            Assert.IsNull(h.Transport.Find(id));
        }

        [TestMethod]
        public void RportAndReceivedTeachOurPublicAddress()
        {
            // RFC 3581 §4: the server fills rport with the source port it saw and adds received.
            TransactionHarness h = new TransactionHarness(false);
            Assert.IsNull(h.Transport.PublicHost);
            Assert.AreEqual(-1, h.Transport.PublicPort);
            h.Request(TransactionMessages.Register("UDP", "z9hG4bKa"), SipTransportKind.Udp, Host, 5060, null);
            Assert.IsTrue(h.SentAt(0).Text.IndexOf(";rport;branch=") > 0);
            h.Datagram(TransactionMessages.RegisterResponse(200, "OK", "UDP", "z9hG4bKa", "=40001;received=203.0.113.7"), Host, 5060);
            Assert.AreEqual("203.0.113.7", h.Transport.PublicHost);
            Assert.AreEqual(40001, h.Transport.PublicPort);
            Assert.AreEqual(1, h.Transport.PublicAddressChanges);
        }

        [TestMethod]
        public void StreamMessagesAreFramedAcrossChunks()
        {
            TransactionHarness h = new TransactionHarness(false);
            h.Request(TransactionMessages.Register("TCP", "z9hG4bKa"), SipTransportKind.Tcp, Host, 5060, null);
            int id = h.SentAt(0).ConnectionId;
            h.Connected(id);
            string r = "\r\n\r\n" + TransactionMessages.RegisterResponse(100, "Trying", "TCP", "z9hG4bKa", "") +
                       TransactionMessages.RegisterResponse(200, "OK", "TCP", "z9hG4bKa", "");
            h.StreamData(id, r.Substring(0, 50));
            Assert.AreEqual(0, h.Events.Count);
            h.StreamData(id, r.Substring(50));
            Assert.AreEqual(2, h.Events.Count);
            Assert.AreEqual("response 100 1 REGISTER", h.EventAt(0));
            Assert.AreEqual("response 200 1 REGISTER", h.EventAt(1));
        }

        [TestMethod]
        public void UnframeableStreamIsClosed()
        {
            // RFC 3261 §18.3: a stream message without Content-Length cannot be framed; the connection is closed.
            TransactionHarness h = new TransactionHarness(false);
            h.Request(TransactionMessages.Register("TCP", "z9hG4bKa"), SipTransportKind.Tcp, Host, 5060, null);
            int id = h.SentAt(0).ConnectionId;
            h.Connected(id);
            string noLength = SipFixture.Replace(TransactionMessages.RegisterResponse(200, "OK", "TCP", "z9hG4bKa", ""), "Content-Length: 0\r\n", "");
            h.StreamData(id, noLength);
            Assert.AreEqual((int)TransportActionKind.Close, (int)h.LastSent.Kind);

            // Its head is readable and a response, which the layer discards (§18.1.2) as it does on UDP.
            Assert.AreEqual("transport-error REGISTER", h.EventAt(0));
            Assert.AreEqual("flow-failed " + id.ToString(), h.EventAt(1));
            Assert.AreEqual(1, h.Transport.MalformedCount);
        }

        [TestMethod]
        public void ActionQueueOverflowIsCounted()
        {
            SipTransport t = new SipTransport(1, 2);
            byte[] d = new byte[] { 1 };
            Assert.AreEqual((int)SipTransportStatus.Ok, (int)t.SendTo("h", 1, d, 0, 1));
            Assert.AreEqual((int)SipTransportStatus.Ok, (int)t.SendTo("h", 1, d, 0, 1));
            Assert.AreEqual((int)SipTransportStatus.QueueFull, (int)t.SendTo("h", 1, d, 0, 1));
            Assert.AreEqual(1, t.Actions.Overflows);
            Assert.AreEqual((int)SipTransportStatus.BadArgument, (int)t.SendTo(null, 1, d, 0, 1));
            t.OnDatagram(null, 0, 5, "h", 1, 0);
            t.OnStreamData(99, d, 0, 1, 0);
            Assert.AreEqual(2, t.Actions.Count);
        }
    }
}
