using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Phone.Call;
using Phone.Config;
using Phone.Host.Tests.Interop;
using Phone.Sdp;
using Phone.Sip.Transport;
using Xunit;
using Xunit.Abstractions;
using Phone.Media;
using Phone.Sip;

namespace Phone.Host.Tests.Sip.Dialog
{
    /// <summary>
    /// SipCallAgent on the host pump against sipp (an independent SIP implementation) over UDP and TCP: sipp as
    /// caller (its built-in uac scenario: INVITE, 180/200, ACK, BYE) and as callee (built-in uas, a 486 scenario and
    /// a scenario that checks our hold re-INVITE carries a=sendonly, RFC 3264 §8.4). sipp's exit code says whether
    /// every message it expected arrived in order. SRTP is off: SDES keys never go over unprotected signalling.
    /// </summary>
    public sealed class SippCallTests
    {
        private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
        private readonly ITestOutputHelper _out;

        public SippCallTests(ITestOutputHelper output)
        {
            _out = output;
        }

        [Theory]
        [InlineData(SipTransportKind.Udp)]
        [InlineData(SipTransportKind.Tcp)]
        public void SippCallsUs_AnsweredThenSippHangsUp(SipTransportKind kind)
        {
            using var host = new CallAgentHost(kind, SrtpMode.Off, autoAnswer: true);
            int port = kind == SipTransportKind.Udp ? host.Endpoint.UdpPort : host.Endpoint.TcpPort;
            using Sipp sipp = Sipp.Start(_out, "127.0.0.1:" + port, kind, "-sn", "uac", "-s", "1001", "-d", "500");
            PhoneEvent incoming = host.WaitFor(e => e.Kind == PhoneEventKind.IncomingCall, Wait);
            Assert.True(incoming != null, "no IncomingCall\n" + host.Trace + sipp.Output);
            PhoneEvent gone = host.WaitFor(e => e.Kind == PhoneEventKind.RemoteHangup, Wait);
            Assert.True(gone != null, "no RemoteHangup\n" + host.Trace);
            Assert.Equal(incoming.CallId, gone.CallId);
            sipp.AssertSucceeded(() => host.Trace);

            SdpNegotiationResult media = host.Media.Single();
            Assert.Equal("127.0.0.1", media.RemoteAddress);
            Assert.Equal(0, media.PayloadType);
            Assert.False(media.UsesSrtp);
            Assert.Equal(0, host.Agent.ActiveCalls);
        }

        [Theory]
        [InlineData(SipTransportKind.Udp)]
        [InlineData(SipTransportKind.Tcp)]
        public void WeCallSipp_AnsweredThenWeHangUp(SipTransportKind kind)
        {
            int sippPort = KamailioRig.FreePort(null);
            using Sipp sipp = Sipp.Start(_out, null, kind, "-sn", "uas", "-p", sippPort.ToString());
            using var host = new CallAgentHost(kind, SrtpMode.Optional, autoAnswer: false);
            host.Execute(PhoneCommandKind.PlaceCall, -1, "sip:service@127.0.0.1:" + sippPort + (kind == SipTransportKind.Tcp ? ";transport=tcp" : ""));
            PhoneEvent answered = host.WaitFor(e => e.Kind == PhoneEventKind.CallAnswered || e.Kind == PhoneEventKind.CallFailed, Wait);
            Assert.True(answered != null && answered.Kind == PhoneEventKind.CallAnswered, "not answered\n" + host.Trace + sipp.Output);
            Assert.True(host.Events.Any(e => e.Kind == PhoneEventKind.CallProgress && e.Status == 180), host.Trace);
            host.Execute(PhoneCommandKind.HangUp, -1);
            sipp.AssertSucceeded(() => host.Trace);
            Assert.True(SpinUntil(() => host.Endpoint.Invoke(() => host.Agent.ActiveCalls).Result == 0), "call not released\n" + host.Trace);
        }

