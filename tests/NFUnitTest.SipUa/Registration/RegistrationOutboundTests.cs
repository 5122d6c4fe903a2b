using nanoFramework.TestFramework;
using Phone.Sip.Registration;
using Phone.Sip.Transport;
using Phone.Sip;

namespace Phone.Tests.Sip.Registration
{
    /// <summary>
    /// RFC 5626 outbound on the registration's one flow: the REGISTER offers reg-id and the outbound option tag
    /// (§4.2.1), a 2xx with Require: outbound makes the flow an outbound flow whose keep-alives follow the
    /// registrar's Flow-Timer at 80–100 % of it (§4.4), a 439 makes the phone register again without outbound, and
    /// sip.outbound = false offers nothing.
    /// </summary>
    [TestClass]
    public class RegistrationOutboundTests
    {
        private const string Private = RegistrationHarness.PrivateContact;
        private const string Instance = RegistrationHarness.InstanceParam;

        private static string Granted(string contact, string extra)
        {
            return "Contact: " + contact + ";expires=600" + Instance + ";reg-id=1\r\n" + extra;
        }

        /// <summary>Steps to each keep-alive in turn and returns the gaps between them (ms), count of them.</summary>
        private static long[] KeepAliveGaps(RegistrationHarness h, int count)
        {
            long[] gaps = new long[count];
            long last = h.Now;
            int sent = h.Reg.KeepAlivesSent;
            int n = 0;
            while (n < count)
            {
                long d = h.Reg.NextDeadlineMs;
                Assert.IsTrue(d < last + 200000, "a keep-alive is due");
                h.RunTo(d);
                if (h.Reg.KeepAlivesSent != sent)
                {
                    sent = h.Reg.KeepAlivesSent;
                    gaps[n++] = d - last;
                    last = d;
                }
            }

            return gaps;
        }

        private static int Pings(RegistrationHarness h)
        {
            int n = 0;
            for (int i = 0; i < h.Sent.Count; i++)
            {
                if ((string)h.Sent[i] == "\r\n\r\n")
                {
                    n++;
                }
            }

            return n;
        }

        [TestMethod]
        public void TheRegisterOffersOutboundWithRegIdAndTheOptionTags()
        {
            RegistrationHarness h = new RegistrationHarness(SipTransportKind.Udp, null, -1);
            h.Start();
            string r = h.LastRegister;
            Assert.AreEqual(Private + Instance + ";reg-id=1", RegistrationHarness.Header(r, "Contact"));
            Assert.AreEqual("outbound, path", RegistrationHarness.Header(r, "Supported"));
            Assert.IsNull(RegistrationHarness.Header(r, "Require"), "outbound is offered, never required of the registrar");
            Assert.IsTrue(h.Reg.OutboundOffered);
            Assert.IsFalse(h.Reg.OutboundActive, "nothing granted yet");
        }

        [TestMethod]
        public void AGrantedFlowTimerSpacesTheKeepAlivesAt80To100PercentOfIt()
        {
            RegistrationHarness h = new RegistrationHarness(SipTransportKind.Udp, null, -1);
            h.Start();
            h.Respond("200 OK", Granted(Private, "Require: outbound\r\nFlow-Timer: 30\r\n"));
            Assert.AreEqual((int)RegistrationState.Registered, (int)h.Reg.State);
            Assert.IsTrue(h.Reg.OutboundActive);
            Assert.AreEqual(30, h.Reg.FlowTimerSeconds);

            long[] gaps = KeepAliveGaps(h, 8);
            bool varied = false;
            for (int i = 0; i < gaps.Length; i++)
            {
                Assert.IsTrue(gaps[i] >= 24000 && gaps[i] <= 30000, "gap " + gaps[i].ToString() + " ms");
                varied |= gaps[i] != gaps[0];
            }

            Assert.IsTrue(varied, "each keep-alive is placed at random in the window");
            Assert.AreEqual(1, h.RegisterCount);
        }

        [TestMethod]
        public void A2xxWithoutRequireOutboundLeavesTheConfiguredKeepAlive()
        {
            RegistrationHarness h = new RegistrationHarness(SipTransportKind.Udp, null, -1);
            h.Start();
            // A registrar without outbound ignores reg-id and sends no Require; a Flow-Timer alone means nothing.
            h.Respond("200 OK", Granted(Private, "Flow-Timer: 30\r\n"));
            Assert.IsFalse(h.Reg.OutboundActive);
            Assert.AreEqual(0, h.Reg.FlowTimerSeconds);
            long[] gaps = KeepAliveGaps(h, 3);
            for (int i = 0; i < gaps.Length; i++)
            {
                Assert.AreEqual(SipRegistration.DefaultUdpKeepAliveMs, gaps[i]);
            }
        }

