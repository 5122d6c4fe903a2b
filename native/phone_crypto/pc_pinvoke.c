/*
 * Entry points for the host's P/Invoke declarations in src/Phone.Crypto.Native/NativeMethods.cs.
 *
 * The C# methods have one signature on both targets: (byte[] array, int offset, int length ...),
 * because nanoFramework's interop stubs receive whole managed arrays. P/Invoke pins each byte[]
 * for the duration of the call and passes a pointer to element 0, so the offsets are applied
 * here. The managed caller (NativeCryptoKernel) has already checked every range against the
 * array lengths, which this side cannot see; negative values are still rejected.
 */
#include "phone_crypto.h"

#define PC_EXPORT __attribute__((visibility("default")))

PC_EXPORT int pc_net_aes_ctr_xor(const uint8_t *key, int32_t keyOffset, int32_t keyLength,
                                 const uint8_t *iv, int32_t ivOffset, uint8_t *data,
                                 int32_t offset, int32_t length)
{
    if (key == NULL || iv == NULL || keyOffset < 0 || keyLength < 0 || ivOffset < 0 ||
        offset < 0 || length < 0 || (data == NULL && length != 0))
    {
        return PC_ERR_ARGUMENT;
    }
    return pc_aes_ctr_xor(key + keyOffset, (size_t)keyLength, iv + ivOffset,
                          length != 0 ? data + offset : NULL, (size_t)length);
}

PC_EXPORT int pc_net_hmac_sha1(const uint8_t *key, int32_t keyOffset, int32_t keyLength,
                               const uint8_t *a, int32_t aOffset, int32_t aLength,
                               const uint8_t *b, int32_t bOffset, int32_t bLength, uint8_t *tag,
                               int32_t tagOffset)
{
    if (tag == NULL || keyOffset < 0 || keyLength < 0 || aOffset < 0 || aLength < 0 ||
        bOffset < 0 || bLength < 0 || tagOffset < 0 || (key == NULL && keyLength != 0) ||
        (a == NULL && aLength != 0) || (b == NULL && bLength != 0))
    {
        return PC_ERR_ARGUMENT;
    }
    return pc_hmac_sha1(keyLength != 0 ? key + keyOffset : NULL, (size_t)keyLength,
                        aLength != 0 ? a + aOffset : NULL, (size_t)aLength,
                        bLength != 0 ? b + bOffset : NULL, (size_t)bLength, tag + tagOffset);
}

PC_EXPORT int pc_net_decim_i2s32(int32_t *state, int32_t stateLength, const uint8_t *slots,
                                 int32_t offset, int32_t frames, int32_t slotsPerFrame,
                                 int32_t channel, int32_t gainBits, int16_t *pcm,
                                 int32_t pcmOffset, int32_t pcmCapacity)
{
    if (state == NULL || stateLength != PC_DECIM_STATE_WORDS || offset < 0 || frames < 0 ||
        pcmOffset < 0 || pcmCapacity < 0 || (slots == NULL && frames != 0))
    {
        return PC_ERR_ARGUMENT;
    }
    return pc_decim_i2s32(state, frames != 0 ? slots + offset : NULL, (size_t)frames, slotsPerFrame,
                          channel, gainBits, pcm != NULL ? pcm + pcmOffset : NULL,
                          (size_t)pcmCapacity);
}

/* G.711 over one frame (pc_g711.c); the managed caller (NativeAudioKernel) checked the ranges. */
PC_EXPORT int pc_net_g711_encode(int32_t law, const int16_t *pcm, int32_t pcmOffset, uint8_t *dst,
                                 int32_t dstOffset, int32_t count)
{
    if (pcmOffset < 0 || dstOffset < 0 || count < 0 || (count != 0 && (pcm == NULL || dst == NULL)))
    {
        return PC_ERR_ARGUMENT;
    }
    return pc_g711_encode(law, count != 0 ? pcm + pcmOffset : NULL, count != 0 ? dst + dstOffset : NULL,
                          (size_t)count);
}

PC_EXPORT int pc_net_g711_decode(int32_t law, const uint8_t *src, int32_t srcOffset, int16_t *pcm,
                                 int32_t pcmOffset, int32_t count)
{
    if (srcOffset < 0 || pcmOffset < 0 || count < 0 || (count != 0 && (src == NULL || pcm == NULL)))
    {
        return PC_ERR_ARGUMENT;
    }
    return pc_g711_decode(law, count != 0 ? src + srcOffset : NULL, count != 0 ? pcm + pcmOffset : NULL,
                          (size_t)count);
}

/* I2S slot conversion of one frame (pc_i2s.c); the managed caller (NativeAudioKernel) checked the ranges. */
PC_EXPORT int pc_net_i2s_capture(const uint8_t *slots, int32_t offset, int32_t frames,
                                 int32_t slotsPerFrame, int32_t channel, int32_t gainBits,
                                 int32_t average, int16_t *pcm, int32_t pcmOffset)
{
    if (offset < 0 || pcmOffset < 0 || frames < 0 || (frames != 0 && (slots == NULL || pcm == NULL)))
    {
        return PC_ERR_ARGUMENT;
    }
    return pc_i2s_capture(frames != 0 ? slots + offset : NULL, (size_t)frames, slotsPerFrame, channel,
                          gainBits, average, frames != 0 ? pcm + pcmOffset : NULL);
}

PC_EXPORT int pc_net_i2s_playback(const int16_t *pcm, int32_t pcmOffset, int32_t count, int32_t volume,
                                  int32_t stereo, uint8_t *dst, int32_t dstOffset)
{
    if (pcmOffset < 0 || dstOffset < 0 || count < 0 || (count != 0 && (pcm == NULL || dst == NULL)))
    {
        return PC_ERR_ARGUMENT;
    }
    return pc_i2s_playback(count != 0 ? pcm + pcmOffset : NULL, (size_t)count, volume, stereo,
                           count != 0 ? dst + dstOffset : NULL);
}

