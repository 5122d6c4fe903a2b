using nanoFramework.TestFramework;
using Phone.Sip.Registration;
using Phone.Sip.Transport;
using Phone.Sip;

namespace Phone.Tests.Sip.Registration
{
    /// <summary>
    /// A phone behind a NAT on UDP (RFC 3581 §4, RFC 3261 §18.2.1): the registrar's Via received/rport show the public
    /// address; the Contact registered becomes that address, the binding at the private address is removed in the same
    /// REGISTER (§10.2.2), and over TLS the Contact stays the interface address (the server answers on our connection).
    /// </summary>
    [TestClass]
    public class RegistrationNatTests
    {
        private const string Public = "<sip:1001@203.0.113.7:40000;transport=udp>";
        private const string Private = RegistrationHarness.PrivateContact;
        private const string Instance = RegistrationHarness.InstanceParam;

        // The REGISTER's Contact parameters: the instance and the outbound flow's reg-id (RFC 5626 §4.2.1).
        private const string Offered = Instance + ";reg-id=1";

        private static string Granted(string contact)
        {
            return "Contact: " + contact + ";expires=600" + Instance + "\r\n";
        }

        [TestMethod]
        public void A2xxShowingAnotherAddressRegistersItAtOnceAndRemovesThePrivateBinding()
        {
            RegistrationHarness h = new RegistrationHarness(SipTransportKind.Udp, null);
            h.Start();
            Assert.AreEqual(Private + Offered, RegistrationHarness.Header(h.LastRegister, "Contact"));
            h.RespondVia("200 OK", "203.0.113.7", 40000, Granted(Private));
            Assert.AreEqual((int)RegistrationState.Registered, (int)h.Reg.State);

            // At once (the registration's deadline is now), not at the refresh: the new Contact with the instance, the
            // old one with expires=0.
            h.RunTo(h.Now);
            Assert.AreEqual(2, h.RegisterCount);
            string again = h.LastRegister;
            Assert.AreEqual("2 REGISTER", RegistrationHarness.Header(again, "CSeq"));
            Assert.AreEqual(Public + Offered, RegistrationHarness.Header(again, "Contact"));
            Assert.Contains("\r\nContact: " + Private + ";expires=0\r\n", again);
            Assert.AreEqual("600", RegistrationHarness.Header(again, "Expires"));

            // Its 2xx (our public Contact granted) changes nothing more until the refresh.
            h.RespondVia("200 OK", "203.0.113.7", 40000, Granted(Public));
            Assert.AreEqual(600, h.Reg.GrantedExpires);
            h.RunTo(h.Now + 100000);
            Assert.AreEqual(2, h.RegisterCount);
            while (h.RegisterCount == 2 && h.Now < 700000)
            {
                h.RunTo(h.Now + 1000);
            }

            Assert.AreEqual(3, h.RegisterCount, "the refresh");
            Assert.AreEqual(Public + Offered, RegistrationHarness.Header(h.LastRegister, "Contact"));
            Assert.DoesNotContains("expires=0", h.LastRegister);
        }

        [TestMethod]
        public void AnAddressLearnedFromTheChallengeGoesIntoTheAuthenticatedRegister()
        {
            RegistrationHarness h = new RegistrationHarness(SipTransportKind.Udp, null);
            h.Start();
            h.RespondVia("401 Unauthorized", "203.0.113.7", 40000,
                "WWW-Authenticate: Digest realm=\"example.com\", nonce=\"n0nce1\", qop=\"auth\", algorithm=MD5\r\n");
            string authed = h.LastRegister;
            Assert.IsNotNull(RegistrationHarness.Header(authed, "Authorization"));
            Assert.AreEqual(Public + Offered, RegistrationHarness.Header(authed, "Contact"));
            Assert.DoesNotContains("expires=0", authed);
            h.RespondVia("200 OK", "203.0.113.7", 40000, Granted(Public));
            h.RunTo(h.Now);
            Assert.AreEqual((int)RegistrationState.Registered, (int)h.Reg.State);
            Assert.AreEqual(2, h.RegisterCount);
        }

        [TestMethod]
        public void WithoutANatTheContactStaysAndNoRegisterFollows()
        {
            RegistrationHarness h = new RegistrationHarness(SipTransportKind.Udp, null);
            h.Start();
            h.RespondVia("200 OK", "192.0.2.10", 5062, Granted(Private));
            h.RunTo(h.Now);
            Assert.AreEqual(1, h.RegisterCount);
        }

