using System;
using Phone.Call;
using Phone.Config;
using Phone.Device.Audio;
using Phone.Device.Diagnostics;
using Phone.Device.Display;
using Phone.Device.Input;
using Phone.Device.Recovery;
using Phone.Ui;
using Xunit;
using Phone.Audio;
using Phone.Sip.Registration;

namespace Phone.Host.Tests.Device
{
    /// <summary>
    /// The device's per-sample, per-frame and per-scan paths allocate nothing (on nanoFramework any allocation in
    /// the media loop brings the stop-the-world GC closer). Measured with the host's per-thread allocation
    /// counter after a warm-up pass (static constructors and the JIT allocate once).
    /// </summary>
    public sealed class DeviceAllocationTests
    {
        static long Allocated(Action a)
        {
            a();                                        // warm up
            return SteadyAllocation.Least(() =>
            {
                for (int i = 0; i < 100; i++) a();
            });
        }

        [Fact]
        public void AudioFrameConversions()
        {
            byte[] slots = new byte[640 * 8];
            new Random(1).NextBytes(slots);
            short[] pcm = new short[640];
            byte[] codes = new byte[160];
            byte[] play = new byte[640];
            Assert.Equal(0, Allocated(() =>
            {
                I2sSampleConverter.CaptureToPcm(slots, 0, 640, 2, 1, 6, pcm, 0);
                I2sSampleConverter.CaptureToG711(slots, 0, 160, 2, 0, 0, AudioCodec.Pcmu, codes, 0);
                I2sSampleConverter.CaptureToG711(slots, 0, 160, 2, 0, 0, AudioCodec.Pcma, codes, 0);
                I2sSampleConverter.PcmToPlayback(pcm, 0, 160, true, play, 0);
                I2sSampleConverter.G711ToPlayback(codes, 0, 160, AudioCodec.Pcma, true, play, 0);
            }));
        }

        [Fact]
        public void MediaCadenceDecisions()
        {
            var c = new MediaCadence(32000, 16, 8000, 4) { ClockLeadPpm = 200 };
            c.Start(0);
            long now = 0;
            Assert.Equal(0, Allocated(() =>
            {
                for (int i = 0; i < 50; i++)
                {
                    now += 3;
                    switch (c.Next(now, true))
                    {
                        case CadenceAction.ReadCapture: c.CaptureDone(now, now); break;
                        case CadenceAction.WritePlayback: c.PlaybackDone(now, now + 3); break;
                    }
                }
            }));
            Assert.True(c.FramesRead > 0 && c.FramesWritten > 0);
        }

        [Fact]
        public void KeypadScans()
        {
            var k = new KeyScanner(KeyMap.Parse("vol- up vol+ / left ok right / 1 2 3").Map);
            int[] rows = new int[3];
            long now = 0;
            int events = 0;
            Assert.Equal(0, Allocated(() =>
            {
                for (int i = 0; i < 200; i++)
                {
                    now += 5;
                    rows[0] = (now / 700) % 2 == 0 ? 1 : 0;     // Vol- held and released, repeating while held
                    rows[2] = (now / 300) % 2 == 0 ? 2 : 0;
                    k.Scan(rows, now);
                    while (k.TryTake(out KeyEvent e)) events++;
                }
            }));
            Assert.True(events > 0);
        }

        [Fact]
        public void DisplayRedrawAndFlush()
        {
            var fb = new FrameBuffer();
            var r = new ScreenRenderer(fb);
            var screen = new TextScreen();
            var icons = new StatusIcons { Registration = RegistrationState.Registered, Signal = 3 };
            byte[] window = new byte[Ssd1306Commands.WindowLength];
            byte[] span = new byte[FrameBuffer.Width];
            int n = 0;
            Assert.Equal(0, Allocated(() =>
            {
                n++;
                screen.Begin();
                screen.Put("Connected ");
                screen.PutNumber(n);
                screen.End(1);
                icons.MissedCalls = n % 12;
                icons.Render(screen);
                r.InverseRows = (n % 3) << 2;
                r.Render(screen, icons);
                for (int p = 0; p < FrameBuffer.Pages; p++)
                {
                    if (!fb.IsPageDirty(p)) continue;
                    Ssd1306Commands.WriteWindow(window, 0, p, fb.DirtyFirstColumn(p), fb.DirtyLastColumn(p));
                    fb.CopyDirty(p, span, 0);
                    fb.ClearDirty(p);
                }
            }));
        }

        [Fact]
        public void StatusLinesAndDiagnostics()
        {
            var l = new LinkSupervisor(new Random(1));
            l.Start(0);
            l.WifiFailed(0);
            var screen = new TextScreen();
            var d = new DiagnosticsScreen { IpAddress = "10.0.0.7", KernelName = "native", ProtectMicros = 300, UnprotectMicros = 280 };
            long now = 0;
            Assert.Equal(0, Allocated(() =>
            {
                now += 100;
                l.Tick(now);
                l.TakeAction();
                l.RenderStatus(screen, 4, now);
                d.AuthFailures++;
                d.LossPermille = (int)(now % 1000);
                d.Press(PhoneKey.Right);
                d.Render();
            }));
        }
    }
}
