using System.IO;
using Phone.Host.Tests.Interop;
using Phone.Tools.Handset;

namespace Phone.Host.Tests.Handset
{
    /// <summary>
    /// What two `Handset run --listen-tls --no-register` processes need to call each other with no registrar: a
    /// throwaway CA in a temp folder, two free SIP ports, an nf.config for 1001 (calling 1002's port) and 1002
    /// (calling 1001's), and a 1000 Hz tone for a microphone.
    /// </summary>
    public sealed class DirectCallPair
    {
        public string Dir { get; }
        public string State { get; }
        public int Port1001 { get; }
        public int Port1002 { get; }
        public string Config1001 => Path.Combine(Dir, "1001.nf");
        public string Config1002 => Path.Combine(Dir, "1002.nf");
        public string Tone1000 => Path.Combine(Dir, "1000hz.wav");

        public DirectCallPair(string prefix)
        {
            Dir = HandsetProcess.TempDir(prefix);
            State = Path.Combine(Dir, "state");
            using (ThrowawayCa ca = ThrowawayCa.LoadOrCreate(State))
            {
                File.WriteAllText(Path.Combine(Dir, "ca.pem"), ca.CaPem);
            }

            Port1001 = Demo.FreeSipPort();
            Port1002 = Demo.FreeSipPort(Port1001);
            File.WriteAllText(Config1001, Config("1001", Port1002));
            File.WriteAllText(Config1002, Config("1002", Port1001));
            ToneCheck.MakeTone(Tone1000, 1000, 2);
        }

        private static string Config(string user, int peer) =>
            "[wifi]\nssid = loopback\n[sip]\ndomain = 127.0.0.1\nuser = " + user + "\npassword = unused-here\ntransport = tls\nport = " + peer +
            "\n[tls]\nca = I:\\ca.pem\n[audio]\nspeaker_volume = 100\njitter_min_ms = 100\njitter_max_ms = 600\n";
    }
}
