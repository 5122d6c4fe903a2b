using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using Xunit;
using Xunit.Abstractions;

namespace Phone.Host.Tests.Interop
{
    /// <summary>A rig that refuses offers without RTP/SAVP and dumps every SIP message (TLS decrypted), for <see cref="PeerRigTests"/>.</summary>
    public sealed class PeerRig : IDisposable
    {
        public PeerRig()
        {
            Rig = KamailioRig.Start(new KamailioRigOptions { RequireSavp = true, SipDump = true });
        }

        public KamailioRig Rig { get; }

        public void Dispose() => Rig.Dispose();
    }

    /// <summary>
    /// The far-end phones the virtual handset will be tested against, proven against each other:
    /// baresip (1001, 440 Hz) and linphonec (1002, 1000 Hz) call each other through kamailio over
    /// TLS with SDES SRTP mandatory (the rig refuses anything but RTP/SAVP); each side's recording
    /// holds the other side's tone and not its own; a hangup on one side ends the call on the other.
    /// In the kamailio collection so these CPU-heavy tests never overlap the other rig tests.
    /// </summary>
    [Collection(KamailioCollection.Name)]
    public sealed class PeerRigTests : IClassFixture<PeerRig>
    {
        private const double BaresipTone = 440;
        private const double LinphoneTone = 1000;
        private static readonly TimeSpan Step = TimeSpan.FromSeconds(10);
        private static readonly TimeSpan AudioTime = TimeSpan.FromSeconds(2.5);
        private readonly KamailioRig _rig;
        private readonly KamailioRig _plainRig;
        private readonly ITestOutputHelper _out;

        public PeerRigTests(PeerRig fixture, KamailioRig sharedRig, ITestOutputHelper output)
        {
            _rig = fixture.Rig;
            _plainRig = sharedRig;
            _out = output;
        }

        [Fact]
        public void Baresip_CallsLinphone_OverTlsWithSrtp_TonesCross_HangupEndsCallee()
        {
            var sw = Stopwatch.StartNew();
            using var linphone = LinphonePeer.Start(_rig, new LinphonePeerOptions { User = "1002", ToneHz = LinphoneTone });
            using var baresip = BaresipPeer.Start(_rig, new BaresipPeerOptions { User = "1001", ToneHz = BaresipTone });
            _out.WriteLine("peers registered after " + sw.ElapsedMilliseconds + " ms");
            using LoopbackCapture capture = LoopbackCapture.TryStart("udp port " + linphone.RtpPort, Path.Combine(linphone.Directory, "media.pcap"));
            WithLogs(baresip, linphone, () =>
            {
                string linphoneRec = linphone.SetRecording();
                baresip.Dial(linphone.Aor);
                BaresipEvent established = baresip.WaitForEvent("CALL_ESTABLISHED", Step);
                BaresipEvent menc = baresip.WaitForEvent("CALL_MENC", Step, e => e.CallId == established.CallId);
                Assert.Contains("AES_CM_128_HMAC_SHA1_80", menc.Param);
                baresip.WaitForEvent("CALL_RTPESTAB", Step, e => e.CallId == established.CallId);
                linphone.WaitForCallState("StreamsRunning", Step);
                _out.WriteLine("call up after " + sw.ElapsedMilliseconds + " ms; MENC " + menc.Param);
                Thread.Sleep(AudioTime);

                int before = baresip.EventCount;
                baresip.Hangup();
                baresip.WaitForEvent("CALL_CLOSED", Step, e => e.CallId == established.CallId, before);
                linphone.WaitForNoCall(Step);
                _out.WriteLine("both ended after " + sw.ElapsedMilliseconds + " ms");

                AssertSavpCall(established.CallId);
                AssertByeAnswered(established.CallId);
                AssertMediaOnWire(capture, linphone.RtpPort, encrypted: true);
                AssertHearsOnly(baresip.ReceivedRecording, LinphoneTone, BaresipTone, "baresip (1001) received");
                AssertHearsOnly(WaitForWav(linphoneRec), BaresipTone, LinphoneTone, "linphonec (1002) received");
            });
            _out.WriteLine("total " + sw.ElapsedMilliseconds + " ms");
        }

