using nanoFramework.TestFramework;
using Phone.Call;
using Phone.Sip;
using Phone.Sip.Dialog;
using Phone.Sip.Transport;
using Phone.Media;
using Phone.Sdp;

namespace Phone.Tests.Sip.Dialog
{
    /// <summary>
    /// The "SIP digest leak": a peer answers one of our requests with a 401/407 of its own to obtain a digest
    /// response it can attack offline. Challenges are answered only for our registrar's realm (learned at REGISTER
    /// or nf.config sip.realm), only for requests through our outbound proxy / registrar, never MD5 after SHA-256,
    /// never without qop=auth unless sip.digest_legacy.
    /// </summary>
    [TestClass]
    public class DigestLeakTests
    {
        private const string Bob = "sip:bob@192.0.2.20";
        private const string BobContact = "Contact: <sip:bob@192.0.2.20:5060>\r\n";
        private const string ThroughProxy = "Record-Route: <sip:proxy.example.com;lr>\r\n";
        private const string Realm = "example.com";

        // The exact attack: foreign realm, fixed nonce, MD5, no qop.
        private const string Attack = "Proxy-Authenticate: Digest realm=\"anything\", nonce=\"0000\", algorithm=MD5\r\n";
        private const string OurRealmMd5 = "Proxy-Authenticate: Digest realm=\"example.com\", nonce=\"p1\", qop=\"auth\", algorithm=MD5\r\n";

        /// <summary>Registrar and outbound proxy configured; the realm learned from the registrar's 401 to REGISTER.</summary>
        private static CallHarness ViaProxy(bool registrarOfferedSha256, bool legacy)
        {
            CallHarness h = new CallHarness(SipTransportKind.Udp, SrtpMode.Off, "example.com", "proxy.example.com", 2);
            DigestRealmPolicy realms = new DigestRealmPolicy(null, legacy);
            realms.Learn(DigestChallenge.Parse("Digest realm=\"example.com\", nonce=\"r1\", qop=\"auth\", algorithm=" +
                (registrarOfferedSha256 ? "SHA-256" : "MD5")));
            h.Agent.Realms = realms;
            return h;
        }

        /// <summary>An established outgoing call; the 200 carries rr (a Record-Route line or "").</summary>
        private static CallHarness Established(CallHarness h, string rr)
        {
            h.Place(-1, Bob);
            string invite = h.Last("INVITE ");
            h.FromPeer(CallHarness.ResponseTo(invite, "200 OK", "b1", BobContact + rr, CallHarness.PeerSdp(1, "sendrecv")));
            Assert.AreEqual((int)PhoneEventKind.CallAnswered, (int)h.LastEvent.Kind);
            return h;
        }

        private static bool HasCredentials(string m)
        {
            return CallHarness.Header(m, "Authorization") != null || CallHarness.Header(m, "Proxy-Authorization") != null;
        }

        [TestMethod]
        public void ForeignRealmChallengeToByeIsNotAnsweredAndTheCallEndsLocally()
        {
            // The published attack, against a call made straight to the peer.
            CallHarness h = Established(CallHarness.Udp(), "");
            h.Command(PhoneCommandKind.HangUp, -1, 0, false);
            string bye = h.Last("BYE ");
            h.FromPeer(CallHarness.ResponseTo(bye, "407 Proxy Authentication Required", "b1", Attack, null));
            Assert.AreEqual(1, h.Count("BYE "));
            Assert.IsFalse(HasCredentials(h.Last("BYE ")));
            Assert.AreEqual(0, h.Agent.ActiveCalls);
            Assert.AreEqual(1, h.Agent.ForeignChallenges);
            Assert.AreEqual((int)PhoneEventKind.HangupFailed, (int)h.LastEvent.Kind, "the call ends locally and the failed BYE is said");
            Assert.AreEqual(407, h.LastEvent.Status);
            Assert.Contains("BYE not authorised", h.LastEvent.Reason);
        }

        [TestMethod]
        public void ForeignRealmChallengeToByeThroughOurProxyIsNotAnswered()
        {
            CallHarness h = Established(ViaProxy(false, false), ThroughProxy);
            h.Command(PhoneCommandKind.HangUp, -1, 0, false);
            string bye = h.Last("BYE ");
            h.FromPeer(CallHarness.ResponseTo(bye, "407 Proxy Authentication Required", "b1", Attack, null));
            Assert.AreEqual(1, h.Count("BYE "));
            Assert.AreEqual(0, h.Agent.ActiveCalls);
            Assert.AreEqual(1, h.Agent.ForeignChallenges);
            Assert.Contains("realm", h.Agent.LastForeignChallenge);
            Assert.Contains("BYE not authorised", h.LastEvent.Reason);
        }

