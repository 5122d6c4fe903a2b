//
// Implementation of Phone.Crypto.Native.NativeMethods on the device: reads the managed arguments
// from the nanoCLR stack frame and calls the portable C kernel (phone_crypto.h, over mbedTLS;
// AES runs on the ESP32 accelerator with ESP-IDF's default CONFIG_MBEDTLS_HARDWARE_AES=y).
//
// GC safety: a managed byte[] may be moved by a compaction between calls, never during a native
// method (the interpreter does not run the GC while native code executes). So the element
// pointers taken here are used only inside this call and dropped before returning. Per-packet key
// state (SrtpOpen .. SrtpClose) lives in pc_srtp.c's static table, named by an integer handle;
// the stateless AesCtrXor / HmacSha1 take the raw key and expand it on the C stack.
//
// Each call blocks every managed thread (all run on one nanoCLR task) for its duration: about one
// AES block per 16 payload bytes, i.e. well under a millisecond for a 1400-byte packet.
//

#include "Phone_Crypto_Native.h"
#include "phone_crypto.h"

// Resolves the managed range array[offset .. offset+length) to a pointer valid for this call only.
// A null array is accepted for an empty range (SRTCP authenticates a single range). Ranges are
// checked here too, not only in C#, because a wrong pointer would corrupt the managed heap.
static HRESULT ResolveRange(CLR_RT_HeapBlock &arg, CLR_INT32 offset, CLR_INT32 length, CLR_UINT8 *&ptr)
{
    NANOCLR_HEADER();

    CLR_RT_HeapBlock_Array *array = arg.DereferenceArray();
    ptr = NULL;

    if (offset < 0 || length < 0)
    {
        NANOCLR_SET_AND_LEAVE(CLR_E_OUT_OF_RANGE);
    }

    if (array == NULL)
    {
        NANOCLR_SET_AND_LEAVE(length == 0 ? S_OK : CLR_E_ARGUMENT_NULL);
    }

    if ((CLR_UINT32)offset > array->m_numOfElements ||
        (CLR_UINT32)length > array->m_numOfElements - (CLR_UINT32)offset)
    {
        NANOCLR_SET_AND_LEAVE(CLR_E_OUT_OF_RANGE);
    }

    ptr = array->GetFirstElement() + offset;

    NANOCLR_NOCLEANUP();
}

HRESULT Library_Phone_Crypto_Native_Phone_Crypto_Native_NativeMethods::
    AesCtrXor___STATIC__I4__SZARRAY_U1__I4__I4__SZARRAY_U1__I4__SZARRAY_U1__I4__I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();

    CLR_UINT8 *key;
    CLR_UINT8 *iv;
    CLR_UINT8 *data;
    CLR_INT32 keyLength = stack.Arg2().NumericByRef().s4;
    CLR_INT32 length = stack.Arg7().NumericByRef().s4;

    NANOCLR_CHECK_HRESULT(ResolveRange(stack.Arg0(), stack.Arg1().NumericByRef().s4, keyLength, key));
    NANOCLR_CHECK_HRESULT(ResolveRange(stack.Arg3(), stack.Arg4().NumericByRef().s4, PC_AES_BLOCK, iv));
    NANOCLR_CHECK_HRESULT(ResolveRange(stack.Arg5(), stack.Arg6().NumericByRef().s4, length, data));

    if (key == NULL || iv == NULL)
    {
        NANOCLR_SET_AND_LEAVE(CLR_E_ARGUMENT_NULL);
    }

    stack.SetResult_I4(pc_aes_ctr_xor(key, (size_t)keyLength, iv, data, (size_t)length));

    NANOCLR_NOCLEANUP();
}

