using System;

namespace Phone.Benchmarks
{
    /// <summary>
    /// What both SRTP benchmarks measure with: one G.711 packet (12-byte RTP header + 160 bytes of PCMU = 20 ms) in
    /// a buffer with room for libsrtp's trailer, and the same seeded AES_CM_128_HMAC_SHA1_80 master key and salt.
    /// </summary>
    public static class G711SrtpPacket
    {
        public const int Length = 172;
        public const int Stride = 172 + 144; // room for libsrtp's trailer

        public static byte[] Key() => Seeded(1, 16);

        public static byte[] Salt() => Seeded(2, 14);

        /// <summary>Key then salt, as libsrtp takes them.</summary>
        public static byte[] KeyAndSalt()
        {
            byte[] both = new byte[30];
            Key().CopyTo(both, 0);
            Salt().CopyTo(both, 16);
            return both;
        }

        /// <summary>V=2, PT 0 (PCMU), SSRC cafebabe, sequence 0, a seeded payload, in a buffer of <see cref="Stride"/> bytes.</summary>
        public static byte[] Plain()
        {
            byte[] p = new byte[Stride];
            p[0] = 0x80;
            p[8] = 0xca; p[9] = 0xfe; p[10] = 0xba; p[11] = 0xbe;
            new Random(3).NextBytes(p.AsSpan(12, 160));
            return p;
        }

        public static void SetSeq(byte[] packet, int off, ushort seq)
        {
            packet[off + 2] = (byte)(seq >> 8);
            packet[off + 3] = (byte)seq;
        }

        private static byte[] Seeded(int seed, int length)
        {
            byte[] b = new byte[length];
            new Random(seed).NextBytes(b);
            return b;
        }
    }
}
