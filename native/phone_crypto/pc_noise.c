/*
 * Comfort noise for the receive path (RFC 3389): while the peer sends silence it sends a CN packet
 * with a noise level instead of audio, and the phone plays white noise at that level rather than
 * dead silence. One call fills a whole frame, so the device never runs a per-sample loop in the
 * interpreter.
 *
 * The arithmetic is the managed kernel's ComfortNoise (src/Phone.Kernel/Audio/ManagedAudioKernel.cs),
 * bit for bit: an amplitude A from the level in fixed point, then per sample one step of a 32-bit
 * linear congruential generator whose top 16 bits are scaled to -A..A-1. The generator's state is
 * the caller's (one uint32) and is written back, so a stream split into calls of any sizes gives
 * the same samples as one call. Nothing is allocated and nothing persists between calls.
 */
#include "phone_crypto.h"

/* 32767 * sqrt(3), rounded: uniform noise on [-A, A] has RMS A / sqrt(3). */
#define PC_NOISE_FULL_SCALE 56754
/* 10^(-1/20) in 16-bit fixed point: one dB down. */
#define PC_NOISE_DB_STEP 58409

int pc_comfort_noise_amplitude(int level_dbov)
{
    /* RFC 3389 §3.1: the level is in -dBov, 0..127, relative to the overload point of the system
     * (a full-scale square wave, RMS 32767). Each dB multiplies by 10^(-1/20); 15 fraction bits,
     * rounded to the nearest integer at the end (truncating would put level 70 half a dB low). */
    int32_t a = (int32_t)PC_NOISE_FULL_SCALE << 15;
    for (int i = 0; i < level_dbov; i++)
    {
        a = (int32_t)(((int64_t)a * PC_NOISE_DB_STEP) >> 16);
    }
    int32_t amplitude = (a + (1 << 14)) >> 15;
    return amplitude > 32767 ? 32767 : (int)amplitude;
}

int pc_comfort_noise(uint32_t *state, int16_t *pcm, size_t count, int level_dbov)
{
    if (state == NULL || count > PC_NOISE_MAX_COUNT || level_dbov < 0 ||
        level_dbov > PC_NOISE_MAX_LEVEL || (count != 0 && pcm == NULL))
    {
        return PC_ERR_ARGUMENT;
    }
    if (count == 0)
    {
        return 0;
    }
    uint32_t amplitude = (uint32_t)pc_comfort_noise_amplitude(level_dbov);
    uint32_t x = *state;
    for (size_t i = 0; i < count; i++)
    {
        x = x * 1664525u + 1013904223u;
        /* (x >> 16) * amplitude < 2^16 * 2^15: no overflow. */
        pcm[i] = (int16_t)((int32_t)(((x >> 16) * amplitude) >> 15) - (int32_t)amplitude);
    }
    *state = x;
    return (int)count;
}