HRESULT Library_Phone_Crypto_Native_Phone_Crypto_Native_NativeMethods::
    HmacSha1___STATIC__I4__SZARRAY_U1__I4__I4__SZARRAY_U1__I4__I4__SZARRAY_U1__I4__I4__SZARRAY_U1__I4(
        CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();

    CLR_UINT8 *key;
    CLR_UINT8 *a;
    CLR_UINT8 *b;
    CLR_UINT8 *tag;
    CLR_INT32 keyLength = stack.Arg2().NumericByRef().s4;
    CLR_INT32 aLength = stack.Arg5().NumericByRef().s4;
    CLR_INT32 bLength = stack.ArgN(8).NumericByRef().s4;

    // Arguments 8..10 have no ArgK() accessor; ArgN(n) indexes the argument list directly.
    NANOCLR_CHECK_HRESULT(ResolveRange(stack.Arg0(), stack.Arg1().NumericByRef().s4, keyLength, key));
    NANOCLR_CHECK_HRESULT(ResolveRange(stack.Arg3(), stack.Arg4().NumericByRef().s4, aLength, a));
    NANOCLR_CHECK_HRESULT(ResolveRange(stack.Arg6(), stack.Arg7().NumericByRef().s4, bLength, b));
    NANOCLR_CHECK_HRESULT(ResolveRange(stack.ArgN(9), stack.ArgN(10).NumericByRef().s4, PC_SHA1_TAG, tag));

    if (tag == NULL)
    {
        NANOCLR_SET_AND_LEAVE(CLR_E_ARGUMENT_NULL);
    }

    stack.SetResult_I4(pc_hmac_sha1(key, (size_t)keyLength, a, (size_t)aLength, b, (size_t)bLength, tag));

    NANOCLR_NOCLEANUP();
}

// Capture decimator (pc_decim.c). The filter state is the caller's int[] of PC_DECIM_STATE_WORDS;
// like the byte ranges above it is used only during this call. Every range is checked against the
// arrays themselves; a bad one returns PC_ERR_ARGUMENT (the managed interface never throws). One call
// covers one I2S read: 20 ms of 32 kHz stereo frames is 640 frames, 160 outputs x 96 taps.
HRESULT Library_Phone_Crypto_Native_Phone_Crypto_Native_NativeMethods::
    DecimateI2s32___STATIC__I4__SZARRAY_I4__I4__SZARRAY_U1__I4__I4__I4__I4__I4__SZARRAY_I2__I4__I4(
        CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();

    CLR_RT_HeapBlock_Array *state = stack.Arg0().DereferenceArray();
    CLR_INT32 stateLength = stack.Arg1().NumericByRef().s4;
    CLR_RT_HeapBlock_Array *slots = stack.Arg2().DereferenceArray();
    CLR_INT32 offset = stack.Arg3().NumericByRef().s4;
    CLR_INT32 frames = stack.Arg4().NumericByRef().s4;
    CLR_INT32 slotsPerFrame = stack.Arg5().NumericByRef().s4;
    CLR_INT32 channel = stack.Arg6().NumericByRef().s4;
    CLR_INT32 gainBits = stack.Arg7().NumericByRef().s4;
    CLR_RT_HeapBlock_Array *pcm = stack.ArgN(8).DereferenceArray();
    CLR_INT32 pcmOffset = stack.ArgN(9).NumericByRef().s4;
    CLR_INT32 pcmCapacity = stack.ArgN(10).NumericByRef().s4;

    const uint8_t *slotPtr = NULL;
    int16_t *pcmPtr = NULL;

    if (state == NULL || stateLength != PC_DECIM_STATE_WORDS || state->m_numOfElements != (CLR_UINT32)stateLength ||
        offset < 0 || frames < 0 || slotsPerFrame < 1 || slotsPerFrame > 2 || pcmOffset < 0 || pcmCapacity < 0)
    {
        stack.SetResult_I4(PC_ERR_ARGUMENT);
        NANOCLR_SET_AND_LEAVE(S_OK);
    }

    if (frames > 0)
    {
        CLR_UINT64 bytes = (CLR_UINT64)frames * (CLR_UINT64)slotsPerFrame * 4u;
        if (slots == NULL || (CLR_UINT64)offset + bytes > (CLR_UINT64)slots->m_numOfElements)
        {
            stack.SetResult_I4(PC_ERR_ARGUMENT);
            NANOCLR_SET_AND_LEAVE(S_OK);
        }
        slotPtr = slots->GetFirstElement() + offset;
    }

    if (pcmCapacity > 0)
    {
        if (pcm == NULL || (CLR_UINT64)pcmOffset + (CLR_UINT64)pcmCapacity > (CLR_UINT64)pcm->m_numOfElements)
        {
            stack.SetResult_I4(PC_ERR_ARGUMENT);
            NANOCLR_SET_AND_LEAVE(S_OK);
        }
        pcmPtr = (int16_t *)pcm->GetFirstElement() + pcmOffset;
    }

    stack.SetResult_I4(pc_decim_i2s32((int32_t *)state->GetFirstElement(), slotPtr, (size_t)frames, slotsPerFrame,
                                      channel, gainBits, pcmPtr, (size_t)pcmCapacity));

    NANOCLR_NOCLEANUP();
}

