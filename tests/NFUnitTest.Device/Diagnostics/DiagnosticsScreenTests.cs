using nanoFramework.TestFramework;
using Phone.Call;
using Phone.Config;
using Phone.Device.Diagnostics;
using Phone.Srtp;
using Phone.Audio;
using Phone.Sip.Registration;

namespace Phone.Tests.Device.Diagnostics
{
    /// <summary>Each diagnostics page written out in full, paging keys, and redraws limited to changed rows.</summary>
    [TestClass]
    public class DiagnosticsScreenTests
    {
        static void AssertPage(DiagnosticsScreen d, string[] rows)
        {
            for (int r = 0; r < 8; r++) Assert.AreEqual(rows[r], d.Screen.Line(r).TrimEnd(), "row " + r.ToString());
        }

        static DiagnosticsScreen Filled()
        {
            DiagnosticsScreen d = new DiagnosticsScreen();
            d.Registration = RegistrationState.Registered;
            d.RegistrationStatus = 200;
            d.RegistrationReason = "OK";
            d.User = "1001";
            d.Server = "pbx.example.org";
            d.Transport = "TLS";
            d.ExpiresInSeconds = 3540;
            d.Ssid = "office";
            d.IpAddress = "192.168.1.23";
            d.RssiDbm = -67;
            d.Outages = 2;
            d.LinkState = "Online";
            d.SrtpActive = true;
            d.Suite = SrtpSuite.AesCm128HmacSha1_80;
            d.AuthFailures = 3;
            d.ReplayDrops = 1;
            d.RtcpAuthFailures = 2;
            d.ShortRtcpTags = 9;
            d.Unprotected = 4;
            d.PacketsSent = 1500;
            d.PacketsReceived = 1490;
            d.PacketsLost = 10;
            d.LateFrames = 3;
            d.RoundTripMs = 42;
            d.Malformed = 5;
            d.UnknownSsrc = 6;
            d.Codec = AudioCodec.Pcmu;
            d.LossPermille = 12;
            d.JitterMs = 14;
            d.ConcealedFrames = 37;
            d.PlaybackUnderruns = 1;
            d.CaptureOverruns = 0;
            d.NativeFreeBytes = 123456;
            d.NativeLargestBlock = 65536;
            d.ManagedFreeBytes = 45678;
            d.GcCount = 12;
            d.SelfTest = SelfTestState.Passed;
            d.KernelName = "native";
            d.ProtectMicros = 312;
            d.UnprotectMicros = 298;
            d.Render();
            return d;
        }

        [TestMethod]
        public void RegistrationPage()
        {
            AssertPage(Filled(), new string[]
            {
                "1/8 Registration",
                "State: registered",
                "User: 1001",
                "Srv: pbx.example.org",
                "Via: TLS",
                "Last: 200 OK",
                "Expires: 3540s",
                "<> page    End: exit",
            });
        }

        [TestMethod]
        public void NetworkPage()
        {
            DiagnosticsScreen d = Filled();
            d.Press(PhoneKey.Right);
            AssertPage(d, new string[]
            {
                "2/8 Network",
                "SSID: office",
                "IP: 192.168.1.23",
                "RSSI: -67 dBm",
                "Outages: 2",
                "Link: Online",
                "",
                "<> page    End: exit",
            });
        }

        [TestMethod]
        public void SecurityPage()
        {
            DiagnosticsScreen d = Filled();
            d.Press(PhoneKey.D3);
            AssertPage(d, new string[]
            {
                "3/8 Security",
                "Media: SRTP",
                "AES128 HMAC-SHA1-80",
                "Auth RTP/RTCP: 3/2",
                "Replays: 1",
                "Unprotected: 4",
                "Peer tag32: 9",
                "<> page    End: exit",
            });
            d.Suite = SrtpSuite.Aes256CmHmacSha1_32;
            d.Render();
            Assert.AreEqual("AES256 HMAC-SHA1-32", d.Screen.Line(2).TrimEnd());
            d.SrtpActive = false;
            d.Render();
            Assert.AreEqual("Media: plain RTP", d.Screen.Line(1).TrimEnd());
            Assert.AreEqual("", d.Screen.Line(2).TrimEnd());
        }

        [TestMethod]
        public void AudioPage()
        {
            DiagnosticsScreen d = Filled();
            d.Press(PhoneKey.D4);
            AssertPage(d, new string[]
            {
                "4/8 Audio",
                "Codec: PCMU (G.711 u)",
                "Loss: 1.2%",
                "Jitter: 14 ms",
                "Concealed: 37",
                "Spk underruns: 1",
                "Mic overruns: 0",
                "<> page    End: exit",
            });
        }

        [TestMethod]
        public void MemoryPage()
        {
            DiagnosticsScreen d = Filled();
            d.Press(PhoneKey.D5);
            AssertPage(d, new string[]
            {
                "5/8 Memory",
                "Native free: 123456",
                "Largest blk: 65536",
                "GC free: 45678",
                "GC runs: 12",
                "",
                "",
                "<> page    End: exit",
            });
        }

