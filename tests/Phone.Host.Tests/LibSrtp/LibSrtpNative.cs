using System;
using System.Runtime.InteropServices;

namespace Phone.Host.Tests.LibSrtp
{
    /// <summary>
    /// P/Invoke surface of libsrtp2 2.5.0 (Debian libsrtp2-1), the reference SRTP implementation our
    /// SRTP core is checked against. Signatures from srtp2/srtp.h; the v2 API protects and
    /// unprotects in place and updates the length, so callers leave SRTP_MAX_TRAILER_LEN (144)
    /// bytes of room after each packet. Packets are passed as <c>ref byte</c> to their first byte,
    /// which pins the array for the call without copying or allocating.
    /// </summary>
    internal static class LibSrtpNative
    {
        private const string Library = "libsrtp2.so.1";

        /// <summary>Room libsrtp may write after a packet (SRTP_MAX_TRAILER_LEN in srtp.h).</summary>
        internal const int MaxTrailer = 144;

        /// <summary>sizeof(srtp_policy_t) on x86_64 and the field offsets used here.</summary>
        internal const int PolicySize = 128;
        internal const int OffsetSsrcType = 0;
        internal const int OffsetSsrcValue = 4;
        internal const int OffsetRtp = 8;
        internal const int OffsetRtcp = 32;
        internal const int OffsetKey = 56;
        internal const int OffsetKeys = 64;
        internal const int OffsetNumMasterKeys = 72;
        internal const int OffsetWindowSize = 88;
        internal const int OffsetAllowRepeatTx = 96;
        internal const int OffsetNext = 120;

        /// <summary>srtp_ssrc_type_t.</summary>
        internal const int SsrcSpecific = 1;
        internal const int SsrcAnyInbound = 2;
        internal const int SsrcAnyOutbound = 3;

        [DllImport(Library)] internal static extern int srtp_init();
        [DllImport(Library)] internal static extern int srtp_create(out IntPtr session, IntPtr policy);
        [DllImport(Library)] internal static extern int srtp_dealloc(IntPtr session);
        [DllImport(Library)] internal static extern int srtp_protect(IntPtr session, ref byte rtpHeader, ref int length);
        [DllImport(Library)] internal static extern int srtp_unprotect(IntPtr session, ref byte srtpHeader, ref int length);
        [DllImport(Library)] internal static extern int srtp_protect_rtcp(IntPtr session, ref byte rtcpHeader, ref int length);
        [DllImport(Library)] internal static extern int srtp_unprotect_rtcp(IntPtr session, ref byte srtcpHeader, ref int length);

        // Crypto policy setters: each fills one 24-byte srtp_crypto_policy_t.
        [DllImport(Library)] internal static extern void srtp_crypto_policy_set_rtp_default(IntPtr policy);
        [DllImport(Library)] internal static extern void srtp_crypto_policy_set_rtcp_default(IntPtr policy);
        [DllImport(Library)] internal static extern void srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(IntPtr policy);
        [DllImport(Library)] internal static extern void srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80(IntPtr policy);
        [DllImport(Library)] internal static extern void srtp_crypto_policy_set_aes_cm_256_hmac_sha1_32(IntPtr policy);
    }
}