// G.711 of one frame (pc_g711.c): law 0 = mu-law, 1 = A-law (Phone.Audio.AudioCodec). NativeAudioKernel
// checks the ranges first; they are checked again here against the arrays themselves, and a bad one
// returns PC_ERR_ARGUMENT with nothing written.
HRESULT Library_Phone_Crypto_Native_Phone_Crypto_Native_NativeMethods::
    G711Encode___STATIC__I4__I4__SZARRAY_I2__I4__SZARRAY_U1__I4__I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();

    CLR_INT32 law = stack.Arg0().NumericByRef().s4;
    CLR_RT_HeapBlock_Array *pcm = stack.Arg1().DereferenceArray();
    CLR_INT32 pcmOffset = stack.Arg2().NumericByRef().s4;
    CLR_RT_HeapBlock_Array *dst = stack.Arg3().DereferenceArray();
    CLR_INT32 dstOffset = stack.Arg4().NumericByRef().s4;
    CLR_INT32 count = stack.Arg5().NumericByRef().s4;

    if (count < 0 || pcmOffset < 0 || dstOffset < 0 ||
        (count > 0 && (pcm == NULL || dst == NULL ||
                       (CLR_UINT64)pcmOffset + (CLR_UINT64)count > (CLR_UINT64)pcm->m_numOfElements ||
                       (CLR_UINT64)dstOffset + (CLR_UINT64)count > (CLR_UINT64)dst->m_numOfElements)))
    {
        stack.SetResult_I4(PC_ERR_ARGUMENT);
        NANOCLR_SET_AND_LEAVE(S_OK);
    }

    stack.SetResult_I4(pc_g711_encode(law, count > 0 ? (const int16_t *)pcm->GetFirstElement() + pcmOffset : NULL,
                                      count > 0 ? dst->GetFirstElement() + dstOffset : NULL, (size_t)count));

    NANOCLR_NOCLEANUP();
}

