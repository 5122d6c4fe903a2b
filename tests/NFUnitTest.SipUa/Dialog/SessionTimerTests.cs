using nanoFramework.TestFramework;
using Phone.Call;

namespace Phone.Tests.Sip.Dialog
{
    /// <summary>
    /// Session timers (RFC 4028) on calls the phone answers: 422 with Min-SE below 90 s (§8.1); the 2xx names the
    /// interval and refresher (§9) with Require: timer when the caller supports it; the peer as refresher must refresh
    /// (re-INVITE or UPDATE) or the phone ends the call with BYE at the interval less min(32 s, a third) (§10); the
    /// phone as refresher re-INVITEs at half the interval. On calls the phone places: Supported: timer and the asked
    /// interval in the INVITE (§7.1), a 422 answered with the raised interval and Min-SE (§7.4), the 2xx's
    /// Session-Expires and refresher obeyed (§7.2).
    /// </summary>
    [TestClass]
    public class SessionTimerTests
    {
        private const string CallId = "5e5s10n-t1mer@pc33.atlanta.example.com";

        private static string Invite(string sessionExpires, string supported)
        {
            return CallHarness.WithBody("INVITE sip:1001@192.0.2.10:5060 SIP/2.0\r\n" +
                "Via: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bKst1\r\n" +
                "Max-Forwards: 70\r\n" +
                "To: <sip:1001@example.com>\r\n" +
                "From: Alice <sip:alice@atlanta.example.com>;tag=st77\r\n" +
                "Call-ID: " + CallId + "\r\n" +
                "CSeq: 1 INVITE\r\n" +
                "Contact: <sip:alice@192.0.2.20:5060>\r\n" +
                (sessionExpires != null ? "Session-Expires: " + sessionExpires + "\r\n" : "") +
                (supported != null ? "Supported: " + supported + "\r\n" : ""), CallHarness.PeerSdp(1, "sendrecv"));
        }

        private static string InDialog(string method, string branch, int cseq, string toTag, string extra, string sdp)
        {
            return CallHarness.WithBody(method + " sip:1001@192.0.2.10:5060 SIP/2.0\r\n" +
                "Via: SIP/2.0/UDP 192.0.2.20:5060;branch=" + branch + "\r\n" +
                "Max-Forwards: 70\r\n" +
                "To: <sip:1001@example.com>;tag=" + toTag + "\r\n" +
                "From: Alice <sip:alice@atlanta.example.com>;tag=st77\r\n" +
                "Call-ID: " + CallId + "\r\n" +
                "CSeq: " + cseq.ToString() + " " + method + "\r\n" +
                (method == "ACK" ? "" : "Contact: <sip:alice@192.0.2.20:5060>\r\n") +
                (extra == null ? "" : extra), sdp);
        }

        /// <summary>Answered at t = 1 s and ACKed; our To tag.</summary>
        private static string Answered(CallHarness h, string sessionExpires, string supported)
        {
            h.FromPeer(Invite(sessionExpires, supported));
            h.RunTo(1000);
            h.Command(PhoneCommandKind.Answer, 1, 0, false);
            string ok = h.LastResponse("200", "INVITE");
            Assert.IsNotNull(ok);
            string tag = CallHarness.Tag(CallHarness.Header(ok, "To"));
            h.FromPeer(InDialog("ACK", "z9hG4bKstack", 1, tag, null, null));
            return tag;
        }

        [TestMethod]
        public void AnIntervalBelowMinSeGets422WithMinSeAndNoCall()
        {
            CallHarness h = CallHarness.Udp();
            h.FromPeer(Invite("60", "timer"));
            string refused = h.LastResponse("422", "INVITE");
            Assert.IsNotNull(refused);
            Assert.StartsWith("SIP/2.0 422 Session Interval Too Small\r\n", refused);
            Assert.AreEqual("90", CallHarness.Header(refused, "Min-SE"));
            Assert.AreEqual(0, h.Agent.ActiveCalls);
            Assert.IsNull(h.LastResponse("180", "INVITE"));
        }

        [TestMethod]
        public void ThePeerRefreshes_NoRefreshEndsTheCallWithByeBeforeTheInterval()
        {
            CallHarness h = CallHarness.Udp();
            Answered(h, "1800", "timer, 100rel");
            string ok = h.LastResponse("200", "INVITE");
            Assert.AreEqual("1800;refresher=uac", CallHarness.Header(ok, "Session-Expires"));
            Assert.AreEqual("timer", CallHarness.Header(ok, "Require"));

            // §10: BYE at 1800 − min(32, 600) = 1768 s after the 2xx (sent at 1 s).
            h.RunTo(1000 + 1768000 - 1);
            Assert.AreEqual(0, h.Count("BYE "));
            h.RunTo(1000 + 1768000);
            Assert.AreEqual(1, h.Count("BYE "));
        }