        [TestMethod]
        public void AMalformedOrAbsentFlowTimerKeepsTheConfiguredIntervalOnAnOutboundFlow()
        {
            string[] bad = new string[] { "", "Flow-Timer: 0\r\n", "Flow-Timer: 3x\r\n", "Flow-Timer: 9999999\r\n", "Flow-Timer: \r\n" };
            for (int i = 0; i < bad.Length; i++)
            {
                RegistrationHarness h = new RegistrationHarness(SipTransportKind.Udp, null, 40);
                h.Start();
                h.Respond("200 OK", Granted(Private, "Require: outbound\r\n" + bad[i]));
                Assert.IsTrue(h.Reg.OutboundActive, bad[i]);
                Assert.AreEqual(0, h.Reg.FlowTimerSeconds, bad[i]);
                Assert.AreEqual(40000L, KeepAliveGaps(h, 1)[0], bad[i]);
            }
        }

        [TestMethod]
        public void ARefreshWithoutRequireOutboundBringsTheConfiguredIntervalBack()
        {
            RegistrationHarness h = new RegistrationHarness(SipTransportKind.Udp, null, -1);
            h.Start();
            h.Respond("200 OK", Granted(Private, "Require: outbound\r\nFlow-Timer: 15\r\n"));
            Assert.IsTrue(KeepAliveGaps(h, 1)[0] <= 15000);
            while (h.RegisterCount == 1 && h.Now < 700000)
            {
                h.RunTo(h.Reg.NextDeadlineMs);
            }

            Assert.AreEqual(2, h.RegisterCount, "the refresh");
            h.Respond("200 OK", Granted(Private, ""));
            Assert.IsFalse(h.Reg.OutboundActive);
            Assert.AreEqual(SipRegistration.DefaultUdpKeepAliveMs, h.Reg.UdpKeepAliveMs);
            Assert.AreEqual(SipRegistration.DefaultUdpKeepAliveMs, KeepAliveGaps(h, 1)[0]);
        }

        [TestMethod]
        public void A439MakesThePhoneRegisterAgainAtOnceWithoutOutbound()
        {
            RegistrationHarness h = new RegistrationHarness(SipTransportKind.Udp, null, -1);
            h.Start();
            h.Respond("439 First Hop Lacks Outbound Support", "");
            Assert.AreEqual(2, h.RegisterCount, "sent at once, no backoff");
            string again = h.LastRegister;
            Assert.AreEqual("2 REGISTER", RegistrationHarness.Header(again, "CSeq"));
            Assert.AreEqual(Private + Instance, RegistrationHarness.Header(again, "Contact"));
            Assert.IsNull(RegistrationHarness.Header(again, "Supported"));
            Assert.IsFalse(h.Reg.OutboundOffered);

            // Granted as a plain binding; a Require: outbound now (a registrar confused about it) changes nothing.
            h.Respond("200 OK", "Contact: " + Private + ";expires=600" + Instance + "\r\nRequire: outbound\r\nFlow-Timer: 10\r\n");
            Assert.AreEqual((int)RegistrationState.Registered, (int)h.Reg.State);
            Assert.IsFalse(h.Reg.OutboundActive);

            // A second 439 (to the plain REGISTER) is a failure like any other, not a loop.
            h.RunTo(h.Now + 700000);
            int before = h.RegisterCount;
            h.Respond("439 First Hop Lacks Outbound Support", "");
            Assert.AreEqual(before, h.RegisterCount);
            Assert.AreEqual((int)RegistrationState.Failed, (int)h.Reg.State);
        }

