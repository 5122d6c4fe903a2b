using System.Text;
using nanoFramework.TestFramework;
using Phone.Config;
using Phone.Device.Storage;

namespace Phone.Tests.Device.Storage
{
    /// <summary>nf.config texts for the store tests, told apart by sip.user, and helpers to compare what was loaded.</summary>
    public static class StoreTexts
    {
        static string File(string user, string extra)
        {
            return "[wifi]\nssid = Net\n[tls]\nca = I:\\ca.pem\n[sip]\ndomain = example.com\nuser = " + user + "\npassword = pw\n" + extra;
        }

        /// <summary>Valid; user 100.</summary>
        public static readonly string Old = File("100", string.Empty);

        /// <summary>Valid; user 200, with a display name (longer than Old).</summary>
        public static readonly string New = File("200", "display_name = Front desk\nregister_expiry = 600\n");

        /// <summary>Valid; user 50 (an older last known good file).</summary>
        public static readonly string Prev = File("50", string.Empty);

        /// <summary>Invalid: line 9 sets [sip] port 70000, OutOfRange per docs/nf-config.md (1-65535).</summary>
        public static readonly string Broken = File("100", "port = 70000\n");

        public static byte[] Bytes(string text)
        {
            return Encoding.UTF8.GetBytes(text);
        }

        public static ConfigResult Parse(string text)
        {
            byte[] b = Bytes(text);
            return ConfigParser.Parse(b, 0, b.Length);
        }

        /// <summary>A volume holding the given files (null = absent).</summary>
        public static SimulatedFlash Volume(string current, string previous)
        {
            SimulatedFlash flash = new SimulatedFlash();
            if (current != null) flash.Put(ConfigStore.CurrentName, Bytes(current));
            if (previous != null) flash.Put(ConfigStore.PreviousName, Bytes(previous));
            return flash;
        }

        /// <summary>True when the loaded configuration is the one the parser gives for <paramref name="text"/>.</summary>
        public static bool Is(ConfigLoadResult loaded, string text)
        {
            if (loaded.Config == null)
            {
                return false;
            }

            ConfigResult expected = Parse(text);
            byte[] b = Bytes(text);
            return expected.IsValid
                && loaded.Config.Sip.User == expected.Config.Sip.User
                && loaded.Config.Sip.DisplayName == expected.Config.Sip.DisplayName
                && loaded.Config.Sip.RegisterExpiry == expected.Config.Sip.RegisterExpiry
                && SameBytes(loaded.Digest, ConfigStore.ComputeDigest(b, 0, b.Length));
        }

        public static bool SameBytes(byte[] a, byte[] b)
        {
            if (a == null || b == null || a.Length != b.Length) return false;
            for (int i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i]) return false;
            }

            return true;
        }

        public static void FileIs(SimulatedFlash flash, string name, string text)
        {
            byte[] stored = flash.Peek(name);
            Assert.IsNotNull(stored, name + " missing");
            Assert.AreEqual(text, Encoding.UTF8.GetString(stored, 0, stored.Length), name);
        }
    }
}
