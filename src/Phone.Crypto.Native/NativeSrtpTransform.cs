using System;

namespace Phone.Crypto.Native
{
    /// <summary>
    /// <see cref="ISrtpTransform"/> in one native call per packet (native/phone_crypto/pc_srtp.c):
    /// IV, AES-CM keystream, XOR, HMAC-SHA1 and, for unprotect, the constant-time tag check, over key
    /// state cached natively per session key (the expanded AES key and the HMAC pad state). SetKeys
    /// opens a native context and keeps only its integer handle here, so nothing native points into
    /// managed memory the GC may move; Clear (SrtpSession.Clear) closes it and the native side wipes it.
    /// On the host a finalizer closes a context its session forgot to clear. The native table is
    /// small on the device (PC_SRTP_CONTEXTS); if it is full, this transform falls back to the
    /// stateless two-call path (<see cref="ComposedSrtpTransform"/> over <see cref="NativeAesCtr"/>
    /// and <see cref="NativeHmacSha1"/>), slower but identical in output. Nothing is allocated per packet.
    /// </summary>
    public sealed class NativeSrtpTransform : ISrtpTransform
    {
        private const int ErrorAuth = -4;
        private const int ErrorNoContext = -5;
        private const int FlagAuthRoc = 1;

        private int _handle;
        private ComposedSrtpTransform _fallback;

        /// <summary>True when the keys live in a native context (one call per packet).</summary>
        public bool Cached
        {
            get { return _handle > 0; }
        }

        public bool SetKeys(byte[] cipherKey, int cipherKeyOffset, int cipherKeyLength, byte[] salt, int saltOffset,
            byte[] authKey, int authKeyOffset, int authKeyLength)
        {
            Clear();
            if (cipherKey == null || (cipherKeyLength != 16 && cipherKeyLength != 32) || cipherKeyOffset < 0 ||
                cipherKeyOffset > cipherKey.Length - cipherKeyLength ||
                salt == null || saltOffset < 0 || saltOffset > salt.Length - 14 ||
                authKey == null || authKeyLength < 0 || authKeyLength > 64 || authKeyOffset < 0 ||
                authKeyOffset > authKey.Length - authKeyLength)
            {
                return false;
            }

            int handle = NativeMethods.SrtpOpen(cipherKey, cipherKeyOffset, cipherKeyLength, salt, saltOffset,
                authKey, authKeyOffset, authKeyLength);
            if (handle > 0)
            {
                _handle = handle;
                return true;
            }

            if (handle != ErrorNoContext)
            {
                return false;
            }

            if (_fallback == null)
            {
                _fallback = new ComposedSrtpTransform(new NativeAesCtr(), new NativeHmacSha1());
            }

            return _fallback.SetKeys(cipherKey, cipherKeyOffset, cipherKeyLength, salt, saltOffset,
                authKey, authKeyOffset, authKeyLength);
        }

        public void Protect(byte[] buffer, int offset, int authLength, int cipherOffset, int cipherLength, uint ssrc,
            long index, bool authenticateRoc, int tagOffset, int tagLength)
        {
            if (_handle <= 0)
            {
                Fallback().Protect(buffer, offset, authLength, cipherOffset, cipherLength, ssrc, index, authenticateRoc,
                    tagOffset, tagLength);
                return;
            }

            if (!SrtpTransformRanges.Valid(buffer, offset, authLength, cipherOffset, cipherLength, index, tagOffset, tagLength))
            {
                throw new ArgumentOutOfRangeException("offset");
            }

            int rc = NativeMethods.SrtpProtect(_handle, buffer, offset, authLength, cipherOffset, cipherLength, (int)ssrc,
                index, authenticateRoc ? FlagAuthRoc : 0, tagOffset, tagLength);
            if (rc != 0)
            {
                throw new InvalidOperationException("native SRTP protect failed");
            }
        }

        public bool Unprotect(byte[] buffer, int offset, int authLength, int cipherOffset, int cipherLength, uint ssrc,
            long index, bool authenticateRoc, int tagOffset, int tagLength)
        {
            if (_handle <= 0)
            {
                return Fallback().Unprotect(buffer, offset, authLength, cipherOffset, cipherLength, ssrc, index,
                    authenticateRoc, tagOffset, tagLength);
            }

            if (!SrtpTransformRanges.Valid(buffer, offset, authLength, cipherOffset, cipherLength, index, tagOffset, tagLength))
            {
                throw new ArgumentOutOfRangeException("offset");
            }

            int rc = NativeMethods.SrtpUnprotect(_handle, buffer, offset, authLength, cipherOffset, cipherLength, (int)ssrc,
                index, authenticateRoc ? FlagAuthRoc : 0, tagOffset, tagLength);
            if (rc == 0)
            {
                return true;
            }

            if (rc == ErrorAuth)
            {
                return false;
            }

            throw new InvalidOperationException("native SRTP unprotect failed");
        }

        public void Clear()
        {
            int handle = _handle;
            _handle = 0;
            if (handle > 0)
            {
                NativeMethods.SrtpClose(handle);
            }

            if (_fallback != null)
            {
                _fallback.Clear();
            }
        }

#if !NANOFRAMEWORK_1_0
        ~NativeSrtpTransform()
        {
            if (_handle > 0)
            {
                NativeMethods.SrtpClose(_handle);
            }
        }
#endif

        private ComposedSrtpTransform Fallback()
        {
            if (_fallback == null)
            {
                throw new InvalidOperationException("SRTP transform not keyed");
            }

            return _fallback;
        }
    }
}
