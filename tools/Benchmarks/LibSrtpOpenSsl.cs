using System;
using System.Runtime.InteropServices;
using Phone.Host.Tests.LibSrtp;

namespace Phone.Benchmarks
{
    /// <summary>
    /// A second libsrtp2 as an optional reference: the library at <c>PHONE_LIBSRTP_OPENSSL</c> (a libsrtp2.so
    /// built with OpenSSL as its crypto backend; Debian's libsrtp2-1 uses NSS). Nothing of it is in this
    /// repository; the variable names a library built or installed elsewhere (docs/native-kernel.md, "Host
    /// benchmark"). It has the same soname as Debian's, so it is loaded by path and called through function
    /// pointers taken from that handle: the DllImport binding (LibSrtpNative) keeps meaning Debian's library.
    /// The policy layout is the same srtp2/srtp.h one (LibSrtpNative's offsets).
    /// </summary>
    public sealed unsafe class LibSrtpOpenSsl : IDisposable
    {
        public const string Variable = "PHONE_LIBSRTP_OPENSSL";

        private static IntPtr s_library;
        private static delegate* unmanaged<int> s_init;
        private static delegate* unmanaged<IntPtr*, IntPtr, int> s_create;
        private static delegate* unmanaged<IntPtr, int> s_dealloc;
        private static delegate* unmanaged<IntPtr, byte*, int*, int> s_protect;
        private static delegate* unmanaged<IntPtr, byte*, int*, int> s_unprotect;
        private static delegate* unmanaged<IntPtr, void> s_rtpDefault;
        private static delegate* unmanaged<IntPtr, void> s_rtcpDefault;

        private IntPtr _session;

        /// <summary>The library's path when the variable names one, else null (the rows then do nothing).</summary>
        public static string Path => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } p ? p : null;

        /// <summary>Loads the library once; false when the variable is not set.</summary>
        public static bool Load()
        {
            if (s_library != IntPtr.Zero)
            {
                return true;
            }

            if (Path == null)
            {
                return false;
            }

            s_library = NativeLibrary.Load(Path);
            s_init = (delegate* unmanaged<int>)NativeLibrary.GetExport(s_library, "srtp_init");
            s_create = (delegate* unmanaged<IntPtr*, IntPtr, int>)NativeLibrary.GetExport(s_library, "srtp_create");
            s_dealloc = (delegate* unmanaged<IntPtr, int>)NativeLibrary.GetExport(s_library, "srtp_dealloc");
            s_protect = (delegate* unmanaged<IntPtr, byte*, int*, int>)NativeLibrary.GetExport(s_library, "srtp_protect");
            s_unprotect = (delegate* unmanaged<IntPtr, byte*, int*, int>)NativeLibrary.GetExport(s_library, "srtp_unprotect");
            s_rtpDefault = (delegate* unmanaged<IntPtr, void>)NativeLibrary.GetExport(s_library, "srtp_crypto_policy_set_rtp_default");
            s_rtcpDefault = (delegate* unmanaged<IntPtr, void>)NativeLibrary.GetExport(s_library, "srtp_crypto_policy_set_rtcp_default");
            int rc = s_init();
            if (rc != 0)
            {
                throw new InvalidOperationException("srtp_init of " + Path + " failed: " + rc);
            }

            return true;
        }

        /// <summary>An AES_CM_128_HMAC_SHA1_80 session for any SSRC, outbound (protects) or inbound.</summary>
        public LibSrtpOpenSsl(byte[] masterKeyAndSalt, bool outbound)
        {
            IntPtr policy = Marshal.AllocHGlobal(LibSrtpNative.PolicySize);
            IntPtr key = Marshal.AllocHGlobal(masterKeyAndSalt.Length);
            try
            {
                new Span<byte>((void*)policy, LibSrtpNative.PolicySize).Clear();
                Marshal.Copy(masterKeyAndSalt, 0, key, masterKeyAndSalt.Length);
                Marshal.WriteInt32(policy, LibSrtpNative.OffsetSsrcType, outbound ? LibSrtpNative.SsrcAnyOutbound : LibSrtpNative.SsrcAnyInbound);
                s_rtpDefault(policy + LibSrtpNative.OffsetRtp);
                s_rtcpDefault(policy + LibSrtpNative.OffsetRtcp);
                Marshal.WriteIntPtr(policy, LibSrtpNative.OffsetKey, key);
                IntPtr session;
                int rc = s_create(&session, policy);
                if (rc != 0)
                {
                    throw new InvalidOperationException("srtp_create failed: " + rc);
                }

                _session = session;
            }
            finally
            {
                Marshal.FreeHGlobal(key);
                Marshal.FreeHGlobal(policy);
            }
        }

        /// <summary>In place; needs LibSrtpNative.MaxTrailer bytes of room after the packet (the caller's buffers have it).</summary>
        public int Protect(byte[] buf, int offset, int length, out int newLength)
        {
            int n = length;
            int rc;
            fixed (byte* p = &buf[offset])
            {
                rc = s_protect(_session, p, &n);
            }

            newLength = n;
            return rc;
        }

        public int Unprotect(byte[] buf, int offset, int length, out int newLength)
        {
            int n = length;
            int rc;
            fixed (byte* p = &buf[offset])
            {
                rc = s_unprotect(_session, p, &n);
            }

            newLength = n;
            return rc;
        }

        public void Dispose()
        {
            if (_session != IntPtr.Zero)
            {
                s_dealloc(_session);
                _session = IntPtr.Zero;
            }
        }
    }
}