        [TestMethod]
        public void KernelPage()
        {
            DiagnosticsScreen d = Filled();
            d.Press(PhoneKey.D6);
            // (312 + 298) µs x 50 packets/s = 30 500 µs per second = 3.05 %, shown as 3.1 %.
            AssertPage(d, new string[]
            {
                "6/8 Crypto kernel",
                "Self-test: pass",
                "Kernel: native",
                "Protect: 312 us",
                "Unprotect: 298 us",
                "CPU per call: 3.1%",
                "",
                "<> page    End: exit",
            });
        }

        [TestMethod]
        public void PacketsPage()
        {
            DiagnosticsScreen d = Filled();
            d.Press(PhoneKey.D7);
            AssertPage(d, new string[]
            {
                "7/8 Packets",
                "Sent: 1500",
                "Received: 1490",
                "Lost: 10 Late: 3",
                "RTT: 42 ms",
                "Malformed: 5",
                "Unknown SSRC: 6",
                "<> page    End: exit",
            });
            d.RoundTripMs = -1;
            d.Render();
            Assert.AreEqual("RTT: n/a", d.Screen.Line(4).TrimEnd());
        }

        [TestMethod]
        public void SignallingPage()
        {
            DiagnosticsScreen d = Filled();
            d.ForeignChallenges = 2;
            d.ForeignRequests = 14400;
            d.RateLimited = 350;
            d.PoolFull = 4;
            d.MalformedRequests = 7;
            d.Press(PhoneKey.D8);
            AssertPage(d, new string[]
            {
                "8/8 Signalling",
                "Challenges refused: 2",
                "Strangers: 14400",
                "Rate limited: 350",
                "503 pool full: 4",
                "Unanswerable: 7",
                "",
                "<> page    End: exit",
            });
        }

        [TestMethod]
        public void UnknownValuesShowADash()
        {
            DiagnosticsScreen d = new DiagnosticsScreen();
            AssertPage(d, new string[]
            {
                "1/8 Registration",
                "State: not registered",
                "User: -",
                "Srv: -",
                "Via: -",
                "Last: -",
                "Expires: -",
                "<> page    End: exit",
            });
            d.Page = DiagnosticsPage.Memory;
            d.Render();
            Assert.AreEqual("Native free: -", d.Screen.Line(1).TrimEnd());
            d.Page = DiagnosticsPage.Kernel;
            d.Render();
            Assert.AreEqual("Self-test: not run", d.Screen.Line(1).TrimEnd());
            Assert.AreEqual("Protect: -", d.Screen.Line(3).TrimEnd());
            Assert.AreEqual("", d.Screen.Line(5).TrimEnd());
            d.SelfTest = SelfTestState.Failed;
            d.Render();
            Assert.AreEqual("Self-test: FAIL", d.Screen.Line(1).TrimEnd());
        }

        [TestMethod]
        public void PagesWrapBothWaysAndEndExits()
        {
            DiagnosticsScreen d = new DiagnosticsScreen();
            Assert.IsTrue(d.Press(PhoneKey.Left));
            Assert.AreEqual((int)DiagnosticsPage.Signalling, (int)d.Page);
            Assert.IsTrue(d.Press(PhoneKey.Down));
            Assert.AreEqual((int)DiagnosticsPage.Registration, (int)d.Page);
            Assert.IsTrue(d.Press(PhoneKey.Up));
            Assert.AreEqual((int)DiagnosticsPage.Signalling, (int)d.Page);
            Assert.IsFalse(d.Press(PhoneKey.D9), "no page 9");
            Assert.IsFalse(d.Press(PhoneKey.D0));
            Assert.IsFalse(d.Press(PhoneKey.Call));
            Assert.AreEqual((int)DiagnosticsPage.Signalling, (int)d.Page);
            Assert.IsFalse(d.ExitRequested);
            Assert.IsTrue(d.Press(PhoneKey.HangUp));
            Assert.IsTrue(d.ExitRequested);
            d.Open();
            Assert.IsFalse(d.ExitRequested);
            Assert.AreEqual((int)DiagnosticsPage.Registration, (int)d.Page);
            d.Page = (DiagnosticsPage)9;
            Assert.AreEqual((int)DiagnosticsPage.Registration, (int)d.Page, "out of range is ignored");
        }

        [TestMethod]
        public void ACounterChangeRedrawsOnlyItsRow()
        {
            DiagnosticsScreen d = Filled();
            d.Press(PhoneKey.D3);
            d.Screen.ClearDirty();
            d.AuthFailures = 4;
            d.Render();
            Assert.AreEqual(1 << 3, d.Screen.DirtyMask);
            d.Screen.ClearDirty();
            d.Render();
            Assert.AreEqual(0, d.Screen.DirtyMask);
        }
    }
}
