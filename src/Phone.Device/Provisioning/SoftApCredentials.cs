using Phone.Sdes;
using Phone.Crypto;

namespace Phone.Device.Provisioning
{
    /// <summary>
    /// The set-up access point of an unconfigured phone: SSID "Phone-XXXX" from the last two bytes of the MAC
    /// (upper-case hex, as printed on labels), and a WPA2 passphrase of 12 characters drawn from the entropy
    /// source over an alphabet without look-alikes (no 0/O/o, 1/l/I), so it can be read off the display and
    /// typed without mistakes. 56 symbols x 12 = about 69 bits; IEEE 802.11i passphrases need 8..63 characters.
    /// </summary>
    public sealed class SoftApCredentials
    {
        /// <summary>Characters of the passphrase: digits 2-9 and letters minus I, O, l, o.</summary>
        public const string Alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz";

        public const int PasswordLength = 12;

        const string Hex = "0123456789ABCDEF";

        SoftApCredentials(string ssid, string password)
        {
            Ssid = ssid;
            Password = password;
        }

        public string Ssid { get; private set; }

        /// <summary>Shown on the display; never logged.</summary>
        public string Password { get; private set; }

        /// <summary>SSID "Phone-" + hex of mac[len-2], mac[len-1]; "Phone-0000" when the MAC is missing or shorter than 2 bytes.</summary>
        public static string SsidFor(byte[] mac)
        {
            char[] s = new char[] { 'P', 'h', 'o', 'n', 'e', '-', '0', '0', '0', '0' };
            if (mac != null && mac.Length >= 2)
            {
                int a = mac[mac.Length - 2];
                int b = mac[mac.Length - 1];
                s[6] = Hex[a >> 4];
                s[7] = Hex[a & 0x0F];
                s[8] = Hex[b >> 4];
                s[9] = Hex[b & 0x0F];
            }

            return new string(s);
        }

        public static SoftApCredentials Create(byte[] mac, IEntropySource entropy)
        {
            int n = Alphabet.Length;
            // Largest multiple of n that fits in a byte: values at or above it are redrawn (no modulo bias).
            int limit = 256 - 256 % n;
            char[] chars = new char[PasswordLength];
            byte[] one = new byte[1];
            int filled = 0;
            while (filled < PasswordLength)
            {
                entropy.GetBytes(one, 0, 1);
                if (one[0] < limit)
                {
                    chars[filled++] = Alphabet[one[0] % n];
                }
            }

            return new SoftApCredentials(SsidFor(mac), new string(chars));
        }
    }
}