        [TestMethod]
        public void OurRealmChallengeToByeSentStraightToThePeerIsNotAnswered()
        {
            // The peer may know our realm: what matters is that the BYE did not go through our proxy.
            CallHarness h = Established(ViaProxy(false, false), "");
            h.Command(PhoneCommandKind.HangUp, -1, 0, false);
            string bye = h.Last("BYE ");
            Assert.IsNull(CallHarness.Header(bye, "Route"));
            h.FromPeer(CallHarness.ResponseTo(bye, "407 Proxy Authentication Required", "b1", OurRealmMd5, null));
            Assert.AreEqual(1, h.Count("BYE "));
            Assert.AreEqual(0, h.Agent.ActiveCalls);
            Assert.AreEqual(1, h.Agent.ForeignChallenges);
            Assert.Contains("not routed through our proxy", h.LastEvent.Reason);
        }

        [TestMethod]
        public void OurProxyChallengingByeInOurRealmIsAnswered()
        {
            CallHarness h = Established(ViaProxy(false, false), ThroughProxy);
            h.Command(PhoneCommandKind.HangUp, -1, 0, false);
            string bye = h.Last("BYE ");
            Assert.AreEqual("<sip:proxy.example.com;lr>", CallHarness.Header(bye, "Route"));
            h.FromPeer(CallHarness.ResponseTo(bye, "407 Proxy Authentication Required", "b1", OurRealmMd5, null));
            Assert.AreEqual(2, h.Count("BYE "));
            string second = h.Last("BYE ");
            Assert.Contains("realm=\"example.com\"", CallHarness.Header(second, "Proxy-Authorization"));
            Assert.AreEqual(0, h.Agent.ForeignChallenges);
            h.FromPeer(CallHarness.ResponseTo(second, "200 OK", "b1", null, null));
            Assert.AreEqual(0, h.Agent.ActiveCalls);
        }

        [TestMethod]
        public void ProxyChallengeToInviteThroughTheProxyIsAnswered()
        {
            CallHarness h = ViaProxy(false, false);
            h.Place(-1, Bob);
            string first = h.Last("INVITE ");
            Assert.StartsWith("<sip:proxy.example.com:5060", CallHarness.Header(first, "Route"));
            h.FromPeer(CallHarness.ResponseTo(first, "407 Proxy Authentication Required", "p", OurRealmMd5, null));
            Assert.AreEqual(2, h.Count("INVITE "));
            string auth = CallHarness.Header(h.Last("INVITE "), "Proxy-Authorization");
            Assert.Contains("realm=\"example.com\"", auth);
            Assert.Contains("qop=auth", auth);
        }

        [TestMethod]
        public void ForeignRealmChallengeToInviteFailsTheCall()
        {
            CallHarness h = ViaProxy(false, false);
            h.Place(-1, Bob);
            string first = h.Last("INVITE ");
            h.FromPeer(CallHarness.ResponseTo(first, "407 Proxy Authentication Required", "p",
                "Proxy-Authenticate: Digest realm=\"evil.example.net\", nonce=\"e1\", qop=\"auth\"\r\n", null));
            Assert.AreEqual(1, h.Count("INVITE "));
            Assert.AreEqual(0, h.Agent.ActiveCalls);
            Assert.AreEqual(1, h.Agent.ForeignChallenges);
            Assert.AreEqual((int)PhoneEventKind.CallFailed, (int)h.LastEvent.Kind);
            Assert.Contains("not authorised", h.LastEvent.Reason);
        }

        [TestMethod]
        public void ChallengeToInviteSentStraightToThePeerIsNotAnswered()
        {
            // No registrar or proxy configured: the INVITE goes to the Request-URI, i.e. to the peer itself.
            CallHarness h = CallHarness.Udp();
            h.Config.Sip.Realm = "atlanta.example.com";
            h.Agent.Realms = null;
            h.Place(-1, Bob);
            h.FromPeer(CallHarness.ResponseTo(h.Last("INVITE "), "407 Proxy Authentication Required", "p",
                "Proxy-Authenticate: Digest realm=\"atlanta.example.com\", nonce=\"a1\", qop=\"auth\"\r\n", null));
            Assert.AreEqual(1, h.Count("INVITE "));
            Assert.AreEqual(1, h.Agent.ForeignChallenges);
            Assert.AreEqual(0, h.Agent.ActiveCalls);
        }

