using Phone.Srtp;
using Phone.Crypto;

namespace Phone.Sdes
{
    /// <summary>
    /// One <c>inline:</c> key-param of an <c>a=crypto</c> line (RFC 4568 §6.1, §9.2): master key and salt,
    /// optional lifetime, optional MKI. <see cref="ToString"/> never shows the key or salt.
    /// </summary>
    public sealed class SdesKey
    {
        /// <summary>Lifetime value meaning "not given" (the suite's maximum applies, RFC 4568 §6.2.1).</summary>
        public const long NoLifetime = 0;

        /// <summary>Largest lifetime for the AES-CM suites: 2^48 packets (RFC 4568 §6.2.1, RFC 3711 §9.2).</summary>
        public const long MaxLifetime = 1L << 48;

        /// <summary>Largest MKI length in bytes the SDES grammar allows (RFC 4568 §9.2).</summary>
        public const int MaxMkiLength = 128;

        /// <summary>Largest MKI length in bytes the SRTP core handles (SrtpPolicy.Mki).</summary>
        public const int MaxSupportedMkiLength = 4;

        /// <summary>A key-param; the arrays are kept, not copied.</summary>
        public SdesKey(byte[] masterKey, byte[] masterSalt, long lifetime, long mkiValue, int mkiLength)
        {
            MasterKey = masterKey;
            MasterSalt = masterSalt;
            Lifetime = lifetime;
            MkiValue = mkiValue;
            MkiLength = mkiLength;
        }

        /// <summary>Master key: 16 bytes (AES-128 suites) or 32 (AES-256 suites).</summary>
        public byte[] MasterKey { get; private set; }

        /// <summary>Master salt, 14 bytes.</summary>
        public byte[] MasterSalt { get; private set; }

        /// <summary>Master key lifetime in packets, or <see cref="NoLifetime"/>.</summary>
        public long Lifetime { get; private set; }

        /// <summary>MKI value (meaningful only when <see cref="MkiLength"/> &gt; 0).</summary>
        public long MkiValue { get; private set; }

        /// <summary>MKI length in bytes, 0 for no MKI.</summary>
        public int MkiLength { get; private set; }

        /// <summary>A fresh random key‖salt for the suite from <paramref name="entropy"/>; no lifetime, no MKI (RFC 4568 §6.1, §8.1).</summary>
        public static SdesKey Generate(SrtpSuite suite, IEntropySource entropy)
        {
            if (entropy == null)
            {
                throw new System.ArgumentNullException("entropy");
            }

            byte[] key = new byte[SrtpPolicy.MasterKeyLength(suite)];
            byte[] salt = new byte[SrtpPolicy.MasterSaltLength];
            entropy.GetBytes(key, 0, key.Length);
            entropy.GetBytes(salt, 0, salt.Length);
            return new SdesKey(key, salt, NoLifetime, 0, 0);
        }

        /// <summary>The MKI as the bytes SRTP carries (RFC 3711 §3.1): the value big-endian in <see cref="MkiLength"/> bytes; null without MKI.</summary>
        public byte[] MkiBytes()
        {
            if (MkiLength <= 0 || MkiLength > MaxSupportedMkiLength)
            {
                return null;
            }

            byte[] mki = new byte[MkiLength];
            long v = MkiValue;
            for (int i = MkiLength - 1; i >= 0; i--)
            {
                mki[i] = (byte)v;
                v >>= 8;
            }

            return mki;
        }

        /// <summary>The key-param as RFC 4568 §9.2 writes it: <c>inline:</c>base64(key‖salt)[|lifetime][|mki:length]. Contains key material.</summary>
        public string Format()
        {
            int keyLength = MasterKey.Length;
            byte[] keySalt = new byte[keyLength + MasterSalt.Length];
            System.Array.Copy(MasterKey, 0, keySalt, 0, keyLength);
            System.Array.Copy(MasterSalt, 0, keySalt, keyLength, MasterSalt.Length);
            string text = "inline:" + SdesBase64.Encode(keySalt, 0, keySalt.Length);
            System.Array.Clear(keySalt, 0, keySalt.Length);
            return text + FormatTail();
        }

        // The lifetime and MKI parts; no key material.
        string FormatTail()
        {
            string text = string.Empty;
            if (Lifetime != NoLifetime)
            {
                int exponent = PowerOfTwo(Lifetime);
                text = exponent >= 0 ? "|2^" + exponent.ToString() : "|" + Lifetime.ToString();
            }

            if (MkiLength > 0)
            {
                text = text + "|" + MkiValue.ToString() + ":" + MkiLength.ToString();
            }

            return text;
        }

        static int PowerOfTwo(long value)
        {
            for (int n = 0; n < 63; n++)
            {
                if (value == (1L << n))
                {
                    return n;
                }
            }

            return -1;
        }

        /// <summary>Wipes the key and salt.</summary>
        public void Clear()
        {
            if (MasterKey != null)
            {
                System.Array.Clear(MasterKey, 0, MasterKey.Length);
            }

            if (MasterSalt != null)
            {
                System.Array.Clear(MasterSalt, 0, MasterSalt.Length);
            }
        }

        /// <summary>The key-param with the key‖salt replaced by "&lt;redacted&gt;".</summary>
        public override string ToString()
        {
            return "inline:<redacted>" + FormatTail();
        }
    }
}
