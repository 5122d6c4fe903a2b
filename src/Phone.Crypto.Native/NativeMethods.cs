using System.Runtime.CompilerServices;
#if !NANOFRAMEWORK_1_0
using System.Runtime.InteropServices;
#endif

namespace Phone.Crypto.Native
{
    /// <summary>
    /// The native entry points of the kernel (the per-packet SRTP transform over cached key contexts,
    /// stateless AES-CTR and HMAC-SHA1, capture decimation, G.711 and I2S slot conversion of a frame, the conference mix, comfort noise, the frame level), one signature on both targets.
    /// On the device they are interop-assembly methods implemented in the firmware
    /// (native/phone_crypto/nanoframework/Phone_Crypto_Native_Phone_Crypto_Native_NativeMethods.cpp);
    /// on the host they are P/Invoke calls into libphonecrypto.so (native/phone_crypto/pc_pinvoke.c).
    /// Arrays travel whole with offsets because nanoFramework stubs receive managed arrays, not
    /// pointers; the C side never keeps a pointer past the call since the GC may move the arrays.
    /// Callers (NativeAesCtr, NativeHmacSha1, NativeSrtpTransform) check every range first: the host
    /// side cannot see array lengths. The crypto calls return 0 on success, SrtpOpen a handle (&gt; 0),
    /// DecimateI2s32 and I2sCapture the PCM samples written, G711Encode/G711Decode, MixClip and ComfortNoise the count, MeasureLevel the level (0..127), I2sPlayback the bytes; all return a negative PC_ERR_* code (phone_crypto.h) on
    /// failure (SrtpUnprotect: -4 when the tag does not verify).
    /// </summary>
    internal static class NativeMethods
    {
#if NANOFRAMEWORK_1_0
        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int AesCtrXor(byte[] key, int keyOffset, int keyLength, byte[] iv, int ivOffset,
            byte[] data, int offset, int length);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int HmacSha1(byte[] key, int keyOffset, int keyLength, byte[] a, int aOffset, int aLength,
            byte[] b, int bOffset, int bLength, byte[] tag, int tagOffset);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int DecimateI2s32(int[] state, int stateLength, byte[] slots, int offset, int frames,
            int slotsPerFrame, int channel, int gainBits, short[] pcm, int pcmOffset, int pcmCapacity);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int G711Encode(int law, short[] pcm, int pcmOffset, byte[] dst, int dstOffset, int count);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int G711Decode(int law, byte[] src, int srcOffset, short[] pcm, int pcmOffset, int count);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int I2sCapture(byte[] slots, int offset, int frames, int slotsPerFrame, int channel,
            int gainBits, int average, short[] pcm, int pcmOffset);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int I2sPlayback(short[] pcm, int pcmOffset, int count, int volume, int stereo, byte[] dst,
            int dstOffset);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int MixClip(short[] a, int aOffset, short[] b, int bOffset, short[] into, int intoOffset, int count);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int ComfortNoise(int[] state, short[] pcm, int pcmOffset, int count, int level);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int MeasureLevel(short[] pcm, int pcmOffset, int count);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int SrtpOpen(byte[] key, int keyOffset, int keyLength, byte[] salt, int saltOffset,
            byte[] authKey, int authKeyOffset, int authKeyLength);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int SrtpClose(int handle);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int SrtpProtect(int handle, byte[] packet, int offset, int authLength, int cipherOffset,
            int cipherLength, int ssrc, long index, int flags, int tagOffset, int tagLength);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int SrtpUnprotect(int handle, byte[] packet, int offset, int authLength, int cipherOffset,
            int cipherLength, int ssrc, long index, int flags, int tagOffset, int tagLength);
#else
        // Blittable byte[] arguments are pinned and passed by address: no copy, no managed allocation.
        private const string Library = "phonecrypto";

        [DllImport(Library, EntryPoint = "pc_net_aes_ctr_xor", ExactSpelling = true)]
        internal static extern int AesCtrXor(byte[] key, int keyOffset, int keyLength, byte[] iv, int ivOffset,
            [In, Out] byte[] data, int offset, int length);

        [DllImport(Library, EntryPoint = "pc_net_hmac_sha1", ExactSpelling = true)]
        internal static extern int HmacSha1(byte[] key, int keyOffset, int keyLength, byte[] a, int aOffset, int aLength,
            byte[] b, int bOffset, int bLength, [In, Out] byte[] tag, int tagOffset);

        [DllImport(Library, EntryPoint = "pc_net_decim_i2s32", ExactSpelling = true)]
        internal static extern int DecimateI2s32([In, Out] int[] state, int stateLength, byte[] slots, int offset, int frames,
            int slotsPerFrame, int channel, int gainBits, [In, Out] short[] pcm, int pcmOffset, int pcmCapacity);

        [DllImport(Library, EntryPoint = "pc_net_g711_encode", ExactSpelling = true)]
        internal static extern int G711Encode(int law, short[] pcm, int pcmOffset, [In, Out] byte[] dst, int dstOffset, int count);

        [DllImport(Library, EntryPoint = "pc_net_g711_decode", ExactSpelling = true)]
        internal static extern int G711Decode(int law, byte[] src, int srcOffset, [In, Out] short[] pcm, int pcmOffset, int count);

        [DllImport(Library, EntryPoint = "pc_net_i2s_capture", ExactSpelling = true)]
        internal static extern int I2sCapture(byte[] slots, int offset, int frames, int slotsPerFrame, int channel,
            int gainBits, int average, [In, Out] short[] pcm, int pcmOffset);

        [DllImport(Library, EntryPoint = "pc_net_i2s_playback", ExactSpelling = true)]
        internal static extern int I2sPlayback(short[] pcm, int pcmOffset, int count, int volume, int stereo, [In, Out] byte[] dst,
            int dstOffset);

        [DllImport(Library, EntryPoint = "pc_net_mix_clip", ExactSpelling = true)]
        internal static extern int MixClip(short[] a, int aOffset, short[] b, int bOffset, [In, Out] short[] into, int intoOffset,
            int count);

        [DllImport(Library, EntryPoint = "pc_net_comfort_noise", ExactSpelling = true)]
        internal static extern int ComfortNoise([In, Out] int[] state, [In, Out] short[] pcm, int pcmOffset, int count, int level);

        [DllImport(Library, EntryPoint = "pc_net_measure_level", ExactSpelling = true)]
        internal static extern int MeasureLevel(short[] pcm, int pcmOffset, int count);

        [DllImport(Library, EntryPoint = "pc_net_srtp_open", ExactSpelling = true)]
        internal static extern int SrtpOpen(byte[] key, int keyOffset, int keyLength, byte[] salt, int saltOffset,
            byte[] authKey, int authKeyOffset, int authKeyLength);

        [DllImport(Library, EntryPoint = "pc_net_srtp_close", ExactSpelling = true)]
        internal static extern int SrtpClose(int handle);

        [DllImport(Library, EntryPoint = "pc_net_srtp_protect", ExactSpelling = true)]
        internal static extern int SrtpProtect(int handle, [In, Out] byte[] packet, int offset, int authLength, int cipherOffset,
            int cipherLength, int ssrc, long index, int flags, int tagOffset, int tagLength);

        [DllImport(Library, EntryPoint = "pc_net_srtp_unprotect", ExactSpelling = true)]
        internal static extern int SrtpUnprotect(int handle, [In, Out] byte[] packet, int offset, int authLength, int cipherOffset,
            int cipherLength, int ssrc, long index, int flags, int tagOffset, int tagLength);
#endif
    }
}
