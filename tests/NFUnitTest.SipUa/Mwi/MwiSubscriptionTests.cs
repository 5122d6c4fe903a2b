using nanoFramework.TestFramework;
using Phone.Tests.Sip.Registration;

namespace Phone.Tests.Sip.Mwi
{
    /// <summary>
    /// The message-summary subscriber against a notifier written out here: SUBSCRIBE headers (RFC 6665 §4.1.2,
    /// RFC 3842 §4), digest retry (RFC 3261 §22.2), refresh (RFC 6665 §4.1.2.1), NOTIFY handling (§4.1.3), 481 for
    /// strangers, terminated reasons and the backoff after failures.
    /// </summary>
    [TestClass]
    public class MwiSubscriptionTests
    {
        private const string Challenge = "WWW-Authenticate: Digest realm=\"example.com\", nonce=\"n0nce1\", qop=\"auth\", algorithm=MD5\r\n";
        private const string Summary = "Messages-Waiting: yes\r\nMessage-Account: sip:*97@example.com\r\nVoice-Message: 2/1 (1/0)\r\n";
        private const string SummaryType = "application/simple-message-summary";

        [TestMethod]
        public void SubscribeNamesTheMailboxEventAcceptAndExpires()
        {
            MwiHarness h = new MwiHarness("*97", null);
            h.Start();
            Assert.AreEqual(1, h.SubscribeCount);
            string s = h.LastSubscribe;
            Assert.StartsWith("SUBSCRIBE sip:*97@example.com SIP/2.0\r\n", s);
            Assert.AreEqual("message-summary", RegistrationHarness.Header(s, "Event"));
            Assert.AreEqual("application/simple-message-summary", RegistrationHarness.Header(s, "Accept"));
            Assert.AreEqual("3600", RegistrationHarness.Header(s, "Expires"));
            Assert.AreEqual("<sip:*97@example.com>", RegistrationHarness.Header(s, "To"));
            Assert.StartsWith("<sip:1001@example.com>;tag=", RegistrationHarness.Header(s, "From"));
            Assert.AreEqual("1 SUBSCRIBE", RegistrationHarness.Header(s, "CSeq"));
            Assert.AreEqual("<sip:1001@192.0.2.10:5062;transport=udp>", RegistrationHarness.Header(s, "Contact"));
            Assert.IsNull(RegistrationHarness.Header(s, "Route"));
            Assert.IsFalse(h.Mwi.Established);
        }

        [TestMethod]
        public void AnOutboundProxyIsNamedInALooseRouteAndAUriMailboxIsKept()
        {
            MwiHarness h = new MwiHarness("sip:vm-1001@pbx.example.com", "proxy.example.com:5070");
            h.Start();
            string s = h.LastSubscribe;
            Assert.StartsWith("SUBSCRIBE sip:vm-1001@pbx.example.com SIP/2.0\r\n", s);
            Assert.AreEqual("<sip:proxy.example.com:5070;transport=udp;lr>", RegistrationHarness.Header(s, "Route"));
        }

        [TestMethod]
        public void ChallengeIsAnsweredOnceThenBackedOff()
        {
            MwiHarness h = new MwiHarness("*97", null);
            h.Start();
            string first = h.LastSubscribe;
            h.Respond("401 Unauthorized", Challenge);

            // RFC 3261 §22.2: again with credentials, CSeq + 1, same Call-ID.
            Assert.AreEqual(2, h.SubscribeCount);
            string second = h.LastSubscribe;
            Assert.AreEqual("2 SUBSCRIBE", RegistrationHarness.Header(second, "CSeq"));
            Assert.AreEqual(RegistrationHarness.Header(first, "Call-ID"), RegistrationHarness.Header(second, "Call-ID"));
            string auth = RegistrationHarness.Header(second, "Authorization");
            Assert.Contains("username=\"1001\"", auth);
            Assert.Contains("uri=\"sip:*97@example.com\"", auth);
            Assert.DoesNotContains("secret-pw", second);

            // The same nonce again: the password is wrong; no third try until the backoff (RFC 5626 §4.5 bounds).
            h.Respond("401 Unauthorized", Challenge);
            Assert.AreEqual(2, h.SubscribeCount);
            Assert.AreEqual(1, h.Mwi.ConsecutiveFailures);
            Assert.IsTrue(h.Mwi.NextDeadlineMs >= h.Now + 30000 && h.Mwi.NextDeadlineMs <= h.Now + 60000);
        }

        [TestMethod]
        public void AChallengeOfAnotherRealmIsNotAnswered()
        {
            MwiHarness h = new MwiHarness("*97", null);
            h.Start();
            h.Respond("401 Unauthorized", "WWW-Authenticate: Digest realm=\"elsewhere.example\", nonce=\"n2\", qop=\"auth\"\r\n");
            Assert.AreEqual(1, h.SubscribeCount);
            Assert.AreEqual(1, h.Mwi.ConsecutiveFailures);
        }

