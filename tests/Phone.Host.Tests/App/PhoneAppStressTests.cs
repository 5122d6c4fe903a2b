using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Phone.App;
using Phone.Call;
using Phone.Host.App;
using Phone.Host.Tests.Interop;
using Phone.Sip.Registration;
using Xunit;
using Xunit.Abstractions;

namespace Phone.Host.Tests.App
{
    /// <summary>
    /// No peer can freeze the phone: with its registrar stalled in the TLS handshake, and under a flood of unsolicited
    /// SIP from strangers during a call, the app's loop keeps scanning keys and drawing the panel, and the media loop
    /// keeps the call's audio flowing. Measured on the peripherals: key to screen latency on the panel model, the
    /// panel's write count, the peer's tone on the speaker model.
    /// </summary>
    [Collection(KamailioCollection.Name)]
    public sealed class PhoneAppStressTests
    {
        private static readonly TimeSpan Step = TimeSpan.FromSeconds(15);
        private readonly KamailioRig _rig;
        private readonly ITestOutputHelper _out;

        public PhoneAppStressTests(KamailioRig rig, ITestOutputHelper output)
        {
            _rig = rig;
            _out = output;
        }

        /// <summary>Taps the digits and waits until the panel's screen shows them; the time it took.</summary>
        private static TimeSpan TypeAndSee(VirtualPhone phone, string digits)
        {
            var watch = Stopwatch.StartNew();
            foreach (char c in digits) phone.Tap((PhoneKey)(c - '0'), 60);
            Assert.True(phone.WaitUntil(p => p.ScreenText().Contains(digits), TimeSpan.FromSeconds(5)), "typed digits never shown\n" + phone.ScreenText());
            return watch.Elapsed;
        }

        [Fact]
        public void RegistrarStalledInTheTlsHandshake_KeysAndScreenStayLive()
        {
            // A "registrar" that accepts TCP and never says a word: the TLS handshake hangs until its bound.
            var stall = new TcpListener(IPAddress.Loopback, 0);
            stall.Start();
            var held = new List<Socket>();
            var accept = Task.Run(() =>
            {
                try { while (true) lock (held) held.Add(stall.AcceptSocket()); }
                catch (SocketException) { }
                catch (ObjectDisposedException) { }
            });
            string volume = AppHarness.NewVolume(_rig, out string dir);
            File.WriteAllText(Path.Combine(volume, "nf.config"), RigPhoneConfig.Text(_rig, "desk-1003", "1003")
                .Replace("port = " + _rig.TlsPort, "port = " + ((IPEndPoint)stall.LocalEndpoint).Port));
            using var phone = new VirtualPhone(new VirtualPhoneOptions { Folder = volume });
            try
            {
                phone.PowerOn();
                Assert.True(phone.WaitUntil(p => { lock (held) return held.Count > 0; }, Step), "the phone never connected");
                long writes = phone.Display.Writes;
                TimeSpan typed = TypeAndSee(phone, "4711");
                _out.WriteLine("during the stalled handshake: 4 digits on the panel after " + typed.TotalMilliseconds + " ms");
                Assert.True(typed < TimeSpan.FromSeconds(2), "keys slow while the handshake stalls: " + typed);
                Assert.True(phone.Display.Writes > writes);
                Assert.Equal(PhoneState.Dialing, phone.Machine.State);
                AppHarness.AssertPanelShows(phone, phone.App.Phone.Screen.Screen, phone.App.Phone.Screen.Icons, false);

                // The handshake's bound passes: registration fails and says why, and the phone is still responsive.
                Assert.True(phone.WaitUntil(p => p.App.Phone.Core.LastRegistration?.State == RegistrationState.Failed, TimeSpan.FromSeconds(30)),
                    phone.ScreenText());
                _out.WriteLine("registration: " + phone.App.Phone.Core.LastRegistration.Reason);
                phone.Tap(PhoneKey.HangUp);
                Assert.True(phone.WaitUntil(p => p.Machine.State == PhoneState.Idle, TimeSpan.FromSeconds(2)));
                Assert.Equal(0, phone.App.Faults);
            }
            finally
            {
                phone.Dispose();
                stall.Stop();
                lock (held) foreach (Socket s in held) s.Dispose();
                AppHarness.Delete(dir);
            }
        }

