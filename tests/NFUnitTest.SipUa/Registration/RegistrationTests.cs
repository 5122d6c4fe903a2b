using nanoFramework.TestFramework;
using Phone.Call;
using Phone.Sip.Registration;
using Phone.Sip.Transport;
using Phone.Sip;

namespace Phone.Tests.Sip.Registration
{
    /// <summary>
    /// REGISTER sequences of RFC 3261 §10.2 on the virtual clock against responses written out here: digest
    /// (§22.2, RFC 7616 nc), refresh timing, 423 Min-Expires (§10.2.8), RFC 5626 §4.5 backoff, flow failure
    /// (RFC 5626 §4.4.1) and removal with Expires: 0 (§10.2.2).
    /// </summary>
    [TestClass]
    public class RegistrationTests
    {
        private const string Challenge = "WWW-Authenticate: Digest realm=\"example.com\", nonce=\"n0nce1\", qop=\"auth\", algorithm=MD5\r\n";
        private const string Ok600 = "Contact: <sip:1001@192.0.2.10:5062;transport=udp>;expires=600;+sip.instance=\"<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>\"\r\n";

        [TestMethod]
        public void FirstRegisterCarriesContactInstanceExpiresAndTransport()
        {
            RegistrationHarness h = new RegistrationHarness(SipTransportKind.Udp, null);
            h.Start();
            Assert.AreEqual(1, h.RegisterCount);
            string r = h.LastRegister;
            Assert.StartsWith("REGISTER sip:example.com SIP/2.0\r\n", r);
            // RFC 5626 §4.1/§4.2.1: the instance names the device, reg-id the flow (outbound offered by default).
            Assert.AreEqual("<sip:1001@192.0.2.10:5062;transport=udp>;+sip.instance=\"<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>\";reg-id=1",
                RegistrationHarness.Header(r, "Contact"));
            Assert.AreEqual("outbound, path", RegistrationHarness.Header(r, "Supported"));
            Assert.AreEqual("600", RegistrationHarness.Header(r, "Expires"));
            Assert.AreEqual("1 REGISTER", RegistrationHarness.Header(r, "CSeq"));
            Assert.AreEqual("\"Desk\" <sip:1001@example.com>", RegistrationHarness.Header(r, "To"));
            Assert.StartsWith("SIP/2.0/UDP 192.0.2.10:5062;rport;branch=z9hG4bK", RegistrationHarness.Header(r, "Via"));
            Assert.IsNull(RegistrationHarness.Header(r, "Authorization"));
            Assert.IsNull(RegistrationHarness.Header(r, "Route"));
            Assert.AreEqual((int)TransportActionKind.SendTo, (int)(TransportActionKind)h.Kinds[0]);
            Assert.AreEqual("Registering", h.EventAt(0));
            Assert.AreEqual((int)RegistrationState.Registering, (int)h.Reg.State);
        }

        [TestMethod]
        public void ChallengeThenOkThenRefreshReusesNonceWithNextNc()
        {
            RegistrationHarness h = new RegistrationHarness(SipTransportKind.Udp, null);
            h.Start();
            string first = h.LastRegister;
            h.RunTo(100);
            h.Respond("401 Unauthorized", Challenge);

            // §22.2: resent with credentials, CSeq + 1, same Call-ID, new branch.
            Assert.AreEqual(2, h.RegisterCount);
            string second = h.LastRegister;
            Assert.AreEqual("2 REGISTER", RegistrationHarness.Header(second, "CSeq"));
            Assert.AreEqual(RegistrationHarness.Header(first, "Call-ID"), RegistrationHarness.Header(second, "Call-ID"));
            Assert.AreNotEqual(RegistrationHarness.Header(first, "Via"), RegistrationHarness.Header(second, "Via"));
            string auth = RegistrationHarness.Header(second, "Authorization");
            Assert.IsNotNull(auth);
            Assert.Contains("username=\"1001\"", auth);
            Assert.Contains("realm=\"example.com\"", auth);
            Assert.Contains("uri=\"sip:example.com\"", auth);
            Assert.Contains("nc=00000001", auth);
            Assert.Contains("qop=auth", auth);
            Assert.DoesNotContains("secret-pw", second);

            h.RunTo(200);
            h.Respond("200 OK", Ok600);
            Assert.AreEqual("Registered(600)", h.LastEvent.ToString());
            Assert.AreEqual(600, h.Reg.GrantedExpires);

            // Refresh at min(600 − 60, 600 − 30) = 540 s after the 200.
            Assert.AreEqual(200L + 540000L, h.Reg.NextDeadlineMs);
            h.RunTo(200 + 539999);
            Assert.AreEqual(2, h.RegisterCount);
            h.RunTo(200 + 540000);
            Assert.AreEqual(3, h.RegisterCount);
            string refresh = h.LastRegister;
            Assert.AreEqual(200L + 540000L, h.LastRegisterTime);
            Assert.AreEqual("3 REGISTER", RegistrationHarness.Header(refresh, "CSeq"));
            Assert.AreEqual(RegistrationHarness.Header(first, "Call-ID"), RegistrationHarness.Header(refresh, "Call-ID"));
            Assert.AreEqual(RegistrationHarness.Header(first, "From"), RegistrationHarness.Header(refresh, "From"));
            Assert.Contains("nc=00000002", RegistrationHarness.Header(refresh, "Authorization"));
            Assert.Contains("nonce=\"n0nce1\"", RegistrationHarness.Header(refresh, "Authorization"));

            // A refresh accepted keeps Registered and plans the next one.
            h.Respond("200 OK", Ok600);
            Assert.AreEqual("Registered(600)", h.LastEvent.ToString());
            Assert.AreEqual(h.Now + 540000L, h.Reg.NextDeadlineMs);
            Assert.AreEqual(0, h.Reg.ConsecutiveFailures);
        }