        [TestMethod]
        public void AnAddressThatKeepsMovingIsFollowedOnlyAFewTimesInARow()
        {
            RegistrationHarness h = new RegistrationHarness(SipTransportKind.Udp, null);
            h.Start();
            for (int i = 0; i < 6; i++)
            {
                h.RespondVia("200 OK", "203.0.113.7", 40000 + i, "Expires: 600\r\n");
                h.RunTo(h.Now);
            }

            // The first REGISTER plus three moves followed; then the phone keeps the binding it has.
            Assert.AreEqual(4, h.RegisterCount);
            Assert.AreEqual((int)RegistrationState.Registered, (int)h.Reg.State);
        }

        [TestMethod]
        public void OverTlsTheContactIsTheInterfaceAddress()
        {
            RegistrationHarness h = new RegistrationHarness(SipTransportKind.Tls, null);
            h.Start();
            h.Transport.OnConnected((int)h.Conns[0], h.Now);
            h.Drain();
            h.RespondVia("200 OK", "203.0.113.7", 40000, "Expires: 600\r\n");
            h.RunTo(h.Now);
            Assert.AreEqual(1, h.RegisterCount);
            Assert.StartsWith("<sips:1001@192.0.2.10:5062>", RegistrationHarness.Header(h.LastRegister, "Contact"));
        }
    
        /// <summary>The last datagram sent, which must be a STUN Binding request; returns it.</summary>
        private static byte[] LastStunRequest(RegistrationHarness h)
        {
            byte[] b = (byte[])h.Raw[h.Raw.Count - 1];
            Assert.AreEqual((int)TransportActionKind.SendTo, (int)(TransportActionKind)h.Kinds[h.Kinds.Count - 1]);
            Assert.AreEqual(20, b.Length);
            Assert.IsTrue(StunMessage.IsStun(b, 0, b.Length));
            Assert.AreEqual(1, (int)b[1], "Binding request");
            return b;
        }

        /// <summary>The hop's Binding success response to request, naming a.b.c.d:port in XOR-MAPPED-ADDRESS (RFC 5389 §15.2).</summary>
        private static void AnswerStun(RegistrationHarness h, byte[] request, int a, int b, int c, int d, int port)
        {
            byte[] r = new byte[32];
            r[0] = 0x01;
            r[1] = 0x01;
            r[3] = 12;
            for (int i = 4; i < 20; i++) r[i] = request[i];
            r[21] = 0x20;
            r[23] = 8;
            r[25] = 0x01;
            r[26] = (byte)((port >> 8) ^ 0x21);
            r[27] = (byte)((port & 0xFF) ^ 0x12);
            r[28] = (byte)(a ^ 0x21);
            r[29] = (byte)(b ^ 0x12);
            r[30] = (byte)(c ^ 0xA4);
            r[31] = (byte)(d ^ 0x42);
            h.Transport.OnDatagram(r, 0, r.Length, RegistrationHarness.Registrar, 5060, h.Now);
            h.Drain();
        }

        [TestMethod]
        public void RegisteredOverUdpTheFlowIsKeptAliveEvery25SecondsWithStunThenCrlfWhenTheHopDoesNotAnswer()
        {
            RegistrationHarness h = new RegistrationHarness(SipTransportKind.Udp, null, -1);
            Assert.AreEqual(25000L, SipRegistration.DefaultUdpKeepAliveMs);
            h.Start();
            h.Respond("200 OK", Granted(Private));
            long at = h.Now;
            int before = h.Sent.Count;
            h.RunTo(at + 25000 - 1);
            Assert.AreEqual(before, h.Sent.Count);

            // RFC 5626 §4.4.2: a STUN Binding request to the registrar's SIP port, a fresh transaction each time.
            h.RunTo(at + 25000);
            Assert.AreEqual(before + 1, h.Sent.Count);
            byte[] first = LastStunRequest(h);
            Assert.AreEqual(RegistrationHarness.Registrar + ":5060", (string)h.Targets[h.Targets.Count - 1]);
            h.RunTo(at + 50000);
            byte[] second = LastStunRequest(h);
            bool same = true;
            for (int i = 8; i < 20; i++) same &= first[i] == second[i];
            Assert.IsFalse(same, "a new transaction ID");
            Assert.AreEqual((int)SipKeepAliveMode.Probing, (int)h.Reg.KeepAliveMode);

            // Two unanswered: the hop has no STUN (a registrar without it); CRLFCRLF from then on.
            h.RunTo(at + 75000);
            Assert.AreEqual("\r\n\r\n", (string)h.Sent[h.Sent.Count - 1]);
            Assert.AreEqual((int)SipKeepAliveMode.Crlf, (int)h.Reg.KeepAliveMode);
            h.RunTo(at + 100000);
            Assert.AreEqual("\r\n\r\n", (string)h.Sent[h.Sent.Count - 1]);
            Assert.AreEqual(4, h.Reg.KeepAlivesSent);
            Assert.AreEqual(1, h.RegisterCount);
        }

