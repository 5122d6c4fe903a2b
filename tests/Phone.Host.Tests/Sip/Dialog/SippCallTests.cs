using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Phone.Call;
using Phone.Host.App;
using Phone.Host.Tests.Interop;
using Phone.Sip;
using Xunit;
using Xunit.Abstractions;

namespace Phone.Host.Tests.Sip.Dialog
{
    /// <summary>
    /// The phone's calls (the whole app on host drivers, a <see cref="VirtualPhone"/> with sip.register = false and
    /// sip.accept_from_any = true, so sipp talks to it straight) against sipp, an independent SIP implementation, over
    /// UDP and TCP: sipp as caller (its built-in uac scenario: INVITE, 180/200, ACK, BYE; over TCP on the flow the
    /// phone opened to register with sipp, as the phone has no TCP listener) and as callee (built-in uas, a 486
    /// scenario and a scenario that checks our hold re-INVITE carries a=sendonly, RFC 3264 §8.4), reached through
    /// sip.registrar / sip.port as the first hop. The phone is driven by its keys; sipp's exit code says whether every
    /// message it expected arrived in order. SRTP is off: nf.config refuses SDES keys over unprotected signalling.
    /// </summary>
    public sealed class SippCallTests
    {
        private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
        private readonly ITestOutputHelper _out;

        public SippCallTests(ITestOutputHelper output)
        {
            _out = output;
        }

        /// <summary>A phone (user 1001) whose first hop is 127.0.0.1:hopPort over transport; its event lines go to log.</summary>
        private static VirtualPhone Phone(SipTransportKind kind, int hopPort, bool register, ConcurrentQueue<string> log, out string dir)
        {
            dir = Path.Combine(Path.GetTempPath(), "phone-sipp-" + Guid.NewGuid().ToString("N").Substring(0, 10));
            string volume = Path.Combine(dir, "I");
            Directory.CreateDirectory(volume);
            File.WriteAllText(Path.Combine(volume, "nf.config"),
                "[device]\nname = sipp-desk\n[wifi]\nssid = RigNet\n" +
                "[sip]\ndomain = 127.0.0.1\nregistrar = 127.0.0.1\nuser = 1001\npassword = unused\ndisplay_name = Desk\n" +
                "transport = " + (kind == SipTransportKind.Tcp ? "tcp" : "udp") + "\nport = " + hopPort + "\nregister = " + (register ? "true" : "false") +
                "\nregister_expiry = 120\naccept_from_any = true\n[srtp]\nmode = off\n[audio]\nrtp_port_min = 42100\nrtp_port_max = 42102\n");
            var phone = new VirtualPhone(new VirtualPhoneOptions { Folder = volume, Address = System.Net.IPAddress.Parse(PhoneAddress), Log = log.Enqueue });
            phone.PowerOn();
            return phone;
        }

        /// <summary>The phone's own loopback address (its "DHCP address"): its SIP port is 5060 there, whatever else runs.</summary>
        private const string PhoneAddress = "127.0.2.1";

        private static bool Ready(VirtualPhone p) => p.Machine != null && p.Machine.State == PhoneState.Idle && p.Machine.Signal > 0;

        /// <summary>Types the number and presses Call.</summary>
        private static void Dial(VirtualPhone phone, string number)
        {
            Assert.True(phone.WaitUntil(Ready, Wait), "the phone never got ready\n" + phone.ScreenText());
            foreach (char c in number) phone.Tap((PhoneKey)(c - '0'));
            Assert.True(phone.WaitUntil(p => p.ScreenText().Contains(number), Wait), "typed digits never shown\n" + phone.ScreenText());
            phone.Tap(PhoneKey.Call);
        }

        /// <summary>The first event line of the app's log (PhoneCore's "event …") that starts with what, waited for.</summary>
        private static string WaitForLine(VirtualPhone phone, ConcurrentQueue<string> log, string what)
        {
            string found = null;
            phone.WaitUntil(_ => (found = log.FirstOrDefault(l => l.StartsWith(what, StringComparison.Ordinal))) != null, Wait);
            return found;
        }

        private static string Trace(ConcurrentQueue<string> log) => string.Join("\n", log);