HRESULT Library_Phone_Crypto_Native_Phone_Crypto_Native_NativeMethods::
    G711Decode___STATIC__I4__I4__SZARRAY_U1__I4__SZARRAY_I2__I4__I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();

    CLR_INT32 law = stack.Arg0().NumericByRef().s4;
    CLR_RT_HeapBlock_Array *src = stack.Arg1().DereferenceArray();
    CLR_INT32 srcOffset = stack.Arg2().NumericByRef().s4;
    CLR_RT_HeapBlock_Array *pcm = stack.Arg3().DereferenceArray();
    CLR_INT32 pcmOffset = stack.Arg4().NumericByRef().s4;
    CLR_INT32 count = stack.Arg5().NumericByRef().s4;

    if (count < 0 || srcOffset < 0 || pcmOffset < 0 ||
        (count > 0 && (src == NULL || pcm == NULL ||
                       (CLR_UINT64)srcOffset + (CLR_UINT64)count > (CLR_UINT64)src->m_numOfElements ||
                       (CLR_UINT64)pcmOffset + (CLR_UINT64)count > (CLR_UINT64)pcm->m_numOfElements)))
    {
        stack.SetResult_I4(PC_ERR_ARGUMENT);
        NANOCLR_SET_AND_LEAVE(S_OK);
    }

    stack.SetResult_I4(pc_g711_decode(law, count > 0 ? src->GetFirstElement() + srcOffset : NULL,
                                      count > 0 ? (int16_t *)pcm->GetFirstElement() + pcmOffset : NULL, (size_t)count));

    NANOCLR_NOCLEANUP();
}

// I2S slot conversion of one frame (pc_i2s.c): capture slots -> PCM with gain and boxcar, PCM -> playback
// bytes with volume. The ranges are checked here against the arrays (the managed wrapper checked them
// too); out of range returns PC_ERR_ARGUMENT with nothing written.
HRESULT Library_Phone_Crypto_Native_Phone_Crypto_Native_NativeMethods::
    I2sCapture___STATIC__I4__SZARRAY_U1__I4__I4__I4__I4__I4__I4__SZARRAY_I2__I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();

    CLR_RT_HeapBlock_Array *slots = stack.Arg0().DereferenceArray();
    CLR_INT32 offset = stack.Arg1().NumericByRef().s4;
    CLR_INT32 frames = stack.Arg2().NumericByRef().s4;
    CLR_INT32 slotsPerFrame = stack.Arg3().NumericByRef().s4;
    CLR_INT32 channel = stack.Arg4().NumericByRef().s4;
    CLR_INT32 gainBits = stack.Arg5().NumericByRef().s4;
    CLR_INT32 average = stack.Arg6().NumericByRef().s4;
    CLR_RT_HeapBlock_Array *pcm = stack.Arg7().DereferenceArray();
    CLR_INT32 pcmOffset = stack.ArgN(8).NumericByRef().s4;

    if (frames < 0 || offset < 0 || pcmOffset < 0 || slotsPerFrame < 1 || slotsPerFrame > 2 || average < 1 ||
        (frames > 0 &&
         (slots == NULL || pcm == NULL ||
          (CLR_UINT64)offset + (CLR_UINT64)frames * (CLR_UINT64)slotsPerFrame * 4u > (CLR_UINT64)slots->m_numOfElements ||
          (CLR_UINT64)pcmOffset + (CLR_UINT64)(frames / average) > (CLR_UINT64)pcm->m_numOfElements)))
    {
        stack.SetResult_I4(PC_ERR_ARGUMENT);
        NANOCLR_SET_AND_LEAVE(S_OK);
    }

    stack.SetResult_I4(pc_i2s_capture(frames > 0 ? slots->GetFirstElement() + offset : NULL, (size_t)frames,
                                      slotsPerFrame, channel, gainBits, average,
                                      frames > 0 ? (int16_t *)pcm->GetFirstElement() + pcmOffset : NULL));

    NANOCLR_NOCLEANUP();
}

