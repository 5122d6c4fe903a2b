using Phone.Sdes;

namespace Phone.Tests.Sdes
{
    /// <summary>
    /// Key‖salt strings and their decodings, derived independently of the code under test
    /// (<c>echo -n KEY | base64 -d | xxd -p</c>, split after 16 or 32 bytes).
    /// </summary>
    internal static class SdesTestLines
    {
        // RFC 4568 §4 and §5.1 examples.
        internal const string Ps1u = "PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR";
        internal const string Ps1uKey = "3d2d6e40255e7821426a75667239293f";
        internal const string Ps1uSalt = "2c2335685c603d265d7b71695051";

        // RFC 4568 §5.1 example.
        internal const string D0rm = "d0RmdmcmVCspeEc3QGZiNWpVLFJhQX1cfHAwJSoj";
        internal const string D0rmKey = "774466766726542b2978473740666235";
        internal const string D0rmSalt = "6a552c5261417d5c7c7030252a23";

        // RFC 4568 §6.1 example.
        internal const string Yujd = "YUJDZGVmZ2hpSktMbW9QUXJzVHVWd3l6MTIzNDU2";
        internal const string YujdKey = "6142436465666768694a4b4c6d6f5051";
        internal const string YujdSalt = "727354755677797a313233343536";

        // RFC 4568 §5.1 example (F8 line, second key).
        internal const string Mtiz = "MTIzNDU2Nzg5QUJDREUwMTIzNDU2Nzg5QUJjZGVm";
        internal const string Qujj = "QUJjZGVmMTIzNDU2Nzg5QUJDREUwMTIzNDU2Nzg5";

        // Key 00..1f, salt a0..ad (46 bytes) for the AES-256 suites.
        internal const string K256 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh+goaKjpKWmp6ipqqusrQ==";
        internal const string K256Key = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
        internal const string K256Salt = "a0a1a2a3a4a5a6a7a8a9aaabacad";

        // Key 0123456789abcdef0123456789abcdef, salt 00..0d.
        internal const string K128 = "ASNFZ4mrze8BI0VniavN7wABAgMEBQYHCAkKCwwN";
        internal const string K128Key = "0123456789abcdef0123456789abcdef";
        internal const string K128Salt = "000102030405060708090a0b0c0d";

        // 28 and 31 bytes: wrong length for every suite.
        internal const string Short28 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGw==";
        internal const string Long31 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg==";

        internal const string Suite80 = "AES_CM_128_HMAC_SHA1_80";
        internal const string Suite32 = "AES_CM_128_HMAC_SHA1_32";
        internal const string Suite256_80 = "AES_256_CM_HMAC_SHA1_80";
        internal const string Suite256_32 = "AES_256_CM_HMAC_SHA1_32";

        /// <summary>A well-formed usable line for tag and suite with key <see cref="Ps1u"/> (or <see cref="K256"/>).</summary>
        internal static string Line(int tag, string suite, string sessionParams)
        {
            string key = suite == Suite256_80 || suite == Suite256_32 ? K256 : Ps1u;
            return "a=crypto:" + tag.ToString() + " " + suite + " inline:" + key + sessionParams;
        }
    }
}
