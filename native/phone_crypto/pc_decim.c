/*
 * Capture path of the handset: 32-bit I2S slots at 32 kHz -> 16-bit PCM at 8 kHz.
 *
 * The MEMS microphone (ICS-43434: 24-bit two's complement, MSB first, 64 SCK per stereo frame,
 * TDK DS-000069) cannot run at 8 kHz in its high-performance mode (23-51.6 kHz), so the handset
 * captures at 32 kHz and decimates 4:1 here. Anything between 4 and 16 kHz would fold into the
 * 0-4 kHz telephone band, so a low-pass FIR runs before every 4th sample is kept:
 *
 *   96 taps, windowed sinc (-6 dB at 4 kHz, Kaiser beta 5.65), Q15, sum of taps = 32768.
 *   Designed by tools/design_decimator.py: passband 0-3.4 kHz within +-0.02 dB, 4.6-16 kHz
 *   at least 56 dB down (6 kHz: 75 dB). Group delay 47.5 input samples (1.48 ms).
 *
 * Only the kept outputs are computed (one 96-tap dot product per output sample). State lives in
 * a caller-owned int32 array so nothing native persists between calls: on nanoFramework the array
 * is a managed int[] the GC may move between calls (same rule as the crypto kernel).
 *
 * Arithmetic is integer only and specified bit for bit, so the managed twin
 * (src/Phone.Core/Audio/ManagedAudioKernel.cs) gives identical samples:
 *   x   = top 24 bits of the little-endian 32-bit slot, sign-extended (bytes 1..3; byte 0 is the
 *         idle line after the mic's 24 data bits and is ignored)
 *   acc = sum h[k] * x[n-95+k], 64-bit
 *   y   = saturate16((acc + 2^(s-1)) >> s), s = 23 - gain_bits (floor shift)
 */
#include "phone_crypto.h"

static const int16_t pc_decim_taps[PC_DECIM_TAPS] = {
        -2,     -6,     -8,     -4,      5,     16,     19,      9,    -11,    -32,    -38,    -18,
        21,     58,     67,     32,    -36,    -97,   -110,    -51,     57,    154,    171,     79,
       -87,   -234,   -258,   -118,    131,    348,    385,    176,   -195,   -521,   -578,   -267,
       298,    809,    915,    432,   -499,  -1413,  -1693,   -867,   1125,   3828,   6410,   7982,
      7982,   6410,   3828,   1125,   -867,  -1693,  -1413,   -499,    432,    915,    809,    298,
      -267,   -578,   -521,   -195,    176,    385,    348,    131,   -118,   -258,   -234,    -87,
        79,    171,    154,     57,    -51,   -110,    -97,    -36,     32,     67,     58,     21,
       -18,    -38,    -32,    -11,      9,     19,     16,      5,     -4,     -8,     -6,     -2,
};

/* State layout: [0] next write position 0..TAPS-1, [1] phase 0..FACTOR-1 (inputs since the last
 * output), [2 .. 2+2*TAPS) history written twice (at p and p+TAPS) so the newest TAPS samples are
 * always contiguous: window = hist[p+1 .. p+TAPS] after writing at p. */
#define PC_DECIM_POS 0
#define PC_DECIM_PHASE 1
#define PC_DECIM_HIST 2

void pc_decim_reset(int32_t *state)
{
    if (state == NULL)
    {
        return;
    }
    for (int i = 0; i < PC_DECIM_STATE_WORDS; i++)
    {
        state[i] = 0;
    }
}

int pc_decim_output_count(const int32_t *state, size_t frames)
{
    if (state == NULL || state[PC_DECIM_PHASE] < 0 || state[PC_DECIM_PHASE] >= PC_DECIM_FACTOR ||
        frames > (size_t)PC_DECIM_MAX_FRAMES)
    {
        return PC_ERR_ARGUMENT;
    }
    return (int)(((size_t)state[PC_DECIM_PHASE] + frames) / PC_DECIM_FACTOR);
}

int pc_decim_i2s32(int32_t *state, const uint8_t *slots, size_t frames, int slots_per_frame,
                   int channel, int gain_bits, int16_t *pcm, size_t pcm_capacity)
{
    if (state == NULL || (slots == NULL && frames != 0) || slots_per_frame < 1 ||
        slots_per_frame > 2 || channel < 0 || channel >= slots_per_frame || gain_bits < 0 ||
        gain_bits > PC_DECIM_MAX_GAIN_BITS || state[PC_DECIM_POS] < 0 ||
        state[PC_DECIM_POS] >= PC_DECIM_TAPS)
    {
        return PC_ERR_ARGUMENT;
    }

    int needed = pc_decim_output_count(state, frames);
    if (needed < 0 || (size_t)needed > pcm_capacity || (pcm == NULL && needed != 0))
    {
        return PC_ERR_ARGUMENT;
    }

    int32_t *hist = state + PC_DECIM_HIST;
    int pos = state[PC_DECIM_POS];
    int phase = state[PC_DECIM_PHASE];
    const int shift = 23 - gain_bits;
    const int64_t round = (int64_t)1 << (shift - 1);
    const size_t stride = (size_t)slots_per_frame * 4;
    const uint8_t *p = slots + (size_t)channel * 4;
    int out = 0;

    for (size_t f = 0; f < frames; f++, p += stride)
    {
        int32_t x = (int32_t)((uint32_t)p[1] | ((uint32_t)p[2] << 8) | ((uint32_t)p[3] << 16));
        if (x & 0x800000)
        {
            x -= 0x1000000;
        }
        hist[pos] = x;
        hist[pos + PC_DECIM_TAPS] = x;
        pos = pos + 1 == PC_DECIM_TAPS ? 0 : pos + 1;

        if (++phase < PC_DECIM_FACTOR)
        {
            continue;
        }
        phase = 0;

        /* Oldest sample first: after the write, hist[pos .. pos+TAPS) is the window in time order. */
        const int32_t *w = hist + pos;
        int64_t acc = 0;
        for (int k = 0; k < PC_DECIM_TAPS; k++)
        {
            acc += (int64_t)pc_decim_taps[k] * w[k];
        }
        /* Floor shift of a signed value: GCC (host and Xtensa) shifts arithmetically. */
        int64_t y = (acc + round) >> shift;
        if (y > 32767)
        {
            y = 32767;
        }
        else if (y < -32768)
        {
            y = -32768;
        }
        pcm[out++] = (int16_t)y;
    }

    state[PC_DECIM_POS] = pos;
    state[PC_DECIM_PHASE] = phase;
    return out;
}