        [Fact]
        public void Linphone_CallsBaresip_OverTlsWithSrtp_TonesCross_HangupEndsCallee()
        {
            var sw = Stopwatch.StartNew();
            using var linphone = LinphonePeer.Start(_rig, new LinphonePeerOptions { User = "1002", ToneHz = LinphoneTone });
            using var baresip = BaresipPeer.Start(_rig, new BaresipPeerOptions { User = "1001", ToneHz = BaresipTone });
            _out.WriteLine("peers registered after " + sw.ElapsedMilliseconds + " ms");
            WithLogs(baresip, linphone, () =>
            {
                string linphoneRec = linphone.SetRecording();
                linphone.Dial(baresip.Aor);
                // answermode=auto answers without a CALL_INCOMING event: the call shows up established, direction incoming.
                BaresipEvent incoming = baresip.WaitForEvent("CALL_ESTABLISHED", Step, e => e.Direction == "incoming");
                BaresipEvent menc = baresip.WaitForEvent("CALL_MENC", Step, e => e.CallId == incoming.CallId);
                Assert.Contains("AES_CM_128_HMAC_SHA1_80", menc.Param);
                linphone.WaitForCallState("StreamsRunning", Step);
                _out.WriteLine("call up after " + sw.ElapsedMilliseconds + " ms; MENC " + menc.Param);
                Thread.Sleep(AudioTime);

                linphone.Terminate();
                BaresipEvent closed = baresip.WaitForEvent("CALL_CLOSED", Step, e => e.CallId == incoming.CallId);
                linphone.WaitForNoCall(Step);
                _out.WriteLine("both ended after " + sw.ElapsedMilliseconds + " ms (baresip: " + closed.Param + ")");

                AssertSavpCall(incoming.CallId);
                AssertByeAnswered(incoming.CallId);
                AssertHearsOnly(baresip.ReceivedRecording, LinphoneTone, BaresipTone, "baresip (1001) received");
                AssertHearsOnly(WaitForWav(linphoneRec), BaresipTone, LinphoneTone, "linphonec (1002) received");
            });
            _out.WriteLine("total " + sw.ElapsedMilliseconds + " ms");
        }

        /// <summary>
        /// baresip's in-call controls over ctrl_tcp: a manually accepted incoming call, hold and
        /// resume (linphonec sees PausedByRemote, then StreamsRunning again), DTMF (RFC 4733, which
        /// linphonec reports as "Receiving tone"), and a hangup that ends linphonec's call.
        /// </summary>
        [Fact]
        public void Baresip_AcceptHoldResumeDtmf_SeenByLinphone()
        {
            var sw = Stopwatch.StartNew();
            using var linphone = LinphonePeer.Start(_rig, new LinphonePeerOptions { User = "1002", ToneHz = LinphoneTone });
            using var baresip = BaresipPeer.Start(_rig, new BaresipPeerOptions { User = "1001", ToneHz = BaresipTone, AnswerMode = "manual" });
            WithLogs(baresip, linphone, () =>
            {
                linphone.Dial(baresip.Aor);
                BaresipEvent incoming = baresip.WaitForEvent("CALL_INCOMING", Step);
                baresip.Accept();
                baresip.WaitForEvent("CALL_ESTABLISHED", Step, e => e.CallId == incoming.CallId);
                linphone.WaitForCallState("StreamsRunning", Step);
                _out.WriteLine("accepted after " + sw.ElapsedMilliseconds + " ms");

                baresip.Hold();
                linphone.WaitForCallState("PausedByRemote", Step);
                baresip.Resume();
                linphone.WaitForCallState("StreamsRunning", Step);
                _out.WriteLine("held and resumed after " + sw.ElapsedMilliseconds + " ms");

                baresip.SendDtmf("1#");
                linphone.WaitForOutput("Receiving tone 1 ", Step);
                linphone.WaitForOutput("Receiving tone # ", Step);
                _out.WriteLine("DTMF seen after " + sw.ElapsedMilliseconds + " ms");

                baresip.Hangup();
                baresip.WaitForEvent("CALL_CLOSED", Step, e => e.CallId == incoming.CallId);
                linphone.WaitForNoCall(Step);
            });
            _out.WriteLine("total " + sw.ElapsedMilliseconds + " ms");
        }

