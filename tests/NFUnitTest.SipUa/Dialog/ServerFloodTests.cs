using System.Text;
using nanoFramework.TestFramework;
using Phone.Sip;
using Phone.Sip.Registration;
using Phone.Sip.Transport;
using Phone.Tests.Sip.Registration;

namespace Phone.Tests.Sip.Dialog
{
    /// <summary>
    /// Security finding 2: a trickle of unsolicited OPTIONS from many sources used to fill the one transaction pool
    /// (each holds its slot for timer J, 32 s), after which REGISTER refreshes and calls failed. Received requests
    /// now have their own pool, so the phone's own requests always find a slot; with sip.accept_from_any off the
    /// strangers do not get a slot at all.
    /// </summary>
    [TestClass]
    public class ServerFloodTests
    {
        private const string Challenge = "WWW-Authenticate: Digest realm=\"example.com\", nonce=\"n0nce1\", qop=\"auth\", algorithm=MD5\r\n";
        private const string Ok600 = "Contact: <sip:1001@192.0.2.10:5062;transport=udp>;expires=600;+sip.instance=\"<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>\"\r\n";

        private static string Options(int i, string host)
        {
            return "OPTIONS sip:1001@192.0.2.10:5062 SIP/2.0\r\n" +
                   "Via: SIP/2.0/UDP " + host + ":5060;rport;branch=z9hG4bKflood" + i.ToString() + "\r\n" +
                   "Max-Forwards: 70\r\n" +
                   "To: <sip:1001@192.0.2.10>\r\n" +
                   "From: \"Ghost\" <sip:ghost@" + host + ">;tag=g" + i.ToString() + "\r\n" +
                   "Call-ID: flood" + i.ToString() + "@" + host + "\r\n" +
                   "CSeq: 1 OPTIONS\r\n" +
                   "Content-Length: 0\r\n\r\n";
        }

        private static void Flood(SipTransport transport, int n, long nowMs)
        {
            for (int i = 0; i < n; i++)
            {
                string host = "203.0.113." + (1 + i % 100).ToString();
                byte[] b = Encoding.UTF8.GetBytes(Options(i, host));
                transport.OnDatagram(b, 0, b.Length, host, 20000 + i, nowMs);
            }
        }

        [TestMethod]
        public void RegisterRefreshGetsATransactionWhileTheServerPoolIsFull()
        {
            RegistrationHarness h = new RegistrationHarness(SipTransportKind.Udp, null);
            h.Start();
            h.Respond("401 Unauthorized", Challenge);
            h.Respond("200 OK", Ok600);
            Assert.AreEqual("Registered(600)", h.LastEvent.ToString());

            // accept_from_any: strangers may take server slots, up to the server pool (this harness's TU never answers,
            // so they stay) — and not one more.
            h.Layer.AcceptFromAny = true;
            Flood(h.Transport, 300, h.Now);
            h.Drain();
            Assert.AreEqual(300 - h.Layer.MaxServerTransactions, h.Layer.TableFullRejects);

            int before = h.RegisterCount;
            h.RunTo(h.Reg.NextDeadlineMs);
            Assert.AreEqual(before + 1, h.RegisterCount);
            h.Respond("200 OK", Ok600);
            Assert.AreEqual("Registered(600)", h.LastEvent.ToString());
            Assert.AreEqual((int)RegistrationState.Registered, (int)h.Reg.State);
        }

        [TestMethod]
        public void StrangersGetNoServerSlotByDefault()
        {
            RegistrationHarness h = new RegistrationHarness(SipTransportKind.Udp, null);
            h.Layer.UsePhoneLimits(false);
            h.Start();
            int sent = h.Sent.Count;
            Flood(h.Transport, 300, h.Now);
            h.Drain();
            Assert.AreEqual(300, h.Layer.ForeignRequests);
            Assert.AreEqual(sent, h.Sent.Count);
            Assert.AreEqual(1, h.Layer.ActiveCount);

            // The registrar (listed by SipRegistration) is still heard.
            h.Respond("401 Unauthorized", Challenge);
            h.Respond("200 OK", Ok600);
            Assert.AreEqual("Registered(600)", h.LastEvent.ToString());
        }

        [TestMethod]
        public void OutgoingInviteGetsATransactionWhileOptionsHoldTheServerPool()
        {
            CallHarness h = CallHarness.Udp();
            h.Layer.UsePhoneLimits(true);
            Flood(h.Transport, 500, h.Now);
            h.Drain();
            Assert.IsTrue(h.Count("SIP/2.0 200 OK") > 0);
            Assert.IsTrue(h.Layer.TableFullRejects + h.Layer.RateLimited > 0);

            h.Place(-1, "sip:1002@192.0.2.20");
            Assert.AreEqual(1, h.Count("INVITE sip:1002@192.0.2.20 SIP/2.0"));
        }
    }
}
