using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Phone.App.Boot;
using Phone.App.Core;
using Phone.Config;
using Phone.Host.Net;

namespace Phone.Tools.Handset
{
    /// <summary>
    /// The handset's flash volume (I:\): a temporary folder holding the nf.config as given, with the handset's options
    /// written into it as keys (sip.register, sip.listen_port, audio.rtp_port_min/max), the phone's own certificate
    /// (prov.crt, prov.key) when it accepts TLS, the files [tls] names on the device drive copied from the device root,
    /// and the handset's board profile (the reference board with every key of the layout fitted).
    /// </summary>
    public sealed class HandsetVolume : IDisposable
    {
        private readonly string _root;

        private HandsetVolume(string root, string folder)
        {
            _root = root;
            Folder = folder;
        }

        /// <summary>The folder that is I:\.</summary>
        public string Folder { get; }

        /// <summary>The nf.config text the app boots with.</summary>
        public string ConfigText { get; private set; }

        /// <summary>The TLS listener's port written to sip.listen_port (0: none).</summary>
        public int ListenPort { get; private set; }

        /// <summary>The first call slot's RTP port (audio.rtp_port_min).</summary>
        public int FirstRtpPort { get; private set; }

        /// <summary>The hold on the picked RTP ports against other handsets on this machine (none when given).</summary>
        private RtpPortClaim _rtpClaim;

        public static HandsetVolume Create(HandsetOptions o, PhoneConfig config)
        {
            string root = Path.Combine(Path.GetTempPath(), "handset-" + Safe(o.Name) + "-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            var v = new HandsetVolume(root, Path.Combine(root, "I"));
            try
            {
                Directory.CreateDirectory(v.Folder);
                v.Fill(o, config);
                return v;
            }
            catch
            {
                v.Dispose();
                throw;
            }
        }

        private void Fill(HandsetOptions o, PhoneConfig config)
        {
            string text = o.ConfigText;
            if (!o.Register) text = NfConfigEdit.Set(text, "sip", "register", "false");
            if (o.ServerCertificate != null)
            {
                ListenPort = o.SipPort != 0 ? o.SipPort : FreeTcpPort(o.Address);
                text = NfConfigEdit.Set(text, "sip", "listen_port", ListenPort.ToString());
                WriteIdentity(o.ServerCertificate);
            }

            int slots = PhoneCore.MaxCalls;
            FirstRtpPort = o.FirstRtpPort != 0 ? o.FirstRtpPort : Handset.PickRtpBase(o.Address, config.Audio.RtpPortMin, config.Audio.RtpPortMax, slots, out _rtpClaim);
            text = NfConfigEdit.Set(text, "audio", "rtp_port_min", FirstRtpPort.ToString());
            text = NfConfigEdit.Set(text, "audio", "rtp_port_max", (FirstRtpPort + 2 * (slots - 1)).ToString());

            Func<string, string> from = SipTlsPolicy.DeviceDrive(o.DeviceRoot ?? ".");
            Func<string, string> to = SipTlsPolicy.DeviceDrive(Folder);
            CopyDeviceFile(config.Tls.Ca, config.Tls.CaIsPem, from, to);
            CopyDeviceFile(config.Tls.ClientCert, config.Tls.ClientCertIsPem, from, to);
            CopyDeviceFile(config.Tls.ClientKey, config.Tls.ClientKeyIsPem, from, to);

            File.WriteAllText(Path.Combine(Folder, BoardSettings.FileName), BoardProfileText);

            // The handset's keys must leave the file valid: otherwise the phone would boot into setup mode.
            byte[] bytes = new UTF8Encoding(false).GetBytes(text);
            ConfigResult check = ConfigParser.Parse(bytes, 0, bytes.Length);
            if (!check.IsValid)
            {
                throw new ArgumentException("the nf.config with the handset's settings is not valid: " + string.Join("; ", (object[])check.Errors));
            }

            ConfigText = text;
            File.WriteAllText(Path.Combine(Folder, "nf.config"), text, new UTF8Encoding(false));
        }

        /// <summary>The keypad.map line of the reference board (phone-v1): Xfer and Conf in row 5, its last position unfitted.</summary>
        private const string ReferenceKeypad = "keypad.map      = 1 2 3 call end / 4 5 6 hold mute / 7 8 9 vol+ vol- / * 0 # up down / ok left xfer conf -\n";

        /// <summary>
        /// The handset's board (I:\board.profile): the reference board phone-v1 with the two keys of the full layout
        /// (docs/keypad.md) it leaves out, Right and DND, fitted in place of Conf and its unfitted position — so every
        /// key the script, the control socket and the terminal name is a real key the app scans.
        /// </summary>
        public static readonly string BoardProfileText = HandsetBoard();

        private static string HandsetBoard()
        {
            string text = DefaultBoardProfile.Text;
            if (text.IndexOf(ReferenceKeypad, StringComparison.Ordinal) < 0) throw new InvalidOperationException("the reference board's keypad.map changed");
            return text.Replace("board.name      = phone-v1\n", "board.name      = handset-v1\n")
                .Replace(ReferenceKeypad, "keypad.map      = 1 2 3 call end / 4 5 6 hold mute / 7 8 9 vol+ vol- / * 0 # up down / ok left xfer right dnd\n");
        }

        /// <summary>A device path (I:\ca.pem) is copied from the device root; a host path is left for the app to read as is.</summary>
        private static void CopyDeviceFile(string path, bool inlinePem, Func<string, string> from, Func<string, string> to)
        {
            if (string.IsNullOrEmpty(path) || inlinePem) return;
            string source = from(path);
            if (source == path || !File.Exists(source)) return;
            string target = to(path);
            Directory.CreateDirectory(Path.GetDirectoryName(target));
            File.Copy(source, target, true);
        }

        /// <summary>prov.crt and prov.key (PEM): the certificate the phone presents to callers on its TLS listener.</summary>
        private void WriteIdentity(X509Certificate2 cert)
        {
            string key;
            using (ECDsa ec = cert.GetECDsaPrivateKey())
            {
                if (ec != null)
                {
                    key = ec.ExportPkcs8PrivateKeyPem();
                }
                else
                {
                    using RSA rsa = cert.GetRSAPrivateKey() ?? throw new ArgumentException("the listener's certificate has no private key");
                    key = rsa.ExportPkcs8PrivateKeyPem();
                }
            }

            File.WriteAllText(Path.Combine(Folder, Phone.Device.Provisioning.SetupPolicy.EndpointCertName), cert.ExportCertificatePem());
            File.WriteAllText(Path.Combine(Folder, Phone.Device.Provisioning.SetupPolicy.EndpointKeyName), key);
        }

        private static int FreeTcpPort(IPAddress address)
        {
            var l = new TcpListener(address, 0);
            l.Start();
            int p = ((IPEndPoint)l.LocalEndpoint).Port;
            l.Stop();
            return p;
        }

        private static string Safe(string name)
        {
            var sb = new StringBuilder();
            foreach (char c in name ?? "phone") sb.Append(char.IsLetterOrDigit(c) ? c : '_');
            return sb.ToString();
        }

        public void Dispose()
        {
            _rtpClaim?.Dispose();
            try
            {
                Directory.Delete(_root, true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