HRESULT Library_Phone_Crypto_Native_Phone_Crypto_Native_NativeMethods::
    I2sPlayback___STATIC__I4__SZARRAY_I2__I4__I4__I4__I4__SZARRAY_U1__I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();

    CLR_RT_HeapBlock_Array *pcm = stack.Arg0().DereferenceArray();
    CLR_INT32 pcmOffset = stack.Arg1().NumericByRef().s4;
    CLR_INT32 count = stack.Arg2().NumericByRef().s4;
    CLR_INT32 volume = stack.Arg3().NumericByRef().s4;
    CLR_INT32 stereo = stack.Arg4().NumericByRef().s4;
    CLR_RT_HeapBlock_Array *dst = stack.Arg5().DereferenceArray();
    CLR_INT32 dstOffset = stack.Arg6().NumericByRef().s4;

    if (count < 0 || pcmOffset < 0 || dstOffset < 0 || (stereo != 0 && stereo != 1) ||
        (count > 0 && (pcm == NULL || dst == NULL ||
                       (CLR_UINT64)pcmOffset + (CLR_UINT64)count > (CLR_UINT64)pcm->m_numOfElements ||
                       (CLR_UINT64)dstOffset + (CLR_UINT64)count * (stereo ? 4u : 2u) > (CLR_UINT64)dst->m_numOfElements)))
    {
        stack.SetResult_I4(PC_ERR_ARGUMENT);
        NANOCLR_SET_AND_LEAVE(S_OK);
    }

    stack.SetResult_I4(pc_i2s_playback(count > 0 ? (const int16_t *)pcm->GetFirstElement() + pcmOffset : NULL,
                                       (size_t)count, volume, stereo, count > 0 ? dst->GetFirstElement() + dstOffset : NULL));

    NANOCLR_NOCLEANUP();
}

// Conference mix of one frame (pc_mix.c): into = a + b saturated. The ranges are checked here against the
// arrays (the managed wrapper checked them too); out of range returns PC_ERR_ARGUMENT with nothing written.
HRESULT Library_Phone_Crypto_Native_Phone_Crypto_Native_NativeMethods::
    MixClip___STATIC__I4__SZARRAY_I2__I4__SZARRAY_I2__I4__SZARRAY_I2__I4__I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();

    CLR_RT_HeapBlock_Array *a = stack.Arg0().DereferenceArray();
    CLR_INT32 aOffset = stack.Arg1().NumericByRef().s4;
    CLR_RT_HeapBlock_Array *b = stack.Arg2().DereferenceArray();
    CLR_INT32 bOffset = stack.Arg3().NumericByRef().s4;
    CLR_RT_HeapBlock_Array *into = stack.Arg4().DereferenceArray();
    CLR_INT32 intoOffset = stack.Arg5().NumericByRef().s4;
    CLR_INT32 count = stack.Arg6().NumericByRef().s4;

    if (count < 0 || aOffset < 0 || bOffset < 0 || intoOffset < 0 ||
        (count > 0 && (a == NULL || b == NULL || into == NULL ||
                       (CLR_UINT64)aOffset + (CLR_UINT64)count > (CLR_UINT64)a->m_numOfElements ||
                       (CLR_UINT64)bOffset + (CLR_UINT64)count > (CLR_UINT64)b->m_numOfElements ||
                       (CLR_UINT64)intoOffset + (CLR_UINT64)count > (CLR_UINT64)into->m_numOfElements)))
    {
        stack.SetResult_I4(PC_ERR_ARGUMENT);
        NANOCLR_SET_AND_LEAVE(S_OK);
    }

    stack.SetResult_I4(pc_mix_clip(count > 0 ? (const int16_t *)a->GetFirstElement() + aOffset : NULL,
                                   count > 0 ? (const int16_t *)b->GetFirstElement() + bOffset : NULL,
                                   count > 0 ? (int16_t *)into->GetFirstElement() + intoOffset : NULL, (size_t)count));

    NANOCLR_NOCLEANUP();
}

