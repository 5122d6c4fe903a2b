using System;
using System.IO;
using Phone.App;
using Phone.Device.Display;
using Phone.Host.App;
using Phone.Host.Tests.Interop;
using Phone.Ui;
using Xunit;

namespace Phone.Host.Tests.App
{
    /// <summary>Shared setup of the app's end-to-end tests: a flash volume folder with the rig's CA (and a config).</summary>
    internal static class AppHarness
    {
        public static string NewVolume(KamailioRig rig, out string dir)
        {
            dir = Path.Combine(Path.GetTempPath(), "phone-app-" + Guid.NewGuid().ToString("N").Substring(0, 10));
            string volume = Path.Combine(dir, "I");
            Directory.CreateDirectory(volume);
            File.Copy(rig.CaPath, Path.Combine(volume, Path.GetFileName(rig.CaPath)));
            return volume;
        }

        /// <summary>A phone whose volume already holds nf.config for user (provisioned at the factory), and boardProfile when given.</summary>
        public static VirtualPhone Configured(KamailioRig rig, string user, out string dir, string srtpLines = "", string audioLines = "",
            string boardProfile = null)
        {
            string volume = NewVolume(rig, out dir);
            File.WriteAllText(Path.Combine(volume, "nf.config"), RigPhoneConfig.Text(rig, "desk-" + user, user, srtpLines, audioLines));
            if (boardProfile != null) File.WriteAllText(Path.Combine(volume, "board.profile"), boardProfile);
            return new VirtualPhone(new VirtualPhoneOptions { Folder = volume });
        }

        /// <summary>The 20 ms frames of samples that are not silent, joined (a cadenced tone without its pauses).</summary>
        public static short[] Sounding(short[] samples)
        {
            var kept = new System.Collections.Generic.List<short>();
            for (int at = 0; at + 160 <= samples.Length; at += 160)
            {
                bool any = false;
                for (int i = at; i < at + 160 && !any; i++) any = samples[i] != 0;
                if (any) for (int i = at; i < at + 160; i++) kept.Add(samples[i]);
            }

            return kept.ToArray();
        }

        /// <summary>The current call's media counters and the audio models' state, for failure messages.</summary>
        public static string Media(VirtualPhone phone)
        {
            var m = new Phone.App.Media.MediaSnapshot();
            Phone.Call.CallLeg leg = phone.Machine?.Current;
            bool read = leg != null && phone.App.Phone.Media.ReadStatistics(leg.Id, m);
            return "media " + (read ? "sent " + m.PacketsSent + " received " + m.PacketsReceived + " lost " + m.PacketsLost + " late " + m.LateFrames +
                " concealed " + m.ConcealedFrames + " auth failures " + m.AuthenticationFailures + " unprotected " + m.UnprotectedDropped +
                " remote " + m.RemoteAddress + ":" + m.RemotePort : "none") + "; speaker written " + phone.Speaker.Written + " open " + phone.Speaker.IsOpen +
                "; mic opens " + phone.Microphone.Opens + "; media error " + phone.App.Phone?.Media.LastError;
        }

        /// <summary>The speaker's last second carries the tone at hz.</summary>
        /// <summary>
        /// The speaker carries the tone at hz within the next few seconds (a loaded test machine can hold the media
        /// thread back for a moment; the check is that the audio is there, not that no frame was ever late).
        /// </summary>
        public static bool Hears(VirtualPhone phone, double hz) =>
            phone.WaitUntil(p => HearsNow(p, hz), System.TimeSpan.FromSeconds(4));

        public static bool HearsNow(VirtualPhone phone, double hz) =>
            Interop.ToneCheck.Analyse(phone.Speaker.Last(8000), 8000, hz).Present;

        /// <summary>The phone's last registration change left it registered.</summary>
        public static bool Registered(VirtualPhone p) =>
            p.App.Phone?.Core?.LastRegistration?.State == Phone.Sip.Registration.RegistrationState.Registered;

        /// <summary>Taps the digit keys of number (0-9) one after the other, as a user dials.</summary>
        public static void TapDigits(VirtualPhone phone, string number)
        {
            foreach (char c in number) phone.Tap(Phone.Call.PhoneKey.D0 + (c - '0'));
        }

        public static void Delete(string dir)
        {
            try { Directory.Delete(dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }

        /// <summary>
        /// The panel model's picture equals the app's current screen drawn from scratch by a fresh renderer: what the
        /// app sent over the bus (dirty spans only, windowed writes) adds up to the whole picture.
        /// </summary>
        public static void AssertPanelShows(VirtualPhone phone, TextScreen screen, StatusIcons icons, bool held)
        {
            // The app writes the panel on its loop thread after the screen model changed; compare again until that
            // draw pass has landed (or 5 s passed), each time against the screen as it is then. The expected frame is
            // drawn from a copy: rendering clears the screen's dirty rows, and clearing the app's own from this thread
            // could take a change away from the app's next draw pass, leaving the panel stale for good.
            int differ = 0;
            DateTime end = DateTime.UtcNow.AddSeconds(5);
            do
            {
                var copy = new TextScreen();
                for (int row = 0; row < TextScreen.Rows; row++)
                {
                    copy.Begin();
                    copy.Put(screen.Line(row));
                    copy.End(row);
                }

                var expected = new FrameBuffer();
                var r = new ScreenRenderer(expected) { StatusGlyphs = true, Held = held };
                r.Render(copy, icons);
                FrameBuffer actual = phone.Display.Snapshot();
                differ = 0;
                for (int p = 0; p < FrameBuffer.Pages; p++)
                    for (int c = 0; c < FrameBuffer.Width; c++)
                        if (expected.Get(p, c) != actual.Get(p, c)) differ++;
                if (differ == 0) return;
                System.Threading.Thread.Sleep(50);
            }
            while (DateTime.UtcNow < end);

            Assert.True(differ == 0, differ + " of 1024 panel bytes differ from the screen\n" + phone.ScreenText());
        }
    }
}