        [TestMethod]
        public void RefreshGoesInTheDialogBeforeTheGrantedExpiry()
        {
            MwiHarness h = new MwiHarness("*97", null);
            h.Start();
            string first = h.LastSubscribe;
            h.RunTo(100);
            h.Respond("200 OK", "Expires: 600\r\n");
            Assert.IsTrue(h.Mwi.Established);
            Assert.AreEqual(600, h.Mwi.GrantedExpires);

            // min(600 − 60, 600 − 30) s after the 2xx (the registration's refresh rule).
            Assert.AreEqual(100L + 540000L, h.Mwi.NextDeadlineMs);
            h.RunTo(100 + 539999);
            Assert.AreEqual(1, h.SubscribeCount);
            h.RunTo(100 + 540000);
            Assert.AreEqual(2, h.SubscribeCount);
            string refresh = h.LastSubscribe;
            // RFC 3261 §12.2.1.1: Request-URI = the notifier's Contact, its To tag, the next CSeq, same Call-ID.
            Assert.StartsWith("SUBSCRIBE sip:vm@198.51.100.1:5060;transport=udp SIP/2.0\r\n", refresh);
            Assert.AreEqual("<sip:*97@example.com>;tag=" + MwiHarness.NotifierTag, RegistrationHarness.Header(refresh, "To"));
            Assert.AreEqual("2 SUBSCRIBE", RegistrationHarness.Header(refresh, "CSeq"));
            Assert.AreEqual(RegistrationHarness.Header(first, "Call-ID"), RegistrationHarness.Header(refresh, "Call-ID"));
            Assert.AreEqual("3600", RegistrationHarness.Header(refresh, "Expires"));
        }

        [TestMethod]
        public void NotifyIsAnswered200AndReportsTheCounts()
        {
            MwiHarness h = new MwiHarness("*97", null);
            h.Start();
            h.Respond("200 OK", "Expires: 3600\r\n");
            h.Notify("active;expires=3600", SummaryType, Summary, null, null);
            Assert.StartsWith("SIP/2.0 200 OK\r\n", h.LastResponse);
            Assert.AreEqual(1, h.Summaries.Count);
            Assert.IsTrue(h.LastSummary.Waiting);
            Assert.AreEqual(2, h.LastSummary.New);
            Assert.AreEqual(1, h.LastSummary.Old);

            h.Notify("active;expires=3500", SummaryType, "Messages-Waiting: no\r\n", null, null);
            Assert.AreEqual(2, h.Summaries.Count);
            Assert.IsFalse(h.LastSummary.Waiting);
            Assert.AreEqual(0, h.LastSummary.New);
        }

        [TestMethod]
        public void ANotifyBeforeThe2xxCreatesTheDialog()
        {
            MwiHarness h = new MwiHarness("*97", null);
            h.Start();
            // RFC 6665 §4.1.2.4: the NOTIFY may overtake the 2xx.
            h.Notify("active;expires=3600", SummaryType, Summary, null, null);
            Assert.StartsWith("SIP/2.0 200 OK\r\n", h.LastResponse);
            Assert.IsTrue(h.Mwi.Established);
            Assert.AreEqual(1, h.Summaries.Count);
            h.Respond("200 OK", "Expires: 3600\r\n");
            Assert.AreEqual(3600, h.Mwi.GrantedExpires);
            Assert.AreEqual(3240000L, h.Mwi.NextDeadlineMs);
        }

        [TestMethod]
        public void NotifiesOfNoSubscriptionGet481()
        {
            MwiHarness h = new MwiHarness("*97", null);
            h.Start();
            h.Respond("200 OK", "Expires: 3600\r\n");
            h.Notify("active", SummaryType, Summary, "stranger@198.51.100.9", null);
            Assert.StartsWith("SIP/2.0 481 ", h.LastResponse);
            h.Notify("active", SummaryType, Summary, null, "othertag");
            Assert.StartsWith("SIP/2.0 481 ", h.LastResponse);
            Assert.AreEqual(0, h.Summaries.Count);
            Assert.AreEqual(2, h.Mwi.UnknownNotifies);
            Assert.IsTrue(h.Mwi.Established);
        }

        [TestMethod]
        public void AMalformedSummaryGets400AndAnotherType415WithNoChange()
        {
            MwiHarness h = new MwiHarness("*97", null);
            h.Start();
            h.Respond("200 OK", "Expires: 3600\r\n");
            // RFC 3261 §21.4.1: malformed syntax; neither ends the subscription (RFC 6665 §4.2.2 lists the codes that do).
            h.Notify("active", SummaryType, "Messages-Waiting: perhaps\r\n", null, null);
            Assert.StartsWith("SIP/2.0 400 ", h.LastResponse);
            // §21.4.13: a body format we do not take, with Accept.
            h.Notify("active", "text/plain", "Messages-Waiting: yes\r\n", null, null);
            Assert.StartsWith("SIP/2.0 415 ", h.LastResponse);
            Assert.AreEqual(SummaryType, RegistrationHarness.Header(h.LastResponse, "Accept"));
            Assert.AreEqual(0, h.Summaries.Count);
            Assert.IsTrue(h.Mwi.Established);
        }