// Comfort noise for one frame (pc_noise.c): pcm[pcmOffset .. +count) filled at the level (-dBov), the
// generator state read from and written back to state[0] (its bits as a uint32). The ranges are checked
// here against the arrays (the managed wrapper checked them too); out of range returns PC_ERR_ARGUMENT with
// nothing written and the state unchanged.
HRESULT Library_Phone_Crypto_Native_Phone_Crypto_Native_NativeMethods::
    ComfortNoise___STATIC__I4__SZARRAY_I4__SZARRAY_I2__I4__I4__I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();

    CLR_RT_HeapBlock_Array *state = stack.Arg0().DereferenceArray();
    CLR_RT_HeapBlock_Array *pcm = stack.Arg1().DereferenceArray();
    CLR_INT32 pcmOffset = stack.Arg2().NumericByRef().s4;
    CLR_INT32 count = stack.Arg3().NumericByRef().s4;
    CLR_INT32 level = stack.Arg4().NumericByRef().s4;

    if (state == NULL || state->m_numOfElements < 1 || count < 0 || pcmOffset < 0 ||
        (count > 0 && (pcm == NULL || (CLR_UINT64)pcmOffset + (CLR_UINT64)count > (CLR_UINT64)pcm->m_numOfElements)))
    {
        stack.SetResult_I4(PC_ERR_ARGUMENT);
        NANOCLR_SET_AND_LEAVE(S_OK);
    }

    stack.SetResult_I4(pc_comfort_noise((uint32_t *)state->GetFirstElement(),
                                        count > 0 ? (int16_t *)pcm->GetFirstElement() + pcmOffset : NULL, (size_t)count,
                                        (int)level));

    NANOCLR_NOCLEANUP();
}

// The RFC 3389 level of one frame (pc_level.c): pcm[pcmOffset .. +count) is only read. The ranges are checked
// here against the array (the managed wrapper checked them too); out of range returns PC_ERR_ARGUMENT.
HRESULT Library_Phone_Crypto_Native_Phone_Crypto_Native_NativeMethods::
    MeasureLevel___STATIC__I4__SZARRAY_I2__I4__I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();

    CLR_RT_HeapBlock_Array *pcm = stack.Arg0().DereferenceArray();
    CLR_INT32 pcmOffset = stack.Arg1().NumericByRef().s4;
    CLR_INT32 count = stack.Arg2().NumericByRef().s4;

    if (count < 0 || pcmOffset < 0 ||
        (count > 0 && (pcm == NULL || (CLR_UINT64)pcmOffset + (CLR_UINT64)count > (CLR_UINT64)pcm->m_numOfElements)))
    {
        stack.SetResult_I4(PC_ERR_ARGUMENT);
        NANOCLR_SET_AND_LEAVE(S_OK);
    }

    stack.SetResult_I4(
        pc_measure_level(count > 0 ? (const int16_t *)pcm->GetFirstElement() + pcmOffset : NULL, (size_t)count));

    NANOCLR_NOCLEANUP();
}

// Packet-level SRTP transform (pc_srtp.c). SrtpOpen caches the session keys natively and returns a
// handle (> 0) or a PC_ERR_* code; SrtpClose wipes them. The managed wrapper (NativeSrtpTransform)
// checks the ranges first; they are checked again here against the arrays themselves, since a wrong
// pointer would corrupt the managed heap.
HRESULT Library_Phone_Crypto_Native_Phone_Crypto_Native_NativeMethods::
    SrtpOpen___STATIC__I4__SZARRAY_U1__I4__I4__SZARRAY_U1__I4__SZARRAY_U1__I4__I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();

    CLR_UINT8 *key;
    CLR_UINT8 *salt;
    CLR_UINT8 *authKey;
    CLR_INT32 keyLength = stack.Arg2().NumericByRef().s4;
    CLR_INT32 authKeyLength = stack.Arg7().NumericByRef().s4;

    NANOCLR_CHECK_HRESULT(ResolveRange(stack.Arg0(), stack.Arg1().NumericByRef().s4, keyLength, key));
    NANOCLR_CHECK_HRESULT(ResolveRange(stack.Arg3(), stack.Arg4().NumericByRef().s4, PC_SRTP_SALT, salt));
    NANOCLR_CHECK_HRESULT(ResolveRange(stack.Arg5(), stack.Arg6().NumericByRef().s4, authKeyLength, authKey));

    if (key == NULL || salt == NULL)
    {
        NANOCLR_SET_AND_LEAVE(CLR_E_ARGUMENT_NULL);
    }

    stack.SetResult_I4(pc_srtp_open(key, (size_t)keyLength, salt, authKey, (size_t)authKeyLength));

    NANOCLR_NOCLEANUP();
}

