//
// Native side of the interop assembly Phone.Crypto.Native (src/Phone.Crypto.Native/NativeMethods.cs),
// in the shape MetadataProcessor generates for interop assemblies (NFMDP_GENERATE_STUBS=true):
// one struct Library_<Assembly>_<Namespace_Class> per class with native methods, each method named
// <Name>___[STATIC__]<return>__<parameter types> after its managed signature.
// Written by hand for this project. The target check (tools/TargetCheck) derives these names from
// the compiled assembly and fails when a native method is not declared here or not defined in
// Phone_Crypto_Native_Phone_Crypto_Native_NativeMethods.cpp, or when Phone_Crypto_Native.cpp's
// method_lookup[] differs (docs/native-kernel.md).
//

#ifndef PHONE_CRYPTO_NATIVE_H
#define PHONE_CRYPTO_NATIVE_H

#include <nanoCLR_Interop.h>
#include <nanoCLR_Runtime.h>
#include <nanoPackStruct.h>

struct Library_Phone_Crypto_Native_Phone_Crypto_Native_NativeMethods
{
    // int AesCtrXor(byte[] key, int keyOffset, int keyLength, byte[] iv, int ivOffset, byte[] data, int offset, int length)
    NANOCLR_NATIVE_DECLARE(AesCtrXor___STATIC__I4__SZARRAY_U1__I4__I4__SZARRAY_U1__I4__SZARRAY_U1__I4__I4);

    // int HmacSha1(byte[] key, int keyOffset, int keyLength, byte[] a, int aOffset, int aLength,
    //              byte[] b, int bOffset, int bLength, byte[] tag, int tagOffset)
    NANOCLR_NATIVE_DECLARE(
        HmacSha1___STATIC__I4__SZARRAY_U1__I4__I4__SZARRAY_U1__I4__I4__SZARRAY_U1__I4__I4__SZARRAY_U1__I4);

    // int DecimateI2s32(int[] state, int stateLength, byte[] slots, int offset, int frames, int slotsPerFrame,
    //                   int channel, int gainBits, short[] pcm, int pcmOffset, int pcmCapacity)
    NANOCLR_NATIVE_DECLARE(
        DecimateI2s32___STATIC__I4__SZARRAY_I4__I4__SZARRAY_U1__I4__I4__I4__I4__I4__SZARRAY_I2__I4__I4);

    // int G711Encode(int law, short[] pcm, int pcmOffset, byte[] dst, int dstOffset, int count)
    NANOCLR_NATIVE_DECLARE(G711Encode___STATIC__I4__I4__SZARRAY_I2__I4__SZARRAY_U1__I4__I4);

    // int G711Decode(int law, byte[] src, int srcOffset, short[] pcm, int pcmOffset, int count)
    NANOCLR_NATIVE_DECLARE(G711Decode___STATIC__I4__I4__SZARRAY_U1__I4__SZARRAY_I2__I4__I4);

    // int I2sCapture(byte[] slots, int offset, int frames, int slotsPerFrame, int channel, int gainBits, int average,
    //                short[] pcm, int pcmOffset)
    NANOCLR_NATIVE_DECLARE(I2sCapture___STATIC__I4__SZARRAY_U1__I4__I4__I4__I4__I4__I4__SZARRAY_I2__I4);

    // int I2sPlayback(short[] pcm, int pcmOffset, int count, int volume, int stereo, byte[] dst, int dstOffset)
    NANOCLR_NATIVE_DECLARE(I2sPlayback___STATIC__I4__SZARRAY_I2__I4__I4__I4__I4__SZARRAY_U1__I4);

    // int MixClip(short[] a, int aOffset, short[] b, int bOffset, short[] into, int intoOffset, int count)
    NANOCLR_NATIVE_DECLARE(MixClip___STATIC__I4__SZARRAY_I2__I4__SZARRAY_I2__I4__SZARRAY_I2__I4__I4);

    // int ComfortNoise(int[] state, short[] pcm, int pcmOffset, int count, int level)
    NANOCLR_NATIVE_DECLARE(ComfortNoise___STATIC__I4__SZARRAY_I4__SZARRAY_I2__I4__I4__I4);

    // int MeasureLevel(short[] pcm, int pcmOffset, int count)
    NANOCLR_NATIVE_DECLARE(MeasureLevel___STATIC__I4__SZARRAY_I2__I4__I4);

    // int SrtpOpen(byte[] key, int keyOffset, int keyLength, byte[] salt, int saltOffset,
    //              byte[] authKey, int authKeyOffset, int authKeyLength)
    NANOCLR_NATIVE_DECLARE(SrtpOpen___STATIC__I4__SZARRAY_U1__I4__I4__SZARRAY_U1__I4__SZARRAY_U1__I4__I4);

    // int SrtpClose(int handle)
    NANOCLR_NATIVE_DECLARE(SrtpClose___STATIC__I4__I4);

    // int SrtpProtect(int handle, byte[] packet, int offset, int authLength, int cipherOffset, int cipherLength,
    //                 int ssrc, long index, int flags, int tagOffset, int tagLength)
    NANOCLR_NATIVE_DECLARE(SrtpProtect___STATIC__I4__I4__SZARRAY_U1__I4__I4__I4__I4__I4__I8__I4__I4__I4);

    // int SrtpUnprotect(same arguments as SrtpProtect)
    NANOCLR_NATIVE_DECLARE(SrtpUnprotect___STATIC__I4__I4__SZARRAY_U1__I4__I4__I4__I4__I4__I8__I4__I4__I4);

    //--//
};

extern const CLR_RT_NativeAssemblyData g_CLR_AssemblyNative_Phone_Crypto_Native;

#endif // PHONE_CRYPTO_NATIVE_H