        [TestMethod]
        public void ARefreshByReinviteOrUpdateRestartsTheInterval()
        {
            CallHarness h = CallHarness.Udp();
            string tag = Answered(h, "1800;refresher=uac", "timer");
            h.RunTo(901000);
            h.FromPeer(InDialog("INVITE", "z9hG4bKref1", 2, tag, "Session-Expires: 1800;refresher=uac\r\nSupported: timer\r\n", CallHarness.PeerSdp(2, "sendrecv")));
            string ok = h.LastResponse("200", "INVITE");
            Assert.AreEqual("1800;refresher=uac", CallHarness.Header(ok, "Session-Expires"));
            h.FromPeer(InDialog("ACK", "z9hG4bKref1a", 2, tag, null, null));
            h.RunTo(1000 + 1768000 + 10000);
            Assert.AreEqual(0, h.Count("BYE "), "the refresh restarted the interval");

            // An offer-less UPDATE refreshes too (RFC 3311, RFC 4028 §7), here with a shorter interval.
            h.RunTo(1800000);
            h.FromPeer(InDialog("UPDATE", "z9hG4bKref2", 3, tag, "Session-Expires: 300;refresher=uac\r\n", null));
            Assert.AreEqual("300;refresher=uac", CallHarness.Header(h.LastResponse("200", "UPDATE"), "Session-Expires"));
            h.RunTo(1800000 + 268000 - 1);
            Assert.AreEqual(0, h.Count("BYE "));
            h.RunTo(1800000 + 268000);
            Assert.AreEqual(1, h.Count("BYE "));
        }

        [TestMethod]
        public void AsTheRefresherThePhoneReinvitesAtHalfTheInterval()
        {
            CallHarness h = CallHarness.Udp();
            Answered(h, "120;refresher=uas", null);
            string ok = h.LastResponse("200", "INVITE");
            Assert.AreEqual("120;refresher=uas", CallHarness.Header(ok, "Session-Expires"));
            Assert.IsNull(CallHarness.Header(ok, "Require"), "Require: timer only when the caller supports it");
            int invites = h.Count("INVITE ");
            h.RunTo(1000 + 60000 - 1);
            Assert.AreEqual(invites, h.Count("INVITE "));
            h.RunTo(1000 + 60000);
            Assert.AreEqual(invites + 1, h.Count("INVITE "));
            Assert.AreEqual(0, h.Count("BYE "));
        }

        [TestMethod]
        public void WithoutSessionExpiresThereIsNoTimer()
        {
            CallHarness h = CallHarness.Udp();
            Answered(h, null, "timer");
            Assert.IsNull(CallHarness.Header(h.LastResponse("200", "INVITE"), "Session-Expires"));
            h.RunTo(10000000);
            Assert.AreEqual(0, h.Count("BYE "));
        }
    
        private const string Bob = "sip:bob@192.0.2.20";
        private const string BobContact = "Contact: <sip:bob@192.0.2.20:5060>\r\n";

        /// <summary>The phone calls Bob; Bob answers at once (no retransmission yet) with extra headers; returns the INVITE.</summary>
        private static string PlacedAndAnswered(CallHarness h, string extra)
        {
            h.Place(-1, Bob);
            string invite = h.Last("INVITE ");
            h.FromPeer(CallHarness.ResponseTo(invite, "200 OK", "b0b", BobContact + extra, CallHarness.PeerSdp(1, "sendrecv")));
            Assert.AreEqual(1, h.Count("ACK "));
            return invite;
        }

        [TestMethod]
        public void AsCallerTheInviteSaysSupportedTimerAndAsksForHalfAnHour()
        {
            CallHarness h = CallHarness.Udp();
            h.Place(-1, Bob);
            string invite = h.Last("INVITE ");
            Assert.AreEqual("timer", CallHarness.Header(invite, "Supported"));
            Assert.AreEqual("1800", CallHarness.Header(invite, "Session-Expires"));
            Assert.IsNull(CallHarness.Header(invite, "Min-SE"), "Min-SE only after a 422 (RFC 4028 §7.4)");
        }