        [TestMethod]
        public void Md5AfterTheRegistrarOfferedSha256IsADowngradeAndRefused()
        {
            CallHarness h = ViaProxy(true, false);
            h.Place(-1, Bob);
            h.FromPeer(CallHarness.ResponseTo(h.Last("INVITE "), "407 Proxy Authentication Required", "p", OurRealmMd5, null));
            Assert.AreEqual(1, h.Count("INVITE "));
            Assert.AreEqual(1, h.Agent.ForeignChallenges);
            Assert.Contains("downgrade", h.LastEvent.Reason);
        }

        [TestMethod]
        public void Sha256AfterTheRegistrarOfferedSha256IsAnswered()
        {
            CallHarness h = ViaProxy(true, false);
            h.Place(-1, Bob);
            h.FromPeer(CallHarness.ResponseTo(h.Last("INVITE "), "407 Proxy Authentication Required", "p",
                "Proxy-Authenticate: Digest realm=\"example.com\", nonce=\"s1\", qop=\"auth\", algorithm=MD5\r\n" +
                "Proxy-Authenticate: Digest realm=\"example.com\", nonce=\"s2\", qop=\"auth\", algorithm=SHA-256\r\n", null));
            Assert.AreEqual(2, h.Count("INVITE "));
            Assert.Contains("algorithm=SHA-256", CallHarness.Header(h.Last("INVITE "), "Proxy-Authorization"));
            Assert.AreEqual(0, h.Agent.ForeignChallenges);
        }

        [TestMethod]
        public void ChallengeWithoutQopIsRefusedByDefault()
        {
            CallHarness h = ViaProxy(false, false);
            h.Place(-1, Bob);
            h.FromPeer(CallHarness.ResponseTo(h.Last("INVITE "), "407 Proxy Authentication Required", "p",
                "Proxy-Authenticate: Digest realm=\"example.com\", nonce=\"n1\", algorithm=MD5\r\n", null));
            Assert.AreEqual(1, h.Count("INVITE "));
            Assert.AreEqual(1, h.Agent.ForeignChallenges);
            Assert.Contains("qop", h.LastEvent.Reason);
        }

        [TestMethod]
        public void ChallengeWithoutQopIsAnsweredOnlyWithDigestLegacy()
        {
            CallHarness h = ViaProxy(false, true);
            h.Place(-1, Bob);
            h.FromPeer(CallHarness.ResponseTo(h.Last("INVITE "), "407 Proxy Authentication Required", "p",
                "Proxy-Authenticate: Digest realm=\"example.com\", nonce=\"n1\", algorithm=MD5\r\n", null));
            Assert.AreEqual(2, h.Count("INVITE "));
            string auth = CallHarness.Header(h.Last("INVITE "), "Proxy-Authorization");
            Assert.Contains("realm=\"example.com\"", auth);
            Assert.DoesNotContains("qop=", auth);
        }

        [TestMethod]
        public void ConfiguredRealmIsTrustedWithoutRegistering()
        {
            CallHarness h = new CallHarness(SipTransportKind.Udp, SrtpMode.Off, "example.com", "proxy.example.com", 2);
            h.Config.Sip.Realm = "example.com";
            h.Agent.Realms = null;
            h.Place(-1, Bob);
            h.FromPeer(CallHarness.ResponseTo(h.Last("INVITE "), "407 Proxy Authentication Required", "p", OurRealmMd5, null));
            Assert.AreEqual(2, h.Count("INVITE "));
        }

        [TestMethod]
        public void CredentialsOfTheInviteAreNotCopiedIntoRequestsSentStraightToThePeer()
        {
            // Challenged and answered through the proxy, but the proxy did not record-route: the ACK and BYE go to
            // the peer's Contact and must not carry a digest response the peer could attack.
            CallHarness h = ViaProxy(false, false);
            h.Place(-1, Bob);
            h.FromPeer(CallHarness.ResponseTo(h.Last("INVITE "), "407 Proxy Authentication Required", "p", OurRealmMd5, null));
            string invite = h.Last("INVITE ");
            Assert.IsTrue(HasCredentials(invite));
            h.FromPeer(CallHarness.ResponseTo(invite, "200 OK", "b2", BobContact, CallHarness.PeerSdp(1, "sendrecv")));
            Assert.IsFalse(HasCredentials(h.Last("ACK ")));
            h.Command(PhoneCommandKind.Hold, -1, 0, true);
            Assert.AreEqual(3, h.Count("INVITE "));
            Assert.IsFalse(HasCredentials(h.Last("INVITE ")));
            h.Command(PhoneCommandKind.HangUp, -1, 0, false);
            Assert.IsFalse(HasCredentials(h.Last("BYE ")));
        }
    }
}