        private static void Close(VirtualPhone phone, string dir)
        {
            phone.Dispose();
            try { Directory.Delete(dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }

        [Fact]
        public void SippCallsUs_AnsweredByKeyThenSippHangsUp_Udp()
        {
            var log = new ConcurrentQueue<string>();
            VirtualPhone phone = Phone(SipTransportKind.Udp, 5060, false, log, out string dir);
            try
            {
                Assert.True(phone.WaitUntil(Ready, Wait), phone.ScreenText());
                using Sipp sipp = Sipp.Start(_out, PhoneAddress + ":" + phone.SipUdpPort, SipTransportKind.Udp, "-sn", "uac", "-s", "1001", "-d", "3000");
                AnsweredThenSippHangsUp(phone, log, sipp);
            }
            finally
            {
                Close(phone, dir);
            }
        }

        [Fact]
        public void SippCallsUs_OnTheRegistrationFlow_AnsweredByKeyThenSippHangsUp_Tcp()
        {
            // sipp is the registrar: it takes the phone's REGISTER on the TCP connection the phone opened (200, no
            // challenge), then calls the phone on that same connection (RFC 5626 §5.3: requests reach the phone on its
            // flow); the phone has no TCP listener.
            int sippPort = KamailioRig.FreePort(null);
            using Sipp sipp = Sipp.Start(_out, null, SipTransportKind.Tcp, "-sf", Sipp.Scenario("registrar_caller", RegistrarCallerScenario), "-p", sippPort.ToString());
            var log = new ConcurrentQueue<string>();
            VirtualPhone phone = Phone(SipTransportKind.Tcp, sippPort, true, log, out string dir);
            try
            {
                AnsweredThenSippHangsUp(phone, log, sipp);
            }
            finally
            {
                Close(phone, dir);
            }
        }

        private void AnsweredThenSippHangsUp(VirtualPhone phone, ConcurrentQueue<string> log, Sipp sipp)
        {
            Assert.True(phone.WaitUntil(p => p.Machine?.State == PhoneState.Incoming, Wait), "never rang\n" + Trace(log) + sipp.Output);
            string incoming = WaitForLine(phone, log, "event IncomingCall call ");
            Assert.NotNull(incoming);
            string call = incoming.Split(' ')[3];
            phone.Tap(PhoneKey.Call);
            Assert.True(phone.WaitUntil(p => p.Machine.State == PhoneState.Connected, Wait), "not connected\n" + Trace(log));
            // What the call's media runs on: sipp's SDP (127.0.0.1, PCMU), plain RTP.
            Assert.True(phone.WaitUntil(p => p.Invoke(app => RemoteOf(app)) != null, Wait), "no media\n" + Trace(log));
            Assert.Equal("127.0.0.1", phone.Invoke(app => RemoteOf(app)));
            Assert.Contains("media update call " + call + ": sdp ok pt 0 ", Trace(log));
            Assert.DoesNotContain(log, l => l.StartsWith("media update", StringComparison.Ordinal) && l.EndsWith(" srtp", StringComparison.Ordinal));

            string gone = WaitForLine(phone, log, "event RemoteHangup call ");
            Assert.True(gone != null, "no RemoteHangup\n" + Trace(log));
            Assert.Equal(call, gone.Split(' ')[3]);
            sipp.AssertSucceeded(() => Trace(log));
            Assert.True(phone.WaitUntil(p => p.Invoke(app => app.Phone.Core.Agent.ActiveCalls) == 0, Wait), "call not released\n" + Trace(log));
        }

        private static string RemoteOf(Phone.App.PhoneApp app)
        {
            CallLeg leg = app.Phone.Machine.Current;
            var m = new Phone.App.Media.MediaSnapshot();
            return leg != null && app.Phone.Media.ReadStatistics(leg.Id, m) ? m.RemoteAddress : null;
        }

        [Theory]
        [InlineData(SipTransportKind.Udp)]
        [InlineData(SipTransportKind.Tcp)]
        public void WeCallSipp_AnsweredThenWeHangUp(SipTransportKind kind)
        {
            int sippPort = KamailioRig.FreePort(null);
            using Sipp sipp = Sipp.Start(_out, null, kind, "-sn", "uas", "-p", sippPort.ToString());
            var log = new ConcurrentQueue<string>();
            VirtualPhone phone = Phone(kind, sippPort, false, log, out string dir);
            try
            {
                Dial(phone, "2000");
                Assert.True(phone.WaitUntil(p => p.Machine.State == PhoneState.Connected, Wait), "not answered\n" + Trace(log) + sipp.Output);
                Assert.Contains(log, l => l.StartsWith("event CallProgress call ", StringComparison.Ordinal) && l.Contains(" 180"));
                phone.Tap(PhoneKey.HangUp);
                sipp.AssertSucceeded(() => Trace(log));
                Assert.True(phone.WaitUntil(p => p.Invoke(app => app.Phone.Core.Agent.ActiveCalls) == 0, Wait), "call not released\n" + Trace(log));
            }
            finally
            {
                Close(phone, dir);
            }
        }

        [Theory]
        [InlineData(SipTransportKind.Udp)]
        [InlineData(SipTransportKind.Tcp)]
        public void WeCallSipp_BusyHere_CallFails486(SipTransportKind kind)
        {
            int sippPort = KamailioRig.FreePort(null);
            using Sipp sipp = Sipp.Start(_out, null, kind, "-sf", Sipp.Scenario("uas_busy", BusyScenario), "-p", sippPort.ToString());
            var log = new ConcurrentQueue<string>();
            VirtualPhone phone = Phone(kind, sippPort, false, log, out string dir);
            try
            {
                Dial(phone, "2000");
                string failed = WaitForLine(phone, log, "event CallFailed call ");
                Assert.True(failed != null, "no CallFailed\n" + Trace(log));
                Assert.Equal("486", failed.Split(' ')[4]);
                sipp.AssertSucceeded(() => Trace(log));
            }
            finally
            {
                Close(phone, dir);
            }
        }

        [Fact]
        public void WeCallSipp_HoldReinviteIsSendonlyAndAnswered()
        {
            int sippPort = KamailioRig.FreePort(null);
            using Sipp sipp = Sipp.Start(_out, null, SipTransportKind.Udp, "-sf", Sipp.Scenario("uas_hold", HoldScenario), "-p", sippPort.ToString());
            var log = new ConcurrentQueue<string>();
            VirtualPhone phone = Phone(SipTransportKind.Udp, sippPort, false, log, out string dir);
            try
            {
                Dial(phone, "2000");
                Assert.True(phone.WaitUntil(p => p.Machine.State == PhoneState.Connected, Wait), "not answered\n" + Trace(log) + sipp.Output);
                phone.Tap(PhoneKey.Hold);
                // The re-INVITE's answer (a=recvonly) makes our side sendonly.
                Assert.True(phone.WaitUntil(_ => log.Any(l => l.StartsWith("media update", StringComparison.Ordinal) && l.Contains(" sendonly ")), Wait),
                    "hold not accepted\n" + Trace(log));
                Assert.True(phone.WaitUntil(p => p.Machine.State == PhoneState.Held, Wait), phone.ScreenText());
                phone.Tap(PhoneKey.HangUp);
                sipp.AssertSucceeded(() => Trace(log));
            }
            finally
            {
                Close(phone, dir);
            }
        }

        [Fact]
        public void SippMalformedRequests_GetTheRfcAnswers()
        {
            // Security finding 6 (tests/interop/sipp/phone_error_answers.xml): 505, 400 for a bad version token, a
            // negative and a 2^32 Content-Length, an unterminated quoted string and a bad CSeq, 416 for tel: (OPTIONS and
            // INVITE), 513 for more Vias than the parser holds, 200 for Expires 4294967295. sipp fails on any
            // other answer or none.
            var log = new ConcurrentQueue<string>();
            VirtualPhone phone = Phone(SipTransportKind.Udp, 5060, false, log, out string dir);
            try
            {
                Assert.True(phone.WaitUntil(Ready, Wait), phone.ScreenText());
                using Sipp sipp = Sipp.Start(_out, PhoneAddress + ":" + phone.SipUdpPort, SipTransportKind.Udp,
                    "-sf", Path.Combine(KamailioRig.SippDirectory, "phone_error_answers.xml"));
                sipp.AssertSucceeded(() => Trace(log));
                Assert.DoesNotContain(log, l => l.StartsWith("event IncomingCall", StringComparison.Ordinal));
                Assert.Equal(PhoneState.Idle, phone.Machine.State);
                Assert.Equal(7, phone.Invoke(app => app.Phone.Core.Policy.BadRequestAnswered));
                Assert.Equal(2, phone.Invoke(app => app.Phone.Core.Policy.UnsupportedScheme));
                Assert.Equal(0, phone.Invoke(app => app.Phone.Core.Policy.MalformedDropped));
            }
            finally
            {
                Close(phone, dir);
            }
        }

        private const string RegistrarCallerScenario = @"<?xml version=""1.0"" encoding=""ISO-8859-1"" ?>
<scenario name=""registrar, then caller on the phone's flow"">
  <recv request=""REGISTER"" />
  <send>
    <![CDATA[

      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:];tag=[pid]SIPpTag00[call_number]
      [last_Call-ID:]
      [last_CSeq:]
      [last_Contact:];expires=120
      Content-Length: 0

    ]]>
  </send>
  <send retrans=""500"">
    <![CDATA[

      INVITE sip:1001@127.0.2.1;transport=tcp SIP/2.0
      Via: SIP/2.0/TCP [local_ip]:[local_port];branch=[branch]
      From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag01[call_number]
      To: <sip:1001@127.0.0.1>
      Call-ID: [call_id]
      CSeq: 1 INVITE
      Contact: <sip:sipp@[local_ip]:[local_port];transport=tcp>
      Max-Forwards: 70
      Content-Type: application/sdp
      Content-Length: [len]

      v=0
      o=user1 53655765 2353687637 IN IP[local_ip_type] [local_ip]
      s=-
      c=IN IP[media_ip_type] [media_ip]
      t=0 0
      m=audio [media_port] RTP/AVP 0
      a=rtpmap:0 PCMU/8000

    ]]>
  </send>
  <recv response=""100"" optional=""true"" />
  <recv response=""180"" optional=""true"" />
  <recv response=""200"" rrs=""true"" />
  <send>
    <![CDATA[

      ACK [next_url] SIP/2.0
      Via: SIP/2.0/TCP [local_ip]:[local_port];branch=[branch]
      From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag01[call_number]
      To: <sip:1001@127.0.0.1>[peer_tag_param]
      Call-ID: [call_id]
      CSeq: 1 ACK
      Contact: <sip:sipp@[local_ip]:[local_port];transport=tcp>
      Max-Forwards: 70
      Content-Length: 0

    ]]>
  </send>
  <pause milliseconds=""3000"" />
  <send retrans=""500"">
    <![CDATA[

      BYE [next_url] SIP/2.0
      Via: SIP/2.0/TCP [local_ip]:[local_port];branch=[branch]
      From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag01[call_number]
      To: <sip:1001@127.0.0.1>[peer_tag_param]
      Call-ID: [call_id]
      CSeq: 2 BYE
      Contact: <sip:sipp@[local_ip]:[local_port];transport=tcp>
      Max-Forwards: 70
      Content-Length: 0

    ]]>
  </send>
  <recv response=""200"" crlf=""true"" />
</scenario>
";

        private const string BusyScenario = @"<?xml version=""1.0"" encoding=""ISO-8859-1"" ?>
<scenario name=""uas busy"">
  <recv request=""INVITE"" />
  <send>
    <![CDATA[

      SIP/2.0 486 Busy Here
      [last_Via:]
      [last_From:]
      [last_To:];tag=[pid]SIPpTag01[call_number]
      [last_Call-ID:]
      [last_CSeq:]
      Content-Length: 0

    ]]>
  </send>
  <recv request=""ACK"" />
</scenario>
";

        private const string HoldScenario = @"<?xml version=""1.0"" encoding=""ISO-8859-1"" ?>
<scenario name=""uas hold"">
  <recv request=""INVITE"" />
  <send>
    <![CDATA[

      SIP/2.0 180 Ringing
      [last_Via:]
      [last_From:]
      [last_To:];tag=[pid]SIPpTag01[call_number]
      [last_Call-ID:]
      [last_CSeq:]
      Contact: <sip:[local_ip]:[local_port];transport=[transport]>
      Content-Length: 0

    ]]>
  </send>
  <send retrans=""500"">
    <![CDATA[

      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:];tag=[pid]SIPpTag01[call_number]
      [last_Call-ID:]
      [last_CSeq:]
      Contact: <sip:[local_ip]:[local_port];transport=[transport]>
      Content-Type: application/sdp
      Content-Length: [len]

      v=0
      o=user1 53655765 2353687637 IN IP[local_ip_type] [local_ip]
      s=-
      c=IN IP[media_ip_type] [media_ip]
      t=0 0
      m=audio [media_port] RTP/AVP 0
      a=rtpmap:0 PCMU/8000

    ]]>
  </send>
  <recv request=""ACK"" />
  <recv request=""INVITE"">
    <action>
      <ereg regexp=""a=sendonly"" search_in=""body"" check_it=""true"" assign_to=""hold"" />
    </action>
  </recv>
  <send retrans=""500"">
    <![CDATA[

      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:]
      [last_Call-ID:]
      [last_CSeq:]
      Contact: <sip:[local_ip]:[local_port];transport=[transport]>
      Content-Type: application/sdp
      Content-Length: [len]

      v=0
      o=user1 53655765 2353687638 IN IP[local_ip_type] [local_ip]
      s=-
      c=IN IP[media_ip_type] [media_ip]
      t=0 0
      m=audio [media_port] RTP/AVP 0
      a=rtpmap:0 PCMU/8000
      a=recvonly

    ]]>
  </send>
  <recv request=""ACK"" />
  <recv request=""BYE"" />
  <send>
    <![CDATA[

      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:]
      [last_Call-ID:]
      [last_CSeq:]
      Content-Length: 0

    ]]>
  </send>
  <Reference variables=""hold"" />