        [TestMethod]
        public void ProxyChallengeIsAnsweredWithProxyAuthorization()
        {
            RegistrationHarness h = new RegistrationHarness(SipTransportKind.Udp, null);
            h.Start();
            h.Respond("407 Proxy Authentication Required", "Proxy-Authenticate: Digest realm=\"proxy.example.com\", nonce=\"p1\", qop=\"auth\"\r\n");
            string r = h.LastRegister;
            Assert.AreEqual("2 REGISTER", RegistrationHarness.Header(r, "CSeq"));
            Assert.Contains("nc=00000001", RegistrationHarness.Header(r, "Proxy-Authorization"));
            Assert.IsNull(RegistrationHarness.Header(r, "Authorization"));
        }

        [TestMethod]
        public void StaleNonceIsRetriedWithoutFailing()
        {
            RegistrationHarness h = new RegistrationHarness(SipTransportKind.Udp, null);
            h.Start();
            h.Respond("401 Unauthorized", Challenge);
            h.Respond("401 Unauthorized", "WWW-Authenticate: Digest realm=\"example.com\", nonce=\"n0nce2\", qop=\"auth\", stale=true\r\n");
            Assert.AreEqual(3, h.RegisterCount);
            string a = RegistrationHarness.Header(h.LastRegister, "Authorization");
            Assert.Contains("nonce=\"n0nce2\"", a);
            Assert.Contains("nc=00000001", a);
            h.Respond("200 OK", Ok600);
            Assert.AreEqual((int)RegistrationState.Registered, (int)h.Reg.State);
        }

        [TestMethod]
        public void IntervalTooBriefIsRetriedWithMinExpires()
        {
            RegistrationHarness h = new RegistrationHarness(SipTransportKind.Udp, null);
            h.Start();
            h.Respond("423 Interval Too Brief", "Min-Expires: 1200\r\n");
            Assert.AreEqual(2, h.RegisterCount);
            Assert.AreEqual("1200", RegistrationHarness.Header(h.LastRegister, "Expires"));
            Assert.AreEqual("2 REGISTER", RegistrationHarness.Header(h.LastRegister, "CSeq"));
            Assert.AreEqual(1200, h.Reg.RequestedExpires);

            // No expires in Contact: the Expires header of the 200 is the granted lifetime (§10.2.4).
            h.Respond("200 OK", "Expires: 1200\r\n");
            Assert.AreEqual("Registered(1200)", h.LastEvent.ToString());
            Assert.AreEqual(1080000L, h.Reg.NextDeadlineMs - h.Now);
        }

        [TestMethod]
        public void MaximalExpiresIsGrantedClampedToTwoToThe31()
        {
            // RFC 3261 §20.19: Expires is 0 to 2^32-1; 4294967295 is valid (it used to be ignored as unreadable, so the
            // binding was taken to last what we asked for). Read as 2^31-1 s; the refresh is computed in long ms.
            RegistrationHarness h = new RegistrationHarness(SipTransportKind.Udp, null);
            h.Start();
            h.Respond("200 OK", "Expires: 4294967295\r\n");
            Assert.AreEqual("Registered(2147483647)", h.LastEvent.ToString());
            Assert.IsTrue(h.Reg.NextDeadlineMs - h.Now > 1000000000000L);

            RegistrationHarness c = new RegistrationHarness(SipTransportKind.Udp, null);
            c.Start();
            int at = Ok600.IndexOf("expires=600");
            c.Respond("200 OK", Ok600.Substring(0, at) + "expires=4294967295" + Ok600.Substring(at + 11));
            Assert.AreEqual(0x7FFFFFFF, c.Reg.GrantedExpires);
        }

