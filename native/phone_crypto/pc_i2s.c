/*
 * I2S slot conversion for the per-frame media path: the capture DMA buffer to 16-bit PCM (with
 * the microphone gain and an optional boxcar average down to the call rate), and 16-bit PCM to
 * the playback DMA buffer (with the volume), one call per 20 ms frame each way, so the device
 * never runs a per-sample loop in the interpreter.
 *
 * The arithmetic is the managed kernel's (src/Phone.Kernel/Audio/ManagedAudioKernel.cs) step
 * for step:
 *   capture: word = the little-endian 32-bit slot as a signed value; sample =
 *     sat16((((word & ~0xFF) >> (15 - gain_bits)) + 1) >> 1): the top 24 bits times 2^gain_bits
 *     / 2^16, rounded to nearest with halves upward; with average = d > 1, each output is the sum
 *     of d consecutive such samples divided by d, truncated toward zero (C99 and C# agree).
 *   playback: v = pcm * volume / 100, truncated toward zero; written little-endian, twice
 *     (left, right) when stereo.
 * Right shifts of negative values are arithmetic (GCC and the Xtensa GCC of ESP-IDF define them
 * so). Nothing is allocated and nothing persists between calls.
 */
#include "phone_crypto.h"

static inline int16_t pc_i2s_round(int32_t word, int shift)
{
    int32_t v = (((int32_t)(word & ~0xFF) >> shift) + 1) >> 1;
    if (v > 32767)
    {
        return 32767;
    }
    if (v < -32768)
    {
        return -32768;
    }
    return (int16_t)v;
}

int pc_i2s_capture(const uint8_t *slots, size_t frames, int slots_per_frame, int channel,
                   int gain_bits, int average, int16_t *pcm)
{
    if (slots_per_frame < 1 || slots_per_frame > 2 || channel < 0 || channel >= slots_per_frame ||
        gain_bits < 0 || gain_bits > PC_I2S_MAX_GAIN_BITS || average < 1 ||
        average > PC_I2S_MAX_AVERAGE || frames > PC_I2S_MAX_FRAMES ||
        frames % (size_t)average != 0 || (frames != 0 && (slots == NULL || pcm == NULL)))
    {
        return PC_ERR_ARGUMENT;
    }
    int shift = 15 - gain_bits;
    size_t stride = (size_t)slots_per_frame * 4;
    const uint8_t *p = slots + (size_t)channel * 4;
    size_t outputs = frames / (size_t)average;
    for (size_t o = 0; o < outputs; o++)
    {
        int32_t sum = 0;
        for (int k = 0; k < average; k++, p += stride)
        {
            uint32_t u = (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
                         ((uint32_t)p[3] << 24);
            sum += pc_i2s_round((int32_t)u, shift);
        }
        pcm[o] = (int16_t)(sum / average);
    }
    return (int)outputs;
}

int pc_i2s_playback(const int16_t *pcm, size_t count, int volume, int stereo, uint8_t *dst)
{
    if (volume < 0 || volume > 100 || (stereo != 0 && stereo != 1) || count > PC_I2S_MAX_FRAMES ||
        (count != 0 && (pcm == NULL || dst == NULL)))
    {
        return PC_ERR_ARGUMENT;
    }
    uint8_t *o = dst;
    for (size_t i = 0; i < count; i++)
    {
        int v = pcm[i] * volume / 100;
        uint8_t lo = (uint8_t)(v & 0xFF);
        uint8_t hi = (uint8_t)((v >> 8) & 0xFF);
        *o++ = lo;
        *o++ = hi;
        if (stereo)
        {
            *o++ = lo;
            *o++ = hi;
        }
    }
    return (int)(count * (stereo ? 4u : 2u));
}