</scenario>
";

        /// <summary>One sipp process for one call (-m 1), bounded by -timeout and a process timeout.</summary>
        private sealed class Sipp : IDisposable
        {
            private readonly Process _p;
            private readonly System.Threading.Tasks.Task<string> _stdout;
            private readonly System.Threading.Tasks.Task<string> _stderr;
            private readonly string _work;

            private Sipp(Process p, string work)
            {
                _p = p;
                _work = work;
                _stdout = p.StandardOutput.ReadToEndAsync();
                _stderr = p.StandardError.ReadToEndAsync();
            }

            public string Output => _p.HasExited ? _stdout.Result + _stderr.Result : "";

            public static string Scenario(string name, string xml)
            {
                string dir = Path.Combine(Path.GetTempPath(), "phone-sipp-calls");
                Directory.CreateDirectory(dir);
                string f = Path.Combine(dir, name + ".xml");
                File.WriteAllText(f, xml);
                return f;
            }

            /// <summary>sipp as client of remote (or as server when remote is null).</summary>
            public static Sipp Start(ITestOutputHelper log, string remote, SipTransportKind kind, params string[] args)
            {
                string exe = KamailioRig.FindOnPath("sipp") ?? throw new InvalidOperationException("sipp is not installed: run `bash tools/install-deps` (sip-tester)");
                string work = Path.Combine(Path.GetTempPath(), "phone-sipp-calls", Guid.NewGuid().ToString("N"));
                Directory.CreateDirectory(work);
                var psi = new ProcessStartInfo(exe)
                {
                    WorkingDirectory = work,
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    RedirectStandardInput = true,
                    UseShellExecute = false,
                };
                if (remote != null) psi.ArgumentList.Add(remote);
                foreach (string a in args) psi.ArgumentList.Add(a);
                bool hasPort = args.Contains("-p");
                foreach (string a in new[]
                {
                    "-t", kind == SipTransportKind.Udp ? "u1" : "t1", "-i", "127.0.0.1", "-m", "1", "-l", "1", "-nostdin",
                    "-timeout", "20s", "-timeout_error", "-trace_err", "-trace_msg", "-max_retrans", "5",
                }) psi.ArgumentList.Add(a);
                if (!hasPort)
                {
                    psi.ArgumentList.Add("-p");
                    psi.ArgumentList.Add(KamailioRig.FreePort(null).ToString());
                }

                log.WriteLine("sipp " + string.Join(" ", psi.ArgumentList));
                Process p = Process.Start(psi);
                p.StandardInput.Close();
                var s = new Sipp(p, work);
                if (remote == null)
                {
                    // The agent's first INVITE must find sipp listening: a retransmission crossing sipp's 200
                    // would be an unexpected message to its scenario.
                    int at = Array.IndexOf(args, "-p");
                    WaitBound(int.Parse(args[at + 1]), kind);
                }

                return s;
            }

            private static void WaitBound(int port, SipTransportKind kind)
            {
                var sw = Stopwatch.StartNew();
                while (sw.Elapsed < TimeSpan.FromSeconds(5))
                {
                    try
                    {
                        if (kind == SipTransportKind.Udp)
                        {
                            using var u = new System.Net.Sockets.UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port));
                        }
                        else
                        {
                            using var t = new System.Net.Sockets.TcpClient();
                            t.Connect(System.Net.IPAddress.Loopback, port);
                            return;
                        }
                    }
                    catch (System.Net.Sockets.SocketException)
                    {
                        if (kind == SipTransportKind.Udp) return;
                    }

                    System.Threading.Thread.Sleep(50);
                }
            }

            public void AssertSucceeded(Func<string> trace)
            {
                if (!_p.WaitForExit(25000))
                {
                    _p.Kill(true);
                    Assert.Fail("sipp did not finish in 25 s\n" + trace() + Logs());
                }

                _p.WaitForExit();
                Assert.True(_p.ExitCode == 0, "sipp exit " + _p.ExitCode + "\n" + _stderr.Result + Logs() + "\n" + trace());
            }

            private string Logs()
            {
                string s = "";
                foreach (string f in Directory.GetFiles(_work, "*.log"))
                {
                    string t = File.ReadAllText(f);
                    s += "\n--- " + Path.GetFileName(f) + "\n" + (t.Length > 6000 ? t.Substring(t.Length - 6000) : t);
                }

                return s;
            }

            public void Dispose()
            {
                if (!_p.HasExited)
                {
                    try { _p.Kill(true); } catch (InvalidOperationException) { }
                }

                _p.Dispose();
            }
        }
    }
}
