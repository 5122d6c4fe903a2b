using Phone.Media;
using Phone.Rtp;

namespace Phone.Tests.Media
{
    /// <summary>Scripted RTP streams for the jitter buffer tests: packet i has sequence Seq0+i and timestamp Ts0+160·i.</summary>
    internal static class JitterFixture
    {
        internal const uint Ssrc = 0x5EED0001;
        internal const int Seq0 = 65500;          // wraps during longer scripts
        internal const uint Ts0 = 0xFFFF0000;     // wraps too

        /// <summary>µ-law frame of a 1 kHz tone (period 8 samples, amplitude 8000), built from a table so no codec output is assumed.</summary>
        internal static byte[] TonePayload(int samples)
        {
            // µ-law codes of 8000·sin(2π k/8), k = 0..7, by G.711 §3.2 by hand: 0 → 0xff; 5657 → 14-bit 1414,
            // +33 = 1447: segment 5, step 6 → 0xa9 (0x29 negative); 8000 → 2033: segment 5, step 15 → 0xa0 (0x20)
            byte[] cycle = new byte[] { 0xff, 0xa9, 0xa0, 0xa9, 0xff, 0x29, 0x20, 0x29 };
            byte[] p = new byte[samples];
            for (int i = 0; i < samples; i++)
            {
                p[i] = cycle[i & 7];
            }

            return p;
        }

        /// <summary>µ-law silence (0xff decodes to 0).</summary>
        internal static byte[] SilencePayload(int samples)
        {
            byte[] p = new byte[samples];
            for (int i = 0; i < samples; i++)
            {
                p[i] = 0xff;
            }

            return p;
        }

        /// <summary>Writes packet <paramref name="i"/> of the stream into <paramref name="packet"/>; returns its length.</summary>
        internal static int Packet(byte[] packet, int i, byte[] payload, int samples)
        {
            RtpHeaderWriter.Write(packet, 0, i == 0, 0, (Seq0 + i) & 0xFFFF, (uint)(Ts0 + (uint)(160 * i)), Ssrc);
            System.Array.Copy(payload, 0, packet, 12, samples);
            return 12 + samples;
        }

        internal static uint Ts(int i)
        {
            return (uint)(Ts0 + (uint)(160 * i));
        }

        internal static JitterPutStatus Put(JitterBuffer jb, int i, byte[] payload, long arrivalMs)
        {
            byte[] packet = new byte[12 + 160];
            int n = Packet(packet, i, payload, 160);
            return jb.Put(packet, 0, n, arrivalMs);
        }

        internal static int MaxMagnitude(short[] pcm, int offset, int count)
        {
            int m = 0;
            for (int i = offset; i < offset + count; i++)
            {
                int v = pcm[i] < 0 ? -pcm[i] : pcm[i];
                if (v > m) m = v;
            }

            return m;
        }
    }
}