        [Theory]
        [InlineData(SipTransportKind.Udp)]
        [InlineData(SipTransportKind.Tcp)]
        public void WeCallSipp_BusyHere_CallFails486(SipTransportKind kind)
        {
            int sippPort = KamailioRig.FreePort(null);
            using Sipp sipp = Sipp.Start(_out, null, kind, "-sf", Sipp.Scenario("uas_busy", BusyScenario), "-p", sippPort.ToString());
            using var host = new CallAgentHost(kind, SrtpMode.Off, autoAnswer: false);
            host.Execute(PhoneCommandKind.PlaceCall, -1, "sip:busy@127.0.0.1:" + sippPort + (kind == SipTransportKind.Tcp ? ";transport=tcp" : ""));
            PhoneEvent failed = host.WaitFor(e => e.Kind == PhoneEventKind.CallFailed, Wait);
            Assert.True(failed != null, "no CallFailed\n" + host.Trace);
            Assert.Equal(486, failed.Status);
            sipp.AssertSucceeded(() => host.Trace);
        }

        [Fact]
        public void WeCallSipp_HoldReinviteIsSendonlyAndAnswered()
        {
            int sippPort = KamailioRig.FreePort(null);
            using Sipp sipp = Sipp.Start(_out, null, SipTransportKind.Udp, "-sf", Sipp.Scenario("uas_hold", HoldScenario), "-p", sippPort.ToString());
            using var host = new CallAgentHost(SipTransportKind.Udp, SrtpMode.Off, autoAnswer: false);
            host.Execute(PhoneCommandKind.PlaceCall, -1, "sip:hold@127.0.0.1:" + sippPort);
            PhoneEvent answered = host.WaitFor(e => e.Kind == PhoneEventKind.CallAnswered || e.Kind == PhoneEventKind.CallFailed, Wait);
            Assert.True(answered != null && answered.Kind == PhoneEventKind.CallAnswered, "not answered\n" + host.Trace + sipp.Output);
            host.Execute(PhoneCommandKind.Hold, -1, on: true);
            SdpNegotiationResult held = host.WaitForMedia(m => m.Direction == SdpDirection.SendOnly, Wait);
            Assert.True(held != null, "hold not accepted\n" + host.Trace);
            host.Execute(PhoneCommandKind.HangUp, -1);
            sipp.AssertSucceeded(() => host.Trace);
        }

        [Fact]
        public void SippMalformedRequests_GetTheRfcAnswers()
        {
            // Security finding 6 (tests/interop/sipp/phone_error_answers.xml): 505, 400 for a bad version token, a
            // negative and a 2^32 Content-Length, an unterminated quoted string and a bad CSeq, 416 for tel: (OPTIONS and
            // INVITE), 513 for more Vias than the parser holds, 200 for Expires 4294967295. sipp fails on any
            // other answer or none.
            using var host = new CallAgentHost(SipTransportKind.Udp, SrtpMode.Off, autoAnswer: false);
            using Sipp sipp = Sipp.Start(_out, "127.0.0.1:" + host.Endpoint.UdpPort, SipTransportKind.Udp,
                "-sf", Path.Combine(KamailioRig.SippDirectory, "phone_error_answers.xml"));
            sipp.AssertSucceeded(() => host.Trace);
            Assert.Empty(host.Events.Where(e => e.Kind == PhoneEventKind.IncomingCall));
            Assert.Equal(7, host.Endpoint.Invoke(() => host.Endpoint.Policy.BadRequestAnswered).Result);
            Assert.Equal(2, host.Endpoint.Invoke(() => host.Endpoint.Policy.UnsupportedScheme).Result);
            Assert.Equal(0, host.Endpoint.Invoke(() => host.Endpoint.Policy.MalformedDropped).Result);
        }

        private static bool SpinUntil(Func<bool> f)
        {
            var sw = Stopwatch.StartNew();
            while (sw.Elapsed < Wait)
            {
                if (f()) return true;
                System.Threading.Thread.Sleep(50);
            }

            return false;
        }

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