        /// <summary>
        /// The control for the wire check: the same peers with encryption off, on the shared rig (no
        /// SAVP policy), send plain RTP whose payloads repeat every 5 packets (steady tones), and the
        /// tones still cross. Shows the check in the SRTP test would catch plain media.
        /// </summary>
        [Fact]
        public void PlainRtpCall_TonesCross_AndPayloadsRepeatOnTheWire()
        {
            using var linphone = LinphonePeer.Start(_plainRig, new LinphonePeerOptions { User = "1002", ToneHz = LinphoneTone, MediaEncryption = "none", EncryptionMandatory = false });
            using var baresip = BaresipPeer.Start(_plainRig, new BaresipPeerOptions { User = "1001", ToneHz = BaresipTone, MediaEnc = null });
            using LoopbackCapture capture = LoopbackCapture.TryStart("udp port " + linphone.RtpPort, Path.Combine(linphone.Directory, "media.pcap"));
            WithLogs(baresip, linphone, () =>
            {
                string linphoneRec = linphone.SetRecording();
                baresip.Dial(linphone.Aor);
                BaresipEvent established = baresip.WaitForEvent("CALL_ESTABLISHED", Step);
                linphone.WaitForCallState("StreamsRunning", Step);
                Assert.Null(baresip.TryWaitForEvent("CALL_MENC", TimeSpan.Zero));
                Thread.Sleep(AudioTime);
                baresip.Hangup();
                linphone.WaitForNoCall(Step);
                AssertMediaOnWire(capture, linphone.RtpPort, encrypted: false);
                AssertHearsOnly(baresip.ReceivedRecording, LinphoneTone, BaresipTone, "baresip (1001) received");
                AssertHearsOnly(WaitForWav(linphoneRec), BaresipTone, LinphoneTone, "linphonec (1002) received");
            });
        }

        /// <summary>
        /// On lo, both directions of the call's media (to and from linphonec's RTP port): with SRTP no
        /// payload equals the one 5 packets later; in plain RTP of a steady tone most do. Skipped (with
        /// a note) when dumpcap (tshark's capture tool) is not installed or cannot capture.
        /// </summary>
        private void AssertMediaOnWire(LoopbackCapture capture, int linphoneRtpPort, bool encrypted)
        {
            if (capture == null)
            {
                _out.WriteLine("wire check skipped: dumpcap (package tshark) missing or not permitted to capture on lo");
                return;
            }
            List<CapturedUdp> packets = capture.StopAndRead();
            foreach (var (name, src, dst) in new[] { ("linphonec -> baresip", linphoneRtpPort, -1), ("baresip -> linphonec", -1, linphoneRtpPort) })
            {
                var (repeats, pairs, count) = LoopbackCapture.RepeatsEveryFivePackets(packets, src, dst);
                _out.WriteLine("wire " + name + ": " + count + " G.711 packets, " + repeats + "/" + pairs + " payloads repeat 5 packets later");
                Assert.True(pairs >= 20, name + ": too few media packets captured (" + count + " of " + packets.Count + " UDP)\n" + capture.Log);
                if (encrypted) Assert.True(repeats == 0, name + ": " + repeats + "/" + pairs + " payloads repeat: media looks like plain RTP");
                else Assert.True(repeats >= pairs * 8 / 10, name + ": only " + repeats + "/" + pairs + " payloads repeat in plain RTP of a steady tone");
            }
        }

        /// <summary>The rig's policy seen from a real UA: baresip without SRTP offers RTP/AVP and gets 488.</summary>
        [Fact]
        public void Baresip_PlainRtpOffer_IsRefusedByRig()
        {
            using var baresip = BaresipPeer.Start(_rig, new BaresipPeerOptions { User = "1003", MediaEnc = null, ToneSeconds = 5 });
            WithLogs(baresip, null, () =>
            {
                baresip.Dial("sip:1002@" + _rig.Realm);
                BaresipEvent closed = baresip.WaitForEvent("CALL_CLOSED", Step);
                Assert.Contains("488", closed.Param);
                Assert.Null(baresip.TryWaitForEvent("CALL_ESTABLISHED", TimeSpan.Zero));
            });
        }

        private void WithLogs(BaresipPeer baresip, LinphonePeer linphone, Action body)
        {
            try
            {
                body();
            }
            catch (Exception e)
            {
                string kamailio = _rig.Log;
                throw new Xunit.Sdk.XunitException(e.GetType().Name + ": " + e.Message + "\n\n" + baresip?.LogTail() + "\n" + linphone?.LogTail()
                    + "\n--- kamailio (tail) ---\n" + kamailio.Substring(Math.Max(0, kamailio.Length - 3000)));
            }
        }