        [TestMethod]
        public void AHopThatAnswersStunStaysOnStunAndAMovedMappingIsRegisteredAtOnce()
        {
            RegistrationHarness h = new RegistrationHarness(SipTransportKind.Udp, null, 25);
            h.Start();
            h.RespondVia("200 OK", "203.0.113.7", 40000, Granted(Private));
            h.RunTo(h.Now);
            h.RespondVia("200 OK", "203.0.113.7", 40000, Granted(Public));
            Assert.AreEqual(2, h.RegisterCount);
            long at = h.Now;

            h.RunTo(at + 25000);
            AnswerStun(h, LastStunRequest(h), 203, 0, 113, 7, 40000);
            h.RunTo(at + 50000);
            Assert.AreEqual((int)SipKeepAliveMode.Stun, (int)h.Reg.KeepAliveMode);
            Assert.AreEqual(2, h.RegisterCount, "the same mapping: nothing to do");

            // The NAT gave us a new mapping: RFC 5626 §4.4.2, register the new address now, the old binding removed.
            AnswerStun(h, LastStunRequest(h), 203, 0, 113, 7, 40002);
            h.RunTo(h.Now);
            Assert.AreEqual(3, h.RegisterCount);
            Assert.AreEqual("<sip:1001@203.0.113.7:40002;transport=udp>" + Offered, RegistrationHarness.Header(h.LastRegister, "Contact"));
            Assert.Contains("\r\nContact: " + Public + ";expires=0\r\n", h.LastRegister);
        }

        [TestMethod]
        public void AStunHopThatStopsAnsweringMeansTheFlowFailed()
        {
            RegistrationHarness h = new RegistrationHarness(SipTransportKind.Udp, null, 25);
            h.Start();
            h.Respond("200 OK", Granted(Private));
            long at = h.Now;
            h.RunTo(at + 25000);
            AnswerStun(h, LastStunRequest(h), 192, 0, 2, 10, 5062);
            h.RunTo(at + 50000);
            Assert.AreEqual((int)SipKeepAliveMode.Stun, (int)h.Reg.KeepAliveMode);
            h.RunTo(at + 75000);
            Assert.AreEqual(1, h.RegisterCount);
            // The second unanswered request in a row: the phone registers again at once.
            h.RunTo(at + 100000);
            Assert.AreEqual(2, h.RegisterCount);
        }

        [TestMethod]
        public void KeepAliveSecondsSetsTheIntervalAndTheDefaultIs25Seconds()
        {
            RegistrationHarness h = new RegistrationHarness(SipTransportKind.Udp, null, 40);
            Assert.AreEqual(40000L, h.Reg.UdpKeepAliveMs);
            h.Start();
            h.Respond("200 OK", Granted(Private));
            long at = h.Now;
            h.RunTo(at + 39999);
            Assert.AreEqual(0, h.Reg.KeepAlivesSent);
            h.RunTo(at + 40000);
            Assert.AreEqual(1, h.Reg.KeepAlivesSent);
            // sip.keepalive_s absent (-1): 25 s.
            Assert.AreEqual(SipRegistration.DefaultUdpKeepAliveMs, new RegistrationHarness(SipTransportKind.Udp, null, -1).Reg.UdpKeepAliveMs);
        }

        [TestMethod]
        public void OverTlsThereIsNoDatagramKeepAlive()
        {
            RegistrationHarness h = new RegistrationHarness(SipTransportKind.Tls, null);
            h.Reg.UdpKeepAliveMs = SipRegistration.DefaultUdpKeepAliveMs;
            h.Start();
            h.Transport.OnConnected((int)h.Conns[0], h.Now);
            h.Drain();
            h.Respond("200 OK", "Expires: 600\r\n");
            h.RunTo(h.Now + 100000);
            Assert.AreEqual(0, h.Reg.KeepAlivesSent);
        }
    }
}
