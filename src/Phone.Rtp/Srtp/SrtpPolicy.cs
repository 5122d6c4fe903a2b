namespace Phone.Srtp
{
    /// <summary>
    /// Everything one direction of an SRTP session is configured with: with SDES each side sends its
    /// own key (RFC 4568 §6.1), so a call has one policy (and one <see cref="SrtpSession"/>) for
    /// sending and another for receiving. Read once by the session constructor, which copies what it needs.
    /// </summary>
    public sealed class SrtpPolicy
    {
        /// <summary>Master salt length for every supported suite: 112 bits (RFC 3711 §8.2, RFC 6188 §3).</summary>
        public const int MasterSaltLength = 14;

        /// <summary>Default replay window (RFC 3711 §3.3.2 requires at least 64).</summary>
        public const int DefaultReplayWindowSize = 128;

        /// <summary>SRTP packets per master key (RFC 3711 §9.2): 2^48.</summary>
        public const long SrtpPacketLimit = 1L << 48;

        /// <summary>SRTCP packets per master key (RFC 3711 §9.2): 2^31.</summary>
        public const long SrtcpPacketLimit = 1L << 31;

        /// <summary>Creates a policy with the defaults: window 128, 4 streams, no MKI, everything encrypted.</summary>
        public SrtpPolicy(SrtpSuite suite, byte[] masterKey, byte[] masterSalt)
        {
            Suite = suite;
            MasterKey = masterKey;
            MasterSalt = masterSalt;
            ReplayWindowSize = DefaultReplayWindowSize;
            MaxStreams = 4;
            MaxSrtpPackets = SrtpPacketLimit;
            MaxSrtcpPackets = SrtcpPacketLimit;
        }

        /// <summary>The crypto suite.</summary>
        public SrtpSuite Suite { get; set; }

        /// <summary>Master key: 16 bytes for the AES_CM_128 suites, 32 for AES_256_CM (RFC 6188 §3).</summary>
        public byte[] MasterKey { get; set; }

        /// <summary>Master salt, 14 bytes.</summary>
        public byte[] MasterSalt { get; set; }

        /// <summary>Replay window in packets, 64 to 1024 (RFC 3711 §3.3.2); SRTP and SRTCP each get one per stream.</summary>
        public int ReplayWindowSize { get; set; }

        /// <summary>Number of SSRCs the session can track, 1 to 64; their state is allocated with the session.</summary>
        public int MaxStreams { get; set; }

        /// <summary>Master key identifier sent and expected with every packet (RFC 3711 §3.1), 0 to 4 bytes; null for none.</summary>
        public byte[] Mki { get; set; }

        /// <summary>UNENCRYPTED_SRTP (RFC 4568 §6.3.2): RTP payloads are authenticated but not encrypted.</summary>
        public bool UnencryptedSrtp { get; set; }

        /// <summary>UNENCRYPTED_SRTCP (RFC 4568 §6.3.2): SRTCP is sent with E = 0 and only E = 0 is accepted.</summary>
        public bool UnencryptedSrtcp { get; set; }

        /// <summary>SRTP packets this master key may process (protect plus accepted unprotect), at most 2^48. Lower it in tests.</summary>
        public long MaxSrtpPackets { get; set; }

        /// <summary>SRTCP packets this master key may process, at most 2^31. Lower it in tests.</summary>
        public long MaxSrtcpPackets { get; set; }

        /// <summary>Master key length in bytes for a suite.</summary>
        public static int MasterKeyLength(SrtpSuite suite)
        {
            return suite == SrtpSuite.Aes256CmHmacSha1_80 || suite == SrtpSuite.Aes256CmHmacSha1_32 ? 32 : 16;
        }

        /// <summary>SRTP authentication tag length in bytes for a suite: 10 or 4.</summary>
        public static int SrtpTagLength(SrtpSuite suite)
        {
            return suite == SrtpSuite.AesCm128HmacSha1_32 || suite == SrtpSuite.Aes256CmHmacSha1_32 ? 4 : 10;
        }

        /// <summary>SRTCP authentication tag length in bytes: always 10 (80 bits).</summary>
        public const int SrtcpTagLength = 10;

        /// <summary>Null when the policy is usable; otherwise what is wrong with it.</summary>
        public string Validate()
        {
            if (Suite != SrtpSuite.AesCm128HmacSha1_80 && Suite != SrtpSuite.AesCm128HmacSha1_32 &&
                Suite != SrtpSuite.Aes256CmHmacSha1_80 && Suite != SrtpSuite.Aes256CmHmacSha1_32)
            {
                return "unknown suite";
            }

            if (MasterKey == null || MasterKey.Length != MasterKeyLength(Suite))
            {
                return "master key length does not match the suite";
            }

            if (MasterSalt == null || MasterSalt.Length != MasterSaltLength)
            {
                return "master salt must be 14 bytes";
            }

            if (ReplayWindowSize < 64 || ReplayWindowSize > 1024)
            {
                return "replay window must be 64..1024";
            }

            if (MaxStreams < 1 || MaxStreams > 64)
            {
                return "max streams must be 1..64";
            }

            if (Mki != null && Mki.Length > 4)
            {
                return "MKI must be 0..4 bytes";
            }

            if (MaxSrtpPackets < 1 || MaxSrtpPackets > SrtpPacketLimit)
            {
                return "SRTP packet limit must be 1..2^48";
            }

            if (MaxSrtcpPackets < 1 || MaxSrtcpPackets > SrtcpPacketLimit)
            {
                return "SRTCP packet limit must be 1..2^31";
            }

            return null;
        }
    }
}
