/*
 * G.711 for the per-frame media path: a whole RTP frame (160 samples at 20 ms) per call, so the
 * device never runs a per-sample loop in the interpreter.
 *
 * The arithmetic is the managed code's (src/Phone.Kernel/Audio/MuLaw.cs, ALaw.cs, docs/g711.md)
 * step for step, so both kernels give the same codes for every 16-bit input and the same sample
 * for every code:
 *   mu-law encode: sign split, magnitude truncated to the 14-bit grid (|x| >> 2) and clipped to
 *     8158, biased by 33, segment = highest set bit of (biased >> 5), step = (biased >> (seg+1)) & 15,
 *     all bits inverted (positive) or all but the polarity bit (negative).
 *   A-law encode: negative x replaced by ~x (one's complement), magnitude x >> 3, segment =
 *     highest set bit of (magnitude >> 4), step = (magnitude >> max(seg, 1)) & 15, XOR 0xD5 / 0x55.
 *   decode: the reconstruction level of G.711 Tables 1 and 2 scaled to 16 bits (x4 / x8).
 * Nothing is allocated and nothing persists between calls.
 */
#include "phone_crypto.h"

/* Position of the highest set bit of v (1..255), 0 for 0 and 1: the managed s_segment table. */
static inline int pc_g711_segment(unsigned v)
{
    return v == 0 ? 0 : 31 - __builtin_clz(v);
}

static inline uint8_t pc_ulaw_encode(int16_t sample)
{
    int x = sample;
    int mask = 0xFF;
    if (x < 0)
    {
        x = -x;
        mask = 0x7F;
    }
    int magnitude = x >> 2;
    if (magnitude > 8158)
    {
        magnitude = 8158;
    }
    int biased = magnitude + 33;
    int seg = pc_g711_segment((unsigned)biased >> 5);
    return (uint8_t)(((seg << 4) | ((biased >> (seg + 1)) & 0x0F)) ^ mask);
}

static inline uint8_t pc_alaw_encode(int16_t sample)
{
    int x = sample;
    int mask = 0xD5;
    if (x < 0)
    {
        x = ~x;
        mask = 0x55;
    }
    int magnitude = x >> 3;
    int seg = pc_g711_segment((unsigned)magnitude >> 4);
    int shift = seg == 0 ? 1 : seg;
    return (uint8_t)(((seg << 4) | ((magnitude >> shift) & 0x0F)) ^ mask);
}

static inline int16_t pc_ulaw_decode(uint8_t code)
{
    int u = ~code & 0xFF;
    int seg = (u >> 4) & 0x07;
    int q = u & 0x0F;
    int magnitude = ((132 + (q << 3)) << seg) - 132;
    return (int16_t)((u & 0x80) != 0 ? -magnitude : magnitude);
}

static inline int16_t pc_alaw_decode(uint8_t code)
{
    int a = code ^ 0x55;
    int seg = (a >> 4) & 0x07;
    int q = a & 0x0F;
    int magnitude = seg == 0 ? 8 + (q << 4) : (264 + (q << 4)) << (seg - 1);
    return (int16_t)((a & 0x80) != 0 ? magnitude : -magnitude);
}

int pc_g711_encode(int law, const int16_t *pcm, uint8_t *codes, size_t count)
{
    if ((law != PC_G711_ULAW && law != PC_G711_ALAW) || count > PC_G711_MAX_COUNT ||
        (count != 0 && (pcm == NULL || codes == NULL)))
    {
        return PC_ERR_ARGUMENT;
    }
    if (law == PC_G711_ULAW)
    {
        for (size_t i = 0; i < count; i++)
        {
            codes[i] = pc_ulaw_encode(pcm[i]);
        }
    }
    else
    {
        for (size_t i = 0; i < count; i++)
        {
            codes[i] = pc_alaw_encode(pcm[i]);
        }
    }
    return (int)count;
}

int pc_g711_decode(int law, const uint8_t *codes, int16_t *pcm, size_t count)
{
    if ((law != PC_G711_ULAW && law != PC_G711_ALAW) || count > PC_G711_MAX_COUNT ||
        (count != 0 && (pcm == NULL || codes == NULL)))
    {
        return PC_ERR_ARGUMENT;
    }
    if (law == PC_G711_ULAW)
    {
        for (size_t i = 0; i < count; i++)
        {
            pcm[i] = pc_ulaw_decode(codes[i]);
        }
    }
    else
    {
        for (size_t i = 0; i < count; i++)
        {
            pcm[i] = pc_alaw_decode(codes[i]);
        }
    }
    return (int)count;
}