HRESULT Library_Phone_Crypto_Native_Phone_Crypto_Native_NativeMethods::SrtpClose___STATIC__I4__I4(
    CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();

    stack.SetResult_I4(pc_srtp_close(stack.Arg0().NumericByRef().s4));

    NANOCLR_NOCLEANUP_NOLABEL();
}

// Arguments: 0 handle, 1 packet, 2 offset, 3 authLength, 4 cipherOffset, 5 cipherLength, 6 ssrc,
// 7 index (long), 8 flags, 9 tagOffset, 10 tagLength.
static HRESULT SrtpPacket(CLR_RT_StackFrame &stack, bool protect)
{
    NANOCLR_HEADER();

    CLR_UINT8 *auth;
    CLR_UINT8 *cipher;
    CLR_UINT8 *tag;
    CLR_INT32 handle = stack.Arg0().NumericByRef().s4;
    CLR_INT32 offset = stack.Arg2().NumericByRef().s4;
    CLR_INT32 authLength = stack.Arg3().NumericByRef().s4;
    CLR_INT32 cipherOffset = stack.Arg4().NumericByRef().s4;
    CLR_INT32 cipherLength = stack.Arg5().NumericByRef().s4;
    CLR_UINT32 ssrc = (CLR_UINT32)stack.Arg6().NumericByRef().s4;
    CLR_INT64 index = stack.Arg7().NumericByRef().s8;
    CLR_INT32 flags = stack.ArgN(8).NumericByRef().s4;
    CLR_INT32 tagLength = stack.ArgN(10).NumericByRef().s4;

    NANOCLR_CHECK_HRESULT(ResolveRange(stack.Arg1(), offset, authLength, auth));
    NANOCLR_CHECK_HRESULT(ResolveRange(stack.Arg1(), cipherOffset, cipherLength, cipher));
    NANOCLR_CHECK_HRESULT(ResolveRange(stack.Arg1(), stack.ArgN(9).NumericByRef().s4, tagLength, tag));

    if (auth == NULL || tag == NULL || index < 0 || cipherOffset < offset ||
        (CLR_INT64)cipherOffset + cipherLength > (CLR_INT64)offset + authLength)
    {
        NANOCLR_SET_AND_LEAVE(CLR_E_OUT_OF_RANGE);
    }

    if (protect)
    {
        stack.SetResult_I4(pc_srtp_protect(handle, auth, (size_t)authLength, (size_t)(cipherOffset - offset),
                                           (size_t)cipherLength, ssrc, (uint64_t)index, flags, tag,
                                           (size_t)tagLength));
    }
    else
    {
        stack.SetResult_I4(pc_srtp_unprotect(handle, auth, (size_t)authLength, (size_t)(cipherOffset - offset),
                                             (size_t)cipherLength, ssrc, (uint64_t)index, flags, tag,
                                             (size_t)tagLength));
    }

    NANOCLR_NOCLEANUP();
}

HRESULT Library_Phone_Crypto_Native_Phone_Crypto_Native_NativeMethods::
    SrtpProtect___STATIC__I4__I4__SZARRAY_U1__I4__I4__I4__I4__I4__I8__I4__I4__I4(CLR_RT_StackFrame &stack)
{
    return SrtpPacket(stack, true);
}

HRESULT Library_Phone_Crypto_Native_Phone_Crypto_Native_NativeMethods::
    SrtpUnprotect___STATIC__I4__I4__SZARRAY_U1__I4__I4__I4__I4__I4__I8__I4__I4__I4(CLR_RT_StackFrame &stack)
{
    return SrtpPacket(stack, false);
}