        [TestMethod]
        public void IntervalTooBriefWithoutAHigherMinimumFails()
        {
            RegistrationHarness h = new RegistrationHarness(SipTransportKind.Udp, null);
            h.Start();
            h.Respond("423 Interval Too Brief", "Min-Expires: 300\r\n");
            Assert.AreEqual(1, h.RegisterCount);
            Assert.AreEqual((int)RegistrationState.Failed, (int)h.Reg.State);
            Assert.AreEqual(423, h.LastEvent.Status);
        }

        [TestMethod]
        public void WrongPasswordFailsOnceAndRetriesAfterJitteredBackoff()
        {
            RegistrationHarness h = new RegistrationHarness(SipTransportKind.Udp, null);
            h.Start();
            h.RunTo(400);
            h.Respond("401 Unauthorized", Challenge);
            h.RunTo(450);
            h.Respond("401 Unauthorized", Challenge);

            // The same nonce refused again (before any UDP retransmission at 500 ms): credentials rejected, no third
            // REGISTER (no loop).
            Assert.AreEqual(2, h.RegisterCount);
            SipRegistrationEvent e = h.LastEvent;
            Assert.AreEqual((int)RegistrationState.Failed, (int)e.State);
            Assert.AreEqual(401, e.Status);
            Assert.IsNotNull(e.Reason);
            Assert.DoesNotContains("secret-pw", e.Reason);

            // RFC 5626 §4.5, first failure: W = min(1800 s, 30 s · 2^1) = 60 s, waited 50–100 %: 30..60 s.
            Assert.IsTrue(e.RetryInMs >= 30000 && e.RetryInMs <= 60000, "retry in " + e.RetryInMs.ToString());
            Assert.AreEqual(450L + e.RetryInMs, h.Reg.NextDeadlineMs);
            Assert.AreEqual((int)RegistrationState.Failed, (int)SipCallBridge.ToPhoneEvent(e).Registration);
            Assert.AreEqual((int)e.RetryInMs, SipCallBridge.ToPhoneEvent(e).RetryInMs);

            h.RunTo(450 + e.RetryInMs - 1);
            Assert.AreEqual(2, h.RegisterCount);
            h.RunTo(450 + e.RetryInMs);
            Assert.AreEqual(3, h.RegisterCount);
            Assert.AreEqual("Registering", h.LastEvent.ToString());

            // The retry starts clean (no stale credentials) and the second failure doubles W: 60..120 s.
            Assert.IsNull(RegistrationHarness.Header(h.LastRegister, "Authorization"));
            h.Respond("401 Unauthorized", Challenge);
            h.Respond("401 Unauthorized", Challenge);
            Assert.IsTrue(h.LastEvent.RetryInMs >= 60000 && h.LastEvent.RetryInMs <= 120000, "second retry in " + h.LastEvent.RetryInMs.ToString());
            Assert.AreEqual(2, h.Reg.ConsecutiveFailures);
        }

        [TestMethod]
        public void NetworkRestoredRetriesAtOnceButKeepsTheFailureCount()
        {
            RegistrationHarness h = new RegistrationHarness(SipTransportKind.Udp, null);
            h.Start();
            h.RunTo(100);
            h.Respond("503 Service Unavailable", "");
            Assert.AreEqual((int)RegistrationState.Failed, (int)h.LastEvent.State);
            Assert.AreEqual(1, h.RegisterCount);
            Assert.IsTrue(h.Reg.NextDeadlineMs >= 100 + 30000, "backoff of at least 30 s");

            // Wi-Fi came back 5 s later: the REGISTER goes now, not after the backoff.
            h.RunTo(5100);
            h.Reg.NetworkRestored(h.Now);
            h.RunTo(5100);
            Assert.AreEqual(2, h.RegisterCount);
            Assert.AreEqual("Registering", h.LastEvent.ToString());

            // Still failing: the second failure's backoff (RFC 5626 §4.5: 60..120 s), not the first one's.
            h.Respond("503 Service Unavailable", "");
            Assert.AreEqual(2, h.Reg.ConsecutiveFailures);
            Assert.IsTrue(h.LastEvent.RetryInMs >= 60000 && h.LastEvent.RetryInMs <= 120000, "retry in " + h.LastEvent.RetryInMs.ToString());

            // While a REGISTER is in flight or when registered, it changes nothing.
            h.RunTo(h.Reg.NextDeadlineMs);
            Assert.AreEqual(3, h.RegisterCount);
            h.Reg.NetworkRestored(h.Now);
            h.RunTo(h.Now + 100);
            Assert.AreEqual(3, h.RegisterCount);
            h.Respond("200 OK", "Expires: 600\r\n");
            long refresh = h.Reg.NextDeadlineMs;
            h.Reg.NetworkRestored(h.Now);
            Assert.AreEqual(refresh, h.Reg.NextDeadlineMs);
        }

