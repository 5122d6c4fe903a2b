using Phone.Sdes;
using Phone.Crypto;

namespace Phone.Device.Provisioning
{
    /// <summary>
    /// The one-time code shown on the display that authorises one configuration upload. Drawn from the
    /// hardware entropy source with rejection sampling (bytes 250..255 are discarded) so every digit is
    /// uniform; consumed by a successful upload, after which a fresh code is drawn.
    /// </summary>
    public sealed class ProvisioningCode
    {
        /// <summary>Fewest digits: 10^6 codes against a lock-out of a few tries per period.</summary>
        public const int MinDigits = 6;

        /// <summary>Most digits: still quick to type from the display.</summary>
        public const int MaxDigits = 8;

        readonly IEntropySource _entropy;
        readonly int _digits;
        string _value;

        /// <param name="digits">Clamped to 6..8.</param>
        public ProvisioningCode(IEntropySource entropy, int digits)
        {
            _entropy = entropy;
            if (digits < MinDigits) digits = MinDigits;
            if (digits > MaxDigits) digits = MaxDigits;
            _digits = digits;
            Renew();
        }

        /// <summary>The code for the display; never to be logged.</summary>
        public string Value { get { return _value; } }

        public int Digits { get { return _digits; } }

        /// <summary>Constant-time check of a code typed by the user (surrounding blanks ignored).</summary>
        public bool Matches(string candidate)
        {
            if (candidate == null)
            {
                return false;
            }

            return ConstantTimeText.AreEqual(candidate.Trim(), _value);
        }

        /// <summary>Invalidates the current code and draws a new one (after a successful upload).</summary>
        public void Renew()
        {
            char[] chars = new char[_digits];
            byte[] one = new byte[1];
            int filled = 0;
            while (filled < _digits)
            {
                _entropy.GetBytes(one, 0, 1);
                // 250 = 25 * 10: values below it map evenly onto 0..9.
                if (one[0] < 250)
                {
                    chars[filled++] = (char)('0' + one[0] % 10);
                }
            }

            _value = new string(chars);
        }
    }
}