        [TestMethod]
        public void RandomRequireAndFlowTimerHeadersNeverThrowAndKeepTheSpacingInItsWindow()
        {
            // Bad input is normal input: 300 registrars answering with random Require and Flow-Timer values (digits,
            // letters, separators, huge numbers, empty). The phone registers every time; outbound is active exactly
            // when a well-formed Require lists "outbound"; the keep-alive gap is 80-100 % of an accepted Flow-Timer,
            // else the configured 25 s.
            System.Random r = new System.Random(5626);
            string alphabet = "0123456789outbndOUTBND ,;=-\t";
            int timed = 0, plain = 0;
            for (int run = 0; run < 300; run++)
            {
                string require = RandomText(r, alphabet, r.Next(12));
                if (r.Next(3) == 0)
                {
                    require = r.Next(2) == 0 ? "outbound" : "path, outbound";
                }

                string flow = RandomText(r, alphabet, r.Next(8));
                if (r.Next(3) == 0)
                {
                    flow = (r.Next(150) + 1).ToString();
                }

                RegistrationHarness h = new RegistrationHarness(SipTransportKind.Udp, null, -1);
                h.Start();
                h.Respond("200 OK", Granted(Private, "Require: " + require + "\r\nFlow-Timer: " + flow + "\r\n"));
                string case_ = "Require: " + require + " / Flow-Timer: " + flow;
                Assert.AreEqual((int)RegistrationState.Registered, (int)h.Reg.State, case_);
                int seconds = h.Reg.FlowTimerSeconds;
                Assert.IsTrue(seconds >= 0 && seconds <= SipOutbound.MaxFlowTimerSeconds, case_);
                Assert.IsTrue(h.Reg.OutboundActive || seconds == 0, case_);
                if (seconds > 0)
                {
                    timed++;
                }
                else
                {
                    plain++;
                }

                if (seconds > 150)
                {
                    // A long timer (random digits): the keep-alive's longest interval is the timer itself.
                    Assert.AreEqual(seconds * 1000L, h.Reg.UdpKeepAliveMs, case_);
                    continue;
                }

                long gap = KeepAliveGaps(h, 1)[0];
                if (seconds > 0)
                {
                    Assert.IsTrue(gap >= seconds * 800L && gap <= seconds * 1000L, case_ + ": " + gap.ToString());
                }
                else
                {
                    Assert.AreEqual(SipRegistration.DefaultUdpKeepAliveMs, gap, case_);
                }
            }

            // Both outcomes were exercised, not one of them 300 times.
            Assert.IsTrue(timed >= 30 && plain >= 30, "timed " + timed.ToString() + ", plain " + plain.ToString());
        }

        private static string RandomText(System.Random r, string alphabet, int length)
        {
            char[] c = new char[length];
            for (int i = 0; i < length; i++)
            {
                c[i] = alphabet[r.Next(alphabet.Length)];
            }

            return new string(c);
        }

        [TestMethod]
        public void OutboundOffSendsNoRegIdAndIgnoresARequireOutbound()
        {
            RegistrationHarness h = new RegistrationHarness(SipTransportKind.Udp, null, -1, false);
            h.Start();
            string r = h.LastRegister;
            Assert.AreEqual(Private + Instance, RegistrationHarness.Header(r, "Contact"));
            Assert.IsNull(RegistrationHarness.Header(r, "Supported"));
            h.Respond("200 OK", Granted(Private, "Require: outbound\r\nFlow-Timer: 10\r\n"));
            Assert.IsFalse(h.Reg.OutboundActive);
            Assert.AreEqual(SipRegistration.DefaultUdpKeepAliveMs, KeepAliveGaps(h, 1)[0]);
        }

        [TestMethod]
        public void OverTlsTheFlowTimerSetsTheConnectionPingAndTheRemovalRestoresIt()
        {
            RegistrationHarness h = new RegistrationHarness(SipTransportKind.Tls, null);
            Assert.AreEqual(120000L, h.Transport.KeepAliveIntervalMs);
            h.Start();
            h.Transport.OnConnected((int)h.Conns[0], h.Now);
            h.Drain();
            h.Respond("200 OK", "Expires: 600\r\nRequire: outbound\r\nFlow-Timer: 20\r\n");
            Assert.IsTrue(h.Reg.OutboundActive);
            long ping = h.Transport.KeepAliveIntervalMs;
            Assert.IsTrue(ping >= 16000 && ping <= 20000, ping.ToString());

            // The open flow's next ping comes within the new interval, not at the old 120 s.
            long at = h.Now;
            Assert.AreEqual(0, Pings(h));
            h.RunTo(at + ping - 1);
            Assert.AreEqual(0, Pings(h));
            h.RunTo(at + ping);
            Assert.AreEqual(1, Pings(h));

            h.Reg.Shutdown(h.Now);
            h.Drain();
            h.Respond("200 OK", "Expires: 0\r\n");
            Assert.AreEqual((int)RegistrationState.Unregistered, (int)h.Reg.State);
            Assert.AreEqual(120000L, h.Transport.KeepAliveIntervalMs);
        }
    }
}