        [TestMethod]
        public void NoAnswerOverUdpIsATimeoutThenBackoff()
        {
            RegistrationHarness h = new RegistrationHarness(SipTransportKind.Udp, null);
            h.Start();
            h.RunTo(31999);
            Assert.AreEqual((int)RegistrationState.Registering, (int)h.Reg.State);
            h.RunTo(32000);
            Assert.AreEqual((int)RegistrationState.Failed, (int)h.LastEvent.State);
            Assert.AreEqual(408, h.LastEvent.Status);
        }

        [TestMethod]
        public void ConnectionLostReRegistersAfterBackoffOnANewConnection()
        {
            RegistrationHarness h = new RegistrationHarness(SipTransportKind.Tls, null);
            h.Start();
            Assert.AreEqual((int)TransportActionKind.Connect, (int)(TransportActionKind)h.Kinds[0]);
            Assert.AreEqual(RegistrationHarness.Registrar + ":5061", (string)h.Sent[0]);
            int conn = (int)h.Conns[0];
            h.Transport.OnConnected(conn, h.Now);
            h.Drain();
            Assert.AreEqual(1, h.RegisterCount);
            string contact = RegistrationHarness.Header(h.LastRegister, "Contact");
            Assert.StartsWith("<sips:", contact); // RFC 5630 §3.1.3: a SIPS Contact, not ;transport=tls
            Assert.IsFalse(contact.IndexOf("transport=") >= 0, contact);
            Assert.StartsWith("SIP/2.0/TLS ", RegistrationHarness.Header(h.LastRegister, "Via"));
            h.Respond("200 OK", "Expires: 600\r\n");
            Assert.AreEqual("Registered(600)", h.LastEvent.ToString());

            h.RunTo(60000);
            h.Reg.NoteTransportFailure("connection reset");
            h.Transport.OnConnectionClosed(conn, "reset", h.Now);
            h.Drain();
            SipRegistrationEvent e = h.LastEvent;
            Assert.AreEqual((int)RegistrationState.Failed, (int)e.State);
            Assert.AreEqual(0, e.Status);
            Assert.AreEqual("connection reset", e.Reason);
            Assert.IsTrue(e.RetryInMs >= 30000 && e.RetryInMs <= 60000);

            h.RunTo(60000 + e.RetryInMs);
            int connects = 0;
            int newConn = 0;
            for (int i = 0; i < h.Kinds.Count; i++)
            {
                if ((TransportActionKind)h.Kinds[i] == TransportActionKind.Connect)
                {
                    connects++;
                    newConn = (int)h.Conns[i];
                }
            }

            Assert.AreEqual(2, connects);
            Assert.AreNotEqual(conn, newConn);
            h.Transport.OnConnected(newConn, h.Now);
            h.Drain();
            Assert.AreEqual(2, h.RegisterCount);
            Assert.AreEqual("2 REGISTER", RegistrationHarness.Header(h.LastRegister, "CSeq"));
            h.Respond("200 OK", "Expires: 600\r\n");
            Assert.AreEqual((int)RegistrationState.Registered, (int)h.Reg.State);
            Assert.AreEqual(0, h.Reg.ConsecutiveFailures);
        }

        [TestMethod]
        public void TlsRefusalFailsWithTheReasonAndNeverFallsBack()
        {
            RegistrationHarness h = new RegistrationHarness(SipTransportKind.Tls, null);
            h.Start();
            int conn = (int)h.Conns[0];
            h.Reg.NoteTransportFailure("untrusted certificate");
            h.Transport.OnConnectFailed(conn, "untrusted certificate", h.Now);
            h.Drain();
            Assert.AreEqual((int)RegistrationState.Failed, (int)h.LastEvent.State);
            Assert.AreEqual("untrusted certificate", h.LastEvent.Reason);
            Assert.AreEqual(0, h.RegisterCount);
            for (int i = 0; i < h.Kinds.Count; i++)
            {
                Assert.AreNotEqual((int)TransportActionKind.SendTo, (int)(TransportActionKind)h.Kinds[i]);
            }

            Assert.AreEqual(1, h.Kinds.Count);
        }

