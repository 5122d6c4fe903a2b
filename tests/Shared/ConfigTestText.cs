using System;
using System.Text;
using nanoFramework.TestFramework;
using Phone.Config;

namespace Phone.Tests.Config
{
    /// <summary>Inputs and assertions shared by the nf.config tests.</summary>
    public static class ConfigTestText
    {
        /// <summary>
        /// The smallest valid file, eight lines, ending inside [sip] so a test can append a [sip] key as line 9
        /// or a new section as line 9 and its key as line 10.
        /// </summary>
        public const string Minimal =
            "[wifi]\n" +
            "ssid = Net\n" +
            "[tls]\n" +
            "ca = I:\\ca.pem\n" +
            "[sip]\n" +
            "domain = example.com\n" +
            "user = 100\n" +
            "password = pw\n";

        public static ConfigResult Parse(string text)
        {
            byte[] data = Encoding.UTF8.GetBytes(text);
            return ConfigParser.Parse(data, 0, data.Length);
        }

        public static ConfigResult ParseBytes(byte[] data)
        {
            return ConfigParser.Parse(data, 0, data.Length);
        }

        /// <summary>Minimal followed by raw bytes (which may be invalid UTF-8) followed by more text.</summary>
        public static byte[] Splice(string before, byte[] middle, string after)
        {
            byte[] a = Encoding.UTF8.GetBytes(before);
            byte[] c = Encoding.UTF8.GetBytes(after);
            byte[] all = new byte[a.Length + middle.Length + c.Length];
            Array.Copy(a, 0, all, 0, a.Length);
            Array.Copy(middle, 0, all, a.Length, middle.Length);
            Array.Copy(c, 0, all, a.Length + middle.Length, c.Length);
            return all;
        }

        public static void HasError(ConfigResult result, ConfigErrorCode code, int line)
        {
            Assert.IsTrue(result.Has(code, line), "expected " + ConfigError.CodeName(code) + " on line " + line.ToString() + "; got " + Describe(result));
        }

        /// <summary>Exactly one error, with this code, line, section and key.</summary>
        public static void OnlyError(ConfigResult result, ConfigErrorCode code, int line, string section, string key)
        {
            Assert.AreEqual(1, result.Errors.Length, Describe(result));
            ConfigError e = result.Errors[0];
            Assert.AreEqual((int)code, (int)e.Code, Describe(result));
            Assert.AreEqual(line, e.Line, Describe(result));
            Assert.AreEqual(section, e.Section, Describe(result));
            Assert.AreEqual(key, e.Key, Describe(result));
        }

        public static void NoErrors(ConfigResult result)
        {
            Assert.AreEqual(0, result.Errors.Length, Describe(result));
        }

        public static string Describe(ConfigResult result)
        {
            StringBuilder sb = new StringBuilder();
            sb.Append(result.Errors.Length).Append(" error(s)");
            for (int i = 0; i < result.Errors.Length; i++)
            {
                sb.Append(" | ").Append(result.Errors[i].ToString());
            }
            return sb.ToString();
        }
    }
}
