using System;
using System.Runtime.InteropServices;

namespace Phone.Host.Tests.LibSrtp
{
    /// <summary>
    /// One libsrtp2 session (srtp_t) for one direction: an outbound session protects, an inbound one
    /// unprotects. The policy is built in unmanaged memory per srtp2/srtp.h (layout in
    /// LibSrtpNative) and freed once srtp_create has copied it. Protect/Unprotect work in place on
    /// buf[offset..offset+length) and need LibSrtpNative.MaxTrailer bytes of room after it; they
    /// allocate nothing, so they can sit inside allocation-counting loops and benchmarks.
    /// </summary>
    public sealed class LibSrtpSession : IDisposable
    {
        private static readonly object InitLock = new object();
        private static bool _initialized;
        private IntPtr _session;

        public LibSrtpSession(LibSrtpSuite suite, byte[] masterKeyAndSalt, bool outbound, uint? ssrc = null,
            int windowSize = 0, bool allowRepeatTx = false)
        {
            if (masterKeyAndSalt == null || masterKeyAndSalt.Length != LibSrtpSuites.KeyLength(suite) + 14)
            {
                throw new ArgumentException("master key || 14-byte salt expected", nameof(masterKeyAndSalt));
            }

            EnsureInit();
            IntPtr policy = Marshal.AllocHGlobal(LibSrtpNative.PolicySize);
            IntPtr key = Marshal.AllocHGlobal(masterKeyAndSalt.Length);
            try
            {
                for (int i = 0; i < LibSrtpNative.PolicySize; i += 8)
                {
                    Marshal.WriteInt64(policy, i, 0);
                }

                Marshal.Copy(masterKeyAndSalt, 0, key, masterKeyAndSalt.Length);
                int ssrcType = ssrc.HasValue ? LibSrtpNative.SsrcSpecific
                    : outbound ? LibSrtpNative.SsrcAnyOutbound : LibSrtpNative.SsrcAnyInbound;
                Marshal.WriteInt32(policy, LibSrtpNative.OffsetSsrcType, ssrcType);
                Marshal.WriteInt32(policy, LibSrtpNative.OffsetSsrcValue, unchecked((int)(ssrc ?? 0)));
                LibSrtpSuites.SetRtp(suite, policy + LibSrtpNative.OffsetRtp);
                LibSrtpSuites.SetRtcp(suite, policy + LibSrtpNative.OffsetRtcp);
                Marshal.WriteIntPtr(policy, LibSrtpNative.OffsetKey, key);
                Marshal.WriteInt64(policy, LibSrtpNative.OffsetWindowSize, windowSize);
                Marshal.WriteInt32(policy, LibSrtpNative.OffsetAllowRepeatTx, allowRepeatTx ? 1 : 0);

                int rc = LibSrtpNative.srtp_create(out _session, policy);
                if (rc != 0)
                {
                    throw new InvalidOperationException("srtp_create failed: " + (LibSrtpStatus)rc);
                }
            }
            finally
            {
                Marshal.FreeHGlobal(key);
                Marshal.FreeHGlobal(policy);
            }
        }

        public LibSrtpStatus Protect(byte[] buf, int offset, int length, out int newLength)
        {
            CheckRoom(buf, offset, length, LibSrtpNative.MaxTrailer);
            newLength = length;
            return (LibSrtpStatus)LibSrtpNative.srtp_protect(_session, ref buf[offset], ref newLength);
        }

        public LibSrtpStatus Unprotect(byte[] buf, int offset, int length, out int newLength)
        {
            CheckRoom(buf, offset, length, 0);
            newLength = length;
            return (LibSrtpStatus)LibSrtpNative.srtp_unprotect(_session, ref buf[offset], ref newLength);
        }

        public LibSrtpStatus ProtectRtcp(byte[] buf, int offset, int length, out int newLength)
        {
            CheckRoom(buf, offset, length, LibSrtpNative.MaxTrailer);
            newLength = length;
            return (LibSrtpStatus)LibSrtpNative.srtp_protect_rtcp(_session, ref buf[offset], ref newLength);
        }

        public LibSrtpStatus UnprotectRtcp(byte[] buf, int offset, int length, out int newLength)
        {
            CheckRoom(buf, offset, length, 0);
            newLength = length;
            return (LibSrtpStatus)LibSrtpNative.srtp_unprotect_rtcp(_session, ref buf[offset], ref newLength);
        }

        public void Dispose()
        {
            if (_session != IntPtr.Zero)
            {
                LibSrtpNative.srtp_dealloc(_session);
                _session = IntPtr.Zero;
            }
        }

        private void CheckRoom(byte[] buf, int offset, int length, int room)
        {
            if (_session == IntPtr.Zero)
            {
                throw new ObjectDisposedException(nameof(LibSrtpSession));
            }

            // Protecting writes up to MaxTrailer bytes past the packet (tag, SRTCP index) and libsrtp
            // cannot see the array's end; unprotecting only shrinks the packet.
            if (offset < 0 || length <= 0 || (long)offset + length + room > buf.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(length), "packet outside the buffer or less than " + room + " bytes of room after it");
            }
        }

        private static void EnsureInit()
        {
            lock (InitLock)
            {
                if (!_initialized)
                {
                    int rc = LibSrtpNative.srtp_init();
                    if (rc != 0)
                    {
                        throw new InvalidOperationException("srtp_init failed: " + (LibSrtpStatus)rc);
                    }

                    _initialized = true;
                }
            }
        }
    }
}