/* Conference mix of one frame (pc_mix.c); the managed caller (NativeAudioKernel) checked the ranges. */
PC_EXPORT int pc_net_mix_clip(const int16_t *a, int32_t aOffset, const int16_t *b, int32_t bOffset,
                              int16_t *into, int32_t intoOffset, int32_t count)
{
    if (aOffset < 0 || bOffset < 0 || intoOffset < 0 || count < 0 ||
        (count != 0 && (a == NULL || b == NULL || into == NULL)))
    {
        return PC_ERR_ARGUMENT;
    }
    return pc_mix_clip(count != 0 ? a + aOffset : NULL, count != 0 ? b + bOffset : NULL,
                       count != 0 ? into + intoOffset : NULL, (size_t)count);
}

/* Comfort noise for one frame (pc_noise.c); the managed caller (NativeAudioKernel) checked the ranges.
 * The state is the caller's int[1], its bits taken as the uint32 generator state. */
PC_EXPORT int pc_net_comfort_noise(int32_t *state, int16_t *pcm, int32_t pcmOffset, int32_t count,
                                   int32_t level)
{
    if (state == NULL || pcmOffset < 0 || count < 0 || (count != 0 && pcm == NULL))
    {
        return PC_ERR_ARGUMENT;
    }
    return pc_comfort_noise((uint32_t *)state, count != 0 ? pcm + pcmOffset : NULL, (size_t)count,
                            (int)level);
}

/* The RFC 3389 level of one frame (pc_level.c); the managed caller (NativeAudioKernel) checked the ranges. */
PC_EXPORT int pc_net_measure_level(const int16_t *pcm, int32_t pcmOffset, int32_t count)
{
    if (pcmOffset < 0 || count < 0 || (count != 0 && pcm == NULL))
    {
        return PC_ERR_ARGUMENT;
    }
    return pc_measure_level(count != 0 ? pcm + pcmOffset : NULL, (size_t)count);
}

/*
 * Packet-level transform (pc_srtp.c). Every offset is into the one packet array: the
 * authenticated range [offset, offset+authLength), the encrypted range [cipherOffset,
 * cipherOffset+cipherLength) inside it, and the tag at tagOffset (written by protect, compared
 * by unprotect). The SSRC travels as the bits of an int32, the index as an int64 (48 bits used).
 */
PC_EXPORT int pc_net_srtp_open(const uint8_t *key, int32_t keyOffset, int32_t keyLength,
                               const uint8_t *salt, int32_t saltOffset, const uint8_t *authKey,
                               int32_t authKeyOffset, int32_t authKeyLength)
{
    if (key == NULL || salt == NULL || keyOffset < 0 || keyLength < 0 || saltOffset < 0 ||
        authKeyOffset < 0 || authKeyLength < 0 || (authKey == NULL && authKeyLength != 0))
    {
        return PC_ERR_ARGUMENT;
    }
    return pc_srtp_open(key + keyOffset, (size_t)keyLength, salt + saltOffset,
                        authKeyLength != 0 ? authKey + authKeyOffset : NULL, (size_t)authKeyLength);
}

PC_EXPORT int pc_net_srtp_close(int32_t handle)
{
    return pc_srtp_close(handle);
}

static int packet_ranges(const uint8_t *packet, int32_t offset, int32_t authLength,
                         int32_t cipherOffset, int32_t cipherLength, int32_t tagOffset,
                         int32_t tagLength)
{
    if (packet == NULL || offset < 0 || authLength < 0 || cipherOffset < offset ||
        cipherLength < 0 || tagOffset < 0 || tagLength <= 0 || tagLength > PC_SHA1_TAG ||
        (int64_t)cipherOffset + cipherLength > (int64_t)offset + authLength)
    {
        return PC_ERR_ARGUMENT;
    }
    return PC_OK;
}

PC_EXPORT int pc_net_srtp_protect(int32_t handle, uint8_t *packet, int32_t offset,
                                  int32_t authLength, int32_t cipherOffset, int32_t cipherLength,
                                  int32_t ssrc, int64_t index, int32_t flags, int32_t tagOffset,
                                  int32_t tagLength)
{
    if (packet_ranges(packet, offset, authLength, cipherOffset, cipherLength, tagOffset,
                      tagLength) != PC_OK || index < 0)
    {
        return PC_ERR_ARGUMENT;
    }
    return pc_srtp_protect(handle, packet + offset, (size_t)authLength,
                           (size_t)(cipherOffset - offset), (size_t)cipherLength, (uint32_t)ssrc,
                           (uint64_t)index, flags, packet + tagOffset, (size_t)tagLength);
}

PC_EXPORT int pc_net_srtp_unprotect(int32_t handle, uint8_t *packet, int32_t offset,
                                    int32_t authLength, int32_t cipherOffset,
                                    int32_t cipherLength, int32_t ssrc, int64_t index,
                                    int32_t flags, int32_t tagOffset, int32_t tagLength)
{
    if (packet_ranges(packet, offset, authLength, cipherOffset, cipherLength, tagOffset,
                      tagLength) != PC_OK || index < 0)
    {
        return PC_ERR_ARGUMENT;
    }
    return pc_srtp_unprotect(handle, packet + offset, (size_t)authLength,
                             (size_t)(cipherOffset - offset), (size_t)cipherLength,
                             (uint32_t)ssrc, (uint64_t)index, flags, packet + tagOffset,
                             (size_t)tagLength);
}
