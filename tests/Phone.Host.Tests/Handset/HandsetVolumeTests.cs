using System;
using System.Text;
using Phone.App.Boot;
using Phone.Call;
using Phone.Config;
using Phone.Device.Board;
using Phone.Tools.Handset;
using Xunit;

namespace Phone.Host.Tests.Handset
{
    /// <summary>
    /// What the handset writes onto the phone's volume, checked with the phone's own parsers: nf.config keys set as a
    /// user would edit the file, and the handset's board profile (the reference board with Right and DND fitted).
    /// </summary>
    public sealed class HandsetVolumeTests
    {
        private static PhoneConfig Parse(string text)
        {
            byte[] b = Encoding.UTF8.GetBytes(text);
            ConfigResult r = ConfigParser.Parse(b, 0, b.Length);
            Assert.True(r.IsValid, string.Join("; ", (object[])r.Errors));
            return r.Config;
        }

        [Fact]
        public void ConfigEdit_ReplacesTheKeyInItsSectionOnly_AddsUnderTheHeader_OrAppendsTheSection()
        {
            string text = "# comment\n[wifi]\nssid = loopback\n[sip]\ndomain = 127.0.0.1\nuser = 1001\npassword = x\ntransport = tls\nport = 5061\nregister = true\n" +
                          "[tls]\nca = I:\\ca.pem\n";
            string edited = NfConfigEdit.Set(text, "sip", "register", "false");
            edited = NfConfigEdit.Set(edited, "sip", "listen_port", "41000");
            edited = NfConfigEdit.Set(edited, "audio", "rtp_port_min", "40050");
            edited = NfConfigEdit.Set(edited, "audio", "rtp_port_max", "40052");

            PhoneConfig c = Parse(edited); // a key twice would be a parser error
            Assert.False(c.Sip.Register);
            Assert.Equal(41000, c.Sip.ListenPort);
            Assert.Equal(40050, c.Audio.RtpPortMin);
            Assert.Equal(40052, c.Audio.RtpPortMax);
            Assert.Equal(5061, c.Sip.Port);
            Assert.Equal("I:\\ca.pem", c.Tls.Ca);
            Assert.StartsWith("# comment\n[wifi]\nssid = loopback\n", edited);
            Assert.Single(edited.Split('\n'), l => l.StartsWith("register", StringComparison.Ordinal));
        }

        [Fact]
        public void HandsetBoard_IsTheReferenceBoard_WithRightAndDndFitted()
        {
            BoardProfileResult handset = Profile(HandsetVolume.BoardProfileText);
            BoardProfileResult reference = Profile(DefaultBoardProfile.Text);
            Assert.Equal("handset-v1", handset.Profile.Name);
            foreach (PhoneKey k in Enum.GetValues<PhoneKey>())
            {
                // Conf has no matrix position left on the handset (Right and DND take its place and the empty one, and
                // the board has no free GPIO for a sixth line); the conference is tested without the handset.
                if (k == PhoneKey.Conference) continue;
                Assert.True(handset.Profile.KeypadKeys.Find(k, out int row, out int column), "no " + k);
                if (reference.Profile.KeypadKeys.Find(k, out int r0, out int c0)) Assert.Equal((r0, c0), (row, column));
                else Assert.True(k == PhoneKey.Right || k == PhoneKey.Dnd, k + " is missing on the reference board");
            }

            // Everything but the name and the keypad is the reference board's.
            string[] a = HandsetVolume.BoardProfileText.Split('\n'), b = DefaultBoardProfile.Text.Split('\n');
            Assert.Equal(b.Length, a.Length);
            int differ = 0;
            for (int i = 0; i < a.Length; i++) if (a[i] != b[i]) differ++;
            Assert.Equal(2, differ);
        }

        private static BoardProfileResult Profile(string text)
        {
            byte[] b = Encoding.UTF8.GetBytes(text);
            BoardProfileResult r = BoardProfileParser.Parse(b, 0, b.Length);
            Assert.True(r.IsValid);
            return r;
        }
    }
}
