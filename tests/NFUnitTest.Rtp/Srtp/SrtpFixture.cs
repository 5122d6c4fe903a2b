using nanoFramework.TestFramework;
using Phone.Srtp;
using Phone.Crypto;

namespace Phone.Tests.Srtp
{
    /// <summary>Keys, packets and assertions shared by the SRTP session tests.</summary>
    internal static class SrtpFixture
    {
        internal const uint Ssrc = 0x11223344;

        internal static byte[] MasterKey(SrtpSuite suite)
        {
            int n = SrtpPolicy.MasterKeyLength(suite);
            byte[] k = new byte[n];
            for (int i = 0; i < n; i++)
            {
                k[i] = (byte)(0x30 + 5 * i);
            }

            return k;
        }

        internal static byte[] MasterSalt()
        {
            byte[] s = new byte[14];
            for (int i = 0; i < 14; i++)
            {
                s[i] = (byte)(0xA0 + i);
            }

            return s;
        }

        internal static SrtpPolicy Policy(SrtpSuite suite)
        {
            return new SrtpPolicy(suite, MasterKey(suite), MasterSalt());
        }

        internal static SrtpSession Session(SrtpPolicy policy)
        {
            return new SrtpSession(policy, new ManagedCryptoKernel());
        }

        internal static SrtpSession Session(SrtpSuite suite)
        {
            return Session(Policy(suite));
        }

        /// <summary>An RTP packet (V=2, PT 0) at offset 0 of a buffer with 32 spare bytes.</summary>
        internal static byte[] Rtp(int seq, uint ssrc, int payloadLength)
        {
            byte[] b = new byte[12 + payloadLength + 32];
            b[0] = 0x80;
            b[1] = 0x00;
            b[2] = (byte)(seq >> 8);
            b[3] = (byte)seq;
            b[4] = 0x00;
            b[5] = 0x00;
            b[6] = (byte)(seq >> 4);
            b[7] = (byte)(seq << 4);
            b[8] = (byte)(ssrc >> 24);
            b[9] = (byte)(ssrc >> 16);
            b[10] = (byte)(ssrc >> 8);
            b[11] = (byte)ssrc;
            for (int i = 0; i < payloadLength; i++)
            {
                b[12 + i] = (byte)(i * 7 + seq);
            }

            return b;
        }

        /// <summary>An RTCP receiver report (V=2, RC 0, PT 201) with a body of <paramref name="bodyLength"/> bytes (multiple of 4).</summary>
        internal static byte[] Rtcp(uint ssrc, int bodyLength)
        {
            byte[] b = new byte[8 + bodyLength + 40];
            int words = (8 + bodyLength) / 4 - 1;
            b[0] = 0x80;
            b[1] = 201;
            b[2] = (byte)(words >> 8);
            b[3] = (byte)words;
            b[4] = (byte)(ssrc >> 24);
            b[5] = (byte)(ssrc >> 16);
            b[6] = (byte)(ssrc >> 8);
            b[7] = (byte)ssrc;
            for (int i = 0; i < bodyLength; i++)
            {
                b[8 + i] = (byte)(0x40 + i);
            }

            return b;
        }

        internal static byte[] Copy(byte[] b)
        {
            byte[] c = new byte[b.Length];
            System.Array.Copy(b, 0, c, 0, b.Length);
            return c;
        }

        internal static void Status(SrtpStatus expected, SrtpStatus actual, string message)
        {
            Assert.AreEqual((int)expected, (int)actual, message);
        }

        internal static void Status(SrtpStatus expected, SrtpStatus actual)
        {
            Assert.AreEqual((int)expected, (int)actual);
        }

        /// <summary>Protects an RTP packet of <paramref name="length"/> bytes at offset 0 and returns the SRTP length.</summary>
        internal static int Protect(SrtpSession session, byte[] buffer, int length)
        {
            int protectedLength;
            Status(SrtpStatus.Ok, session.Protect(buffer, 0, length, out protectedLength), "protect");
            return protectedLength;
        }

        internal static int ProtectRtcp(SrtpSession session, byte[] buffer, int length)
        {
            int protectedLength;
            Status(SrtpStatus.Ok, session.ProtectRtcp(buffer, 0, length, out protectedLength), "protect RTCP");
            return protectedLength;
        }

        internal static SrtpStatus Unprotect(SrtpSession session, byte[] buffer, int length)
        {
            int plainLength;
            return session.Unprotect(buffer, 0, length, out plainLength);
        }
    }
}