        /// <summary>The recording holds <paramref name="expected"/> and not <paramref name="own"/> (no echo or loopback of our own source).</summary>
        private void AssertHearsOnly(string wav, double expected, double own, string what)
        {
            Assert.True(wav != null && File.Exists(wav), what + ": no recording");
            ToneReport yes = ToneCheck.Analyse(wav, expected);
            ToneReport no = ToneCheck.Analyse(wav, own);
            _out.WriteLine(what + ": " + yes + "; " + no);
            Assert.True(yes.Present, what + ": expected tone missing: " + yes);
            Assert.False(no.Present, what + ": own tone present: " + no);
        }

        /// <summary>linphonec finishes the WAV header when the call is released; wait (bounded) until the file has data.</summary>
        private static string WaitForWav(string path)
        {
            for (int i = 0; i < 30 && !(File.Exists(path) && new FileInfo(path).Length > 8000); i++) Thread.Sleep(100);
            return path;
        }

        /// <summary>kamailio's decrypted sipdump shows the call's offer and answer as RTP/SAVP with a=crypto and no plain RTP/AVP stream.</summary>
        private void AssertSavpCall(string callId)
        {
            List<string> msgs = new List<string>();
            for (int i = 0; i < 30; i++)
            {
                msgs = SipDumpMessages().Where(m => m.Contains("Call-ID: " + callId + "\r\n", StringComparison.Ordinal)
                    || m.Contains("Call-ID: " + callId + "\n", StringComparison.Ordinal)).ToList();
                if (msgs.Any(IsInviteAnswer)) break;
                Thread.Sleep(100);
            }
            string all = string.Join("\n----\n", msgs);
            List<string> offers = msgs.Where(m => m.StartsWith("INVITE ", StringComparison.Ordinal) && m.Contains("m=audio", StringComparison.Ordinal)).ToList();
            List<string> answers = msgs.Where(IsInviteAnswer).ToList();
            Assert.True(offers.Count > 0, "no INVITE with SDP for Call-ID " + callId + " in sipdump:\n" + all);
            Assert.True(answers.Count > 0, "no 200 OK with SDP for Call-ID " + callId + " in sipdump:\n" + all);
            foreach (string m in offers.Concat(answers))
            {
                string audio = m.Split('\n').First(l => l.StartsWith("m=audio", StringComparison.Ordinal));
                Assert.True(audio.Contains(" RTP/SAVP ", StringComparison.Ordinal), "not RTP/SAVP: " + audio + "\n" + m);
                Assert.True(m.Contains("a=crypto:", StringComparison.Ordinal), "no a=crypto:\n" + m);
            }
        }

        /// <summary>The hangup's BYE was answered 200 by the far end (not 408 from kamailio): the other side saw the end.</summary>
        private void AssertByeAnswered(string callId)
        {
            List<string> msgs = new List<string>();
            for (int i = 0; i < 30; i++)
            {
                msgs = SipDumpMessages().Where(m => m.Contains("Call-ID: " + callId, StringComparison.Ordinal)).ToList();
                if (msgs.Any(m => m.StartsWith("SIP/2.0 200", StringComparison.Ordinal) && m.Contains(" BYE", StringComparison.Ordinal))) return;
                Thread.Sleep(100);
            }
            Assert.Fail("no 200 OK to BYE for Call-ID " + callId + " in sipdump:\n" + string.Join("\n----\n", msgs.Select(m => m.Split('\n')[0])));
        }

        private static bool IsInviteAnswer(string m) =>
            m.StartsWith("SIP/2.0 200", StringComparison.Ordinal) && m.Contains(" INVITE", StringComparison.Ordinal) && m.Contains("m=audio", StringComparison.Ordinal);

        /// <summary>sipdump's *.data: records separated by "====", headers then "~~~~", the message, then "||||".</summary>
        private IEnumerable<string> SipDumpMessages()
        {
            if (!Directory.Exists(_rig.SipDumpDirectory)) yield break;
            foreach (string f in Directory.GetFiles(_rig.SipDumpDirectory, "*.data"))
            {
                string text;
                using (var fs = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
                using (var r = new StreamReader(fs)) text = r.ReadToEnd();
                foreach (string rec in text.Split("====================\n"))
                {
                    int a = rec.IndexOf("~~~~~~~~~~~~~~~~~~~~\n", StringComparison.Ordinal);
                    if (a < 0) continue;
                    int b = rec.IndexOf("||||||||||||||||||||", a, StringComparison.Ordinal);
                    yield return b < 0 ? rec.Substring(a + 21) : rec.Substring(a + 21, b - a - 21);
                }
            }
        }
    }
}
