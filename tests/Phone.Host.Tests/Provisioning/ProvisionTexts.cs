using System.IO;
using System.Text;

namespace Phone.Host.Tests.Provisioning
{
    /// <summary>nf.config files for the tool tests, with their mistakes at known lines (rules: docs/nf-config.md).</summary>
    public static class ProvisionTexts
    {
        public const string AdminPassword = "correct horse 42";

        /// <summary>Valid, with an admin password (8-64 characters).</summary>
        public const string Good =
            "[device]\n" +
            "name = desk-7\n" +
            "admin_password = " + AdminPassword + "\n" +
            "[wifi]\n" +
            "ssid = Office\n" +
            "[tls]\n" +
            "ca = I:\\ca.pem\n" +
            "[sip]\n" +
            "domain = pbx.example.com\n" +
            "user = 2001\n" +
            "password = s3cret-sip\n";

        /// <summary>Valid, another user.</summary>
        public const string Other = "[wifi]\nssid = Office\n[tls]\nca = I:\\ca.pem\n[sip]\ndomain = pbx.example.com\nuser = 2002\npassword = other-sip\n";

        /// <summary>
        /// Line 5: port 70000 is OutOfRange (1-65535); line 6: "transprt" is an UnknownKey; line 8: "volume =" is an
        /// EmptyValue. Everything required is present.
        /// </summary>
        public const string Bad =
            "[wifi]\n" +                     // 1
            "ssid = Office\n" +              // 2
            "[sip]\n" +                      // 3
            "domain = pbx.example.com\n" +   // 4
            "port = 70000\n" +               // 5
            "transprt = tls\n" +             // 6
            "[audio]\n" +                    // 7
            "ring_volume =\n" +              // 8
            "[sip2]\n" +                     // 9
            "x = 1\n";                       // 10

        public static string Write(string dir, string name, string text)
        {
            string path = Path.Combine(dir, name);
            File.WriteAllBytes(path, Encoding.UTF8.GetBytes(text));
            return path;
        }
    }
}