        [TestMethod]
        public void OutboundProxyIsTheFirstHopWithALooseRoute()
        {
            RegistrationHarness h = new RegistrationHarness(SipTransportKind.Tcp, "proxy.example.net:5070");
            h.Start();
            Assert.AreEqual("proxy.example.net:5070", (string)h.Sent[0]);
            Assert.AreEqual("proxy.example.net", h.Reg.FirstHopHost);
            h.Transport.OnConnected((int)h.Conns[0], h.Now);
            h.Drain();
            Assert.AreEqual("<sip:proxy.example.net:5070;transport=tcp;lr>", RegistrationHarness.Header(h.LastRegister, "Route"));
            Assert.StartsWith("REGISTER sip:example.com SIP/2.0", h.LastRegister);
        }

        [TestMethod]
        public void ShutdownSendsExpiresZeroAndReportsUnregistered()
        {
            RegistrationHarness h = new RegistrationHarness(SipTransportKind.Udp, null);
            h.Start();
            h.Respond("401 Unauthorized", Challenge);
            h.Respond("200 OK", Ok600);
            h.RunTo(5000);
            h.Reg.Shutdown(h.Now);
            h.Drain();
            string r = h.LastRegister;
            Assert.AreEqual("0", RegistrationHarness.Header(r, "Expires"));
            Assert.AreEqual("3 REGISTER", RegistrationHarness.Header(r, "CSeq"));
            Assert.Contains("+sip.instance=", RegistrationHarness.Header(r, "Contact"));
            Assert.Contains("nc=00000002", RegistrationHarness.Header(r, "Authorization"));
            Assert.AreEqual(long.MaxValue, h.Reg.NextDeadlineMs);
            h.Respond("200 OK", "");
            Assert.AreEqual("Unregistered", h.LastEvent.ToString());
            Assert.AreEqual((int)RegistrationState.Unregistered, (int)h.Reg.State);

            // Nothing more is sent: no refresh after removal.
            h.RunTo(4000000);
            Assert.AreEqual(3, h.RegisterCount);
        }

        [TestMethod]
        public void ShutdownBeforeAnyBindingIsImmediate()
        {
            RegistrationHarness h = new RegistrationHarness(SipTransportKind.Tls, null);
            h.Start();
            h.Transport.OnConnectFailed((int)h.Conns[0], "refused", h.Now);
            h.Drain();
            h.Reg.Shutdown(h.Now);
            h.Drain();
            Assert.AreEqual("Unregistered", h.LastEvent.ToString());
            h.RunTo(4000000);
            Assert.AreEqual(0, h.RegisterCount);
        }

        [TestMethod]
        public void ChallengeOnRemovalIsAnswered()
        {
            RegistrationHarness h = new RegistrationHarness(SipTransportKind.Udp, null);
            h.Start();
            h.Respond("200 OK", Ok600);
            h.Reg.Shutdown(h.Now);
            h.Drain();
            h.Respond("401 Unauthorized", Challenge);
            Assert.AreEqual("0", RegistrationHarness.Header(h.LastRegister, "Expires"));
            Assert.Contains("nc=00000001", RegistrationHarness.Header(h.LastRegister, "Authorization"));
            h.Respond("200 OK", "");
            Assert.AreEqual("Unregistered", h.LastEvent.ToString());
        }

        [TestMethod]
        public void ServerErrorBacksOffAndGarbageIsIgnored()
        {
            RegistrationHarness h = new RegistrationHarness(SipTransportKind.Udp, null);
            h.Start();
            byte[] junk = System.Text.Encoding.UTF8.GetBytes("SIP/2.0 200 OK\r\nVia: nonsense\r\n\r\n");
            h.Transport.OnDatagram(junk, 0, junk.Length, RegistrationHarness.Registrar, 5060, h.Now);
            Assert.AreEqual((int)RegistrationState.Registering, (int)h.Reg.State);
            h.Respond("503 Service Unavailable", "");
            Assert.AreEqual((int)RegistrationState.Failed, (int)h.LastEvent.State);
            Assert.AreEqual(503, h.LastEvent.Status);
            Assert.AreEqual("Service Unavailable", h.LastEvent.Reason);
        }
    }
}