        [TestMethod]
        public void AsCallerA422RaisesTheIntervalToItsMinSeAndTheInviteGoesAgain()
        {
            CallHarness h = CallHarness.Udp();
            h.Place(-1, Bob);
            string first = h.Last("INVITE ");
            h.FromPeer(CallHarness.ResponseTo(first, "422 Session Interval Too Small", "b0b", "Min-SE: 3600\r\n", null));
            Assert.AreEqual(2, h.Count("INVITE "));
            string second = h.Last("INVITE ");
            Assert.AreEqual("2 INVITE", CallHarness.Header(second, "CSeq"));
            Assert.AreEqual(CallHarness.Header(first, "Call-ID"), CallHarness.Header(second, "Call-ID"));
            Assert.AreNotEqual(CallHarness.Branch(first), CallHarness.Branch(second));
            Assert.AreEqual("3600", CallHarness.Header(second, "Session-Expires"));
            Assert.AreEqual("3600", CallHarness.Header(second, "Min-SE"));

            // A second 422 is answered once more; the third ends the attempt with the peer's status.
            h.FromPeer(CallHarness.ResponseTo(second, "422 Session Interval Too Small", "b0b", "Min-SE: 4000\r\n", null));
            string third = h.Last("INVITE ");
            Assert.AreEqual("3 INVITE", CallHarness.Header(third, "CSeq"));
            Assert.AreEqual("4000", CallHarness.Header(third, "Min-SE"));
            h.FromPeer(CallHarness.ResponseTo(third, "422 Session Interval Too Small", "b0b", "Min-SE: 5000\r\n", null));
            Assert.AreEqual(3, h.Count("INVITE "));
            Assert.AreEqual((int)PhoneEventKind.CallFailed, (int)h.LastEvent.Kind);
            Assert.AreEqual(422, h.LastEvent.Status);
            Assert.AreEqual(0, h.Agent.ActiveCalls);
        }

        [TestMethod]
        public void AsCallerARefresherUacAnswerMakesThePhoneReinviteAtHalfTheInterval()
        {
            CallHarness h = CallHarness.Udp();
            PlacedAndAnswered(h, "Session-Expires: 120;refresher=uac\r\nRequire: timer\r\n");
            Assert.AreEqual(1, h.Count("INVITE "));
            h.RunTo(60000 - 1);
            Assert.AreEqual(1, h.Count("INVITE "));
            h.RunTo(60000);
            Assert.AreEqual(2, h.Count("INVITE "));
            string refresh = h.Last("INVITE ");
            Assert.AreEqual("120;refresher=uac", CallHarness.Header(refresh, "Session-Expires"));
            Assert.AreEqual("timer", CallHarness.Header(refresh, "Supported"));
            Assert.AreEqual(0, h.Count("BYE "));

            // The 2xx to the refresh may change the interval (§7.4): the next refresh comes at half the new one.
            h.FromPeer(CallHarness.ResponseTo(refresh, "200 OK", "b0b", BobContact + "Session-Expires: 200;refresher=uac\r\n",
                CallHarness.PeerSdp(2, "sendrecv")));
            h.RunTo(60000 + 100000 - 1);
            Assert.AreEqual(2, h.Count("INVITE "));
            h.RunTo(60000 + 100000);
            Assert.AreEqual(3, h.Count("INVITE "));
            Assert.AreEqual(0, h.Count("BYE "));
        }

        [TestMethod]
        public void AsCallerARefresherUasAnswerMeansByeWhenThePeerDoesNotRefresh()
        {
            CallHarness h = CallHarness.Udp();
            PlacedAndAnswered(h, "Session-Expires: 120;refresher=uas\r\n");
            // §10: BYE at 120 − min(32, 40) = 88 s after the 2xx; the phone never re-INVITEs.
            h.RunTo(88000 - 1);
            Assert.AreEqual(0, h.Count("BYE "));
            Assert.AreEqual(1, h.Count("INVITE "));
            h.RunTo(88000);
            Assert.AreEqual(1, h.Count("BYE "));
        }

        [TestMethod]
        public void AsCallerAnAnswerWithoutSessionExpiresMeansNoTimer()
        {
            CallHarness h = CallHarness.Udp();
            PlacedAndAnswered(h, "");
            h.RunTo(10000000);
            Assert.AreEqual(1, h.Count("INVITE "));
            Assert.AreEqual(0, h.Count("BYE "));
        }
    }
}