        [TestMethod]
        public void TerminatedByTimeoutSubscribesAgainAtOnceWithANewDialog()
        {
            MwiHarness h = new MwiHarness("*97", null);
            h.Start();
            string first = h.LastSubscribe;
            h.Respond("200 OK", "Expires: 3600\r\n");
            h.RunTo(1000);
            h.Notify("terminated;reason=timeout", null, null, null, null);
            Assert.StartsWith("SIP/2.0 200 OK\r\n", h.LastResponse);
            Assert.IsFalse(h.Mwi.Established);
            h.RunTo(1000);
            Assert.AreEqual(2, h.SubscribeCount);
            string again = h.LastSubscribe;
            Assert.AreNotEqual(RegistrationHarness.Header(first, "Call-ID"), RegistrationHarness.Header(again, "Call-ID"));
            Assert.AreEqual("<sip:*97@example.com>", RegistrationHarness.Header(again, "To"));
        }

        [TestMethod]
        public void TerminatedWithRetryAfterWaitsAndRejectedStops()
        {
            MwiHarness h = new MwiHarness("*97", null);
            h.Start();
            h.Respond("200 OK", "Expires: 3600\r\n");
            h.Notify("terminated;reason=probation;retry-after=30", null, null, null, null);
            Assert.AreEqual(h.Now + 30000, h.Mwi.NextDeadlineMs);
            h.RunTo(30000);
            Assert.AreEqual(2, h.SubscribeCount);

            h.Respond("200 OK", "Expires: 3600\r\n");
            h.Notify("terminated;reason=rejected", null, null, null, null);
            Assert.AreEqual(long.MaxValue, h.Mwi.NextDeadlineMs);
        }

        [TestMethod]
        public void A481ToTheRefreshStartsOverAfterTheBackoff()
        {
            MwiHarness h = new MwiHarness("*97", null);
            h.Start();
            string first = h.LastSubscribe;
            h.Respond("200 OK", "Expires: 600\r\n");
            h.RunTo(540000);
            Assert.AreEqual(2, h.SubscribeCount);
            h.Respond("481 Call/Transaction Does Not Exist", "");
            Assert.IsFalse(h.Mwi.Established);
            long at = h.Mwi.NextDeadlineMs;
            Assert.IsTrue(at >= h.Now + 30000 && at <= h.Now + 60000);
            h.RunTo(at);
            Assert.AreEqual(3, h.SubscribeCount);
            string again = h.LastSubscribe;
            Assert.AreEqual("<sip:*97@example.com>", RegistrationHarness.Header(again, "To"));
            Assert.AreNotEqual(RegistrationHarness.Header(first, "Call-ID"), RegistrationHarness.Header(again, "Call-ID"));
        }

        [TestMethod]
        public void NoAnswerIsAFailureRetriedAfterTheBackoff()
        {
            MwiHarness h = new MwiHarness("*97", null);
            h.Start();
            // Timer F = 64·T1 = 32 s (RFC 3261 §17.1.2.2).
            h.RunTo(32000);
            Assert.AreEqual(1, h.Mwi.ConsecutiveFailures);
            long at = h.Mwi.NextDeadlineMs;
            Assert.IsTrue(at >= 32000 + 30000 && at <= 32000 + 60000);
        }

        [TestMethod]
        public void ShutdownUnsubscribesWithExpiresZero()
        {
            MwiHarness h = new MwiHarness("*97", null);
            h.Start();
            h.Respond("200 OK", "Expires: 3600\r\n");
            h.Mwi.Shutdown(h.Now);
            h.Drain();
            Assert.AreEqual(2, h.SubscribeCount);
            string unsubscribe = h.LastSubscribe;
            Assert.AreEqual("0", RegistrationHarness.Header(unsubscribe, "Expires"));
            Assert.AreEqual(long.MaxValue, h.Mwi.NextDeadlineMs);

            // RFC 6665 §4.1.2.3: the notifier's last NOTIFY (terminated) is still answered 200 and plans nothing.
            h.Respond("200 OK", "Expires: 0\r\n");
            h.Notify("terminated;reason=timeout", null, null, null, null);
            Assert.StartsWith("SIP/2.0 200 OK\r\n", h.LastResponse);
            Assert.AreEqual(long.MaxValue, h.Mwi.NextDeadlineMs);

            // Started again: a new subscription, not the old dialog.
            h.Mwi.Start(h.Now);
            h.Drain();
            Assert.AreEqual(3, h.SubscribeCount);
            Assert.AreEqual("<sip:*97@example.com>", RegistrationHarness.Header(h.LastSubscribe, "To"));
            Assert.AreNotEqual(RegistrationHarness.Header(unsubscribe, "Call-ID"), RegistrationHarness.Header(h.LastSubscribe, "Call-ID"));
        }
    }
}