        [Fact]
        public void SippFloodDuringACall_AudioKeysScreenAndRegistrationHold()
        {
            string volume = AppHarness.NewVolume(_rig, out string dir);
            // SIP over UDP so that strangers can reach a SIP port at all (over TLS there is none).
            string config = RigPhoneConfig.Text(_rig, "desk-1003", "1003", "allow_unprotected_keys = true\n")
                .Replace("transport = tls\nport = " + _rig.TlsPort, "transport = udp\nport = " + _rig.SipPort)
                .Replace("register_expiry = 120", "register_expiry = 60");
            File.WriteAllText(Path.Combine(volume, "nf.config"), config);
            using var phone = new VirtualPhone(new VirtualPhoneOptions { Folder = volume });
            using var baresip = BaresipPeer.Start(_rig, new BaresipPeerOptions { User = "1001", ToneHz = 1000, AnswerMode = "manual" });
            Action stopFlood = null;
            try
            {
                phone.PowerOn();
                Assert.True(phone.WaitUntil(AppHarness.Registered, Step), phone.ScreenText());
                int cseqBefore = phone.App.Phone.Core.Registration.CSeq;
                baresip.Dial("sip:1003@" + _rig.Realm);
                Assert.True(phone.WaitUntil(p => p.Machine.State == PhoneState.Incoming, Step), phone.ScreenText());
                phone.Tap(PhoneKey.Call);
                Assert.True(phone.WaitUntil(p => p.Machine.State == PhoneState.Connected, Step), phone.ScreenText());
                Thread.Sleep(1500);
                Assert.True(AppHarness.Hears(phone, 1000), "no audio before the flood: " + AppHarness.Media(phone));

                var flood = new CancellationTokenSource();
                Task<int> flooding = Task.Run(() => Flood(phone.SipUdpPort, flood.Token));
                stopFlood = () =>
                {
                    // Whatever happens, the floods stop before the next test (they would starve it of CPU).
                    flood.Cancel();
                    try { flooding.Wait(TimeSpan.FromSeconds(20)); } catch (AggregateException) { }
                };
                var worstKey = TimeSpan.Zero;
                int audioChecks = 0, audioOk = 0;
                var floodWatch = Stopwatch.StartNew();
                // Under the flood for at least one registration refresh (30 s before the 60 s lifetime ends).
                while (floodWatch.Elapsed < TimeSpan.FromSeconds(36))
                {
                    var key = Stopwatch.StartNew();
                    bool muted = phone.Machine.Muted;
                    phone.Tap(PhoneKey.Mute, 60);
                    Assert.True(phone.WaitUntil(p => p.Machine.Muted != muted, TimeSpan.FromSeconds(5)), "the Mute key was not taken under the flood");
                    if (key.Elapsed > worstKey) worstKey = key.Elapsed;
                    audioChecks++;
                    if (AppHarness.HearsNow(phone, 1000)) audioOk++;
                    Thread.Sleep(700);
                }

                flood.Cancel();
                int floods = flooding.Result;
                stopFlood = null;
                int foreign = phone.App.Phone.Core.Layer.ForeignRequests;
                int dropped = phone.App.Phone.DroppedEvents;
                _out.WriteLine("sipp runs " + floods + ", foreign requests dropped by the core " + foreign + ", datagrams dropped at the queue " + dropped
                    + "; worst Mute key to state " + worstKey.TotalMilliseconds + " ms; audio present at " + audioOk + "/" + audioChecks + " checks");
                Assert.True(foreign + dropped > 500, "the flood did not reach the phone");
                Assert.True(worstKey < TimeSpan.FromSeconds(1.5), "keys froze under the flood: " + worstKey);
                Assert.True(audioOk >= audioChecks - 1, "audio dropped under the flood");
                if (phone.Machine.Muted) phone.Tap(PhoneKey.Mute);
                AppHarness.AssertPanelShows(phone, phone.App.Phone.Screen.Screen, phone.App.Phone.Screen.Icons, false);

                Assert.Equal(PhoneState.Connected, phone.Machine.State);
                Assert.Equal(RegistrationState.Registered, phone.App.Phone.Core.LastRegistration.State);
                Assert.True(phone.App.Phone.Core.Registration.CSeq > cseqBefore, "no registration refresh during the flood");
                Assert.Equal(0, baresip.Events.Count(e => e.Type == "CALL_CLOSED"));
                phone.Tap(PhoneKey.HangUp);
                Assert.NotNull(baresip.WaitForEvent("CALL_CLOSED", Step));
                Assert.Equal(0, phone.App.Faults);
            }
            finally
            {
                stopFlood?.Invoke();
                phone.Dispose();
                AppHarness.Delete(dir);
            }
        }

        /// <summary>sipp OPTIONS and INVITE floods from three stranger addresses until cancelled; the runs made.</summary>
        private int Flood(int port, CancellationToken stop)
        {
            string sipp = KamailioRig.FindOnPath("sipp") ?? throw new InvalidOperationException("sipp is not installed: run `bash tools/install-deps` (sip-tester)");
            int runs = 0;
            while (!stop.IsCancellationRequested)
            {
                var procs = new List<Process>();
                foreach (string ip in new[] { "127.0.0.2", "127.0.0.3", "127.0.0.4" })
                {
                    foreach (string scenario in new[] { "phone_options.xml", "phone_invite_flood.xml" })
                    {
                        var psi = new ProcessStartInfo(sipp) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
                        foreach (string a in new[]
                        {
                            "127.0.0.1:" + port, "-sf", Path.Combine(KamailioRig.SippDirectory, scenario), "-t", "un", "-i", ip,
                            "-p", KamailioRig.FreePort(null).ToString(), "-m", "600", "-r", "300", "-l", "600", "-nostdin", "-timeout", "6s",
                            "-recv_timeout", "1000", "-max_retrans", "0", "-max_socket", "2000",
                        }) psi.ArgumentList.Add(a);
                        Process p = Process.Start(psi);
                        p.StandardInput.Close();
                        _ = p.StandardOutput.ReadToEndAsync();
                        _ = p.StandardError.ReadToEndAsync();
                        procs.Add(p);
                        runs++;
                    }
                }

                foreach (Process p in procs)
                {
                    if (!p.WaitForExit(8000)) p.Kill(true);
                    p.Dispose();
                }
            }

            return runs;
        }
    }
}
