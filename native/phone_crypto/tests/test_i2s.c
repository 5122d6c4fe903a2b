/*
 * Tests of pc_i2s.c against the conversions written a second way, in double arithmetic from the
 * definitions (src/Phone.Device/Audio/I2sSampleConverter.cs remarks):
 *  - capture: the slot's top 24 bits as a signed value x, scaled to 16 bits by x * 2^gain / 2^8,
 *    rounded to nearest with halves upward (floor(v + 1/2)) and clipped; every 24-bit value at
 *    gains 0, 8 and 15 with random low bytes (they must not matter), random values at every gain;
 *    the boxcar mean of 1..16 samples truncated toward zero; both slots of stereo frames;
 *  - playback: every 16-bit sample at every volume 0..100 against trunc(x * volume / 100),
 *    written little-endian, mono and stereo;
 *  - argument errors write nothing, and nothing outside the range is touched.
 * Prints "N passed, 0 failed".
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "phone_crypto.h"
#include "test_samples.h"

/* The 16-bit sample for a 24-bit value x (-2^23..2^23-1) at gain g, from the definition. */
static int ref_capture(long x, int gain)
{
    double v = floor((double)x * ldexp(1.0, gain) / 256.0 + 0.5);
    if (v > 32767.0)
    {
        return 32767;
    }
    if (v < -32768.0)
    {
        return -32768;
    }
    return (int)v;
}

static void put_slot(uint8_t *p, long x24, uint8_t low)
{
    uint32_t u = ((uint32_t)(x24 & 0xFFFFFF) << 8) | low;
    p[0] = (uint8_t)u;
    p[1] = (uint8_t)(u >> 8);
    p[2] = (uint8_t)(u >> 16);
    p[3] = (uint8_t)(u >> 24);
}

#define CHUNK 65536

static uint8_t g_slots[CHUNK * 2 * 4];
static int16_t g_pcm[CHUNK + 8];
static long g_x[CHUNK * 2];

/* Every 24-bit value at one gain, mono, in 256 calls of 65536 frames. */
static void capture_all_values(int gain)
{
    long bad = 0;
    for (long base = -(1L << 23); base < (1L << 23); base += CHUNK)
    {
        for (int i = 0; i < CHUNK; i++)
        {
            put_slot(g_slots + 4 * i, base + i, (uint8_t)next_random());
        }
        int n = pc_i2s_capture(g_slots, CHUNK, 1, 0, gain, 1, g_pcm);
        if (n != CHUNK)
        {
            bad++;
            continue;
        }
        for (int i = 0; i < CHUNK; i++)
        {
            if (g_pcm[i] != ref_capture(base + i, gain))
            {
                bad++;
            }
        }
    }
    check(bad == 0, "capture: every 24-bit value", bad);
}

/* Random frames at every gain, 1 or 2 slots, either channel, boxcar of 1..16. */
static void capture_random(void)
{
    long bad = 0;
    for (int round = 0; round < 4000; round++)
    {
        int spf = 1 + (int)(next_random() % 2);
        int channel = (int)(next_random() % (uint32_t)spf);
        int gain = (int)(next_random() % (PC_I2S_MAX_GAIN_BITS + 1));
        int average = 1 + (int)(next_random() % PC_I2S_MAX_AVERAGE);
        int outputs = (int)(next_random() % 41);
        int frames = outputs * average;
        for (int f = 0; f < frames * spf; f++)
        {
            /* full scale, near zero and near the rounding edges in turn */
            uint32_t r = next_random();
            long x = (r & 3) == 0 ? (long)(r >> 8) - (1L << 23) : (long)((int32_t)r >> 20);
            g_x[f] = x;
            put_slot(g_slots + 4 * f, x, (uint8_t)(r >> 3));
        }
        memset(g_pcm, 0x5A, sizeof g_pcm);
        int n = pc_i2s_capture(g_slots, (size_t)frames, spf, channel, gain, average, g_pcm);
        if (n != outputs)
        {
            bad++;
            continue;
        }
        for (int o = 0; o < outputs; o++)
        {
            long sum = 0;
            for (int k = 0; k < average; k++)
            {
                sum += ref_capture(g_x[(o * average + k) * spf + channel], gain);
            }
            long mean = (long)trunc((double)sum / average);
            if (g_pcm[o] != mean)
            {
                bad++;
            }
        }
        if (g_pcm[outputs] != 0x5A5A)
        {
            bad++;
        }
    }
    check(bad == 0, "capture: random frames, gains, channels and averages", bad);
}

static void playback_all(void)
{
    static int16_t pcm[CHUNK];
    static uint8_t mono[CHUNK * 2 + 4];
    static uint8_t stereo[CHUNK * 4 + 4];
    for (int i = 0; i < CHUNK; i++)
    {
        pcm[i] = (int16_t)(i - 32768);
    }
    long bad = 0;
    for (int volume = 0; volume <= 100; volume++)
    {
        memset(mono, 0xA5, sizeof mono);
        memset(stereo, 0xA5, sizeof stereo);
        if (pc_i2s_playback(pcm, CHUNK, volume, 0, mono) != CHUNK * 2 ||
            pc_i2s_playback(pcm, CHUNK, volume, 1, stereo) != CHUNK * 4)
        {
            bad++;
            continue;
        }
        for (int i = 0; i < CHUNK; i++)
        {
            int v = (int)trunc((double)pcm[i] * volume / 100.0);
            uint8_t lo = (uint8_t)(v & 0xFF), hi = (uint8_t)((unsigned)v >> 8 & 0xFF);
            if (mono[2 * i] != lo || mono[2 * i + 1] != hi || stereo[4 * i] != lo || stereo[4 * i + 1] != hi ||
                stereo[4 * i + 2] != lo || stereo[4 * i + 3] != hi)
            {
                bad++;
            }
        }
        if (mono[CHUNK * 2] != 0xA5 || stereo[CHUNK * 4] != 0xA5)
        {
            bad++;
        }
    }
    check(bad == 0, "playback: every sample at every volume, mono and stereo", bad);
}

static void facts(void)
{
    uint8_t s[8];
    int16_t p[2];
    uint8_t b[4];
    put_slot(s, 0x7FFFFF, 0xFF);
    check(pc_i2s_capture(s, 1, 1, 0, 0, 1, p) == 1 && p[0] == 32767, "full scale positive at gain 0", p[0]);
    put_slot(s, -0x800000, 0);
    check(pc_i2s_capture(s, 1, 1, 0, 0, 1, p) == 1 && p[0] == -32768, "full scale negative at gain 0", p[0]);
    put_slot(s, 0x80, 0);                /* 128 / 256 = 0.5 rounds up */
    check(pc_i2s_capture(s, 1, 1, 0, 0, 1, p) == 1 && p[0] == 1, "half rounds up", p[0]);
    put_slot(s, -0x80, 0);               /* -0.5 rounds up to 0 */
    check(pc_i2s_capture(s, 1, 1, 0, 0, 1, p) == 1 && p[0] == 0, "minus half rounds up to zero", p[0]);
    put_slot(s, 0x10000, 0);             /* 256 at gain 15: saturates */
    check(pc_i2s_capture(s, 1, 1, 0, 15, 1, p) == 1 && p[0] == 32767, "gain saturates", p[0]);
    put_slot(s, 256, 0);
    put_slot(s + 4, -256 * 2, 0);        /* mean of 1 and -2 is -0.5: truncated to 0 */
    check(pc_i2s_capture(s, 2, 1, 0, 0, 2, p) == 1 && p[0] == 0, "boxcar truncates toward zero", p[0]);
    int16_t one = -1;
    check(pc_i2s_playback(&one, 1, 100, 1, b) == 4 && b[0] == 0xFF && b[1] == 0xFF && b[2] == 0xFF && b[3] == 0xFF,
          "-1 at full volume, stereo", b[0]);
    int16_t x = -199;
    check(pc_i2s_playback(&x, 1, 1, 0, b) == 2 && b[0] == 0xFF && b[1] == 0xFF, "-199 at 1 % truncates to -1", b[0]);
}

static void refusals(void)
{
    uint8_t s[16] = {0};
    int16_t p[4] = {7, 7, 7, 7};
    uint8_t b[8] = {9, 9, 9, 9, 9, 9, 9, 9};
    int all = 1;
    all &= pc_i2s_capture(s, 1, 0, 0, 0, 1, p) == PC_ERR_ARGUMENT;
    all &= pc_i2s_capture(s, 1, 3, 0, 0, 1, p) == PC_ERR_ARGUMENT;
    all &= pc_i2s_capture(s, 1, 2, 2, 0, 1, p) == PC_ERR_ARGUMENT;
    all &= pc_i2s_capture(s, 1, 1, -1, 0, 1, p) == PC_ERR_ARGUMENT;
    all &= pc_i2s_capture(s, 1, 1, 0, -1, 1, p) == PC_ERR_ARGUMENT;
    all &= pc_i2s_capture(s, 1, 1, 0, 16, 1, p) == PC_ERR_ARGUMENT;
    all &= pc_i2s_capture(s, 2, 1, 0, 0, 0, p) == PC_ERR_ARGUMENT;
    all &= pc_i2s_capture(s, 2, 1, 0, 0, 17, p) == PC_ERR_ARGUMENT;
    all &= pc_i2s_capture(s, 3, 1, 0, 0, 2, p) == PC_ERR_ARGUMENT;
    all &= pc_i2s_capture(NULL, 1, 1, 0, 0, 1, p) == PC_ERR_ARGUMENT;
    all &= pc_i2s_capture(s, 1, 1, 0, 0, 1, NULL) == PC_ERR_ARGUMENT;
    all &= pc_i2s_capture(s, PC_I2S_MAX_FRAMES + 1, 1, 0, 0, 1, p) == PC_ERR_ARGUMENT;
    all &= pc_i2s_capture(NULL, 0, 1, 0, 0, 1, NULL) == 0;
    all &= pc_i2s_playback(p, 1, -1, 0, b) == PC_ERR_ARGUMENT;
    all &= pc_i2s_playback(p, 1, 101, 0, b) == PC_ERR_ARGUMENT;
    all &= pc_i2s_playback(p, 1, 50, 2, b) == PC_ERR_ARGUMENT;
    all &= pc_i2s_playback(NULL, 1, 50, 0, b) == PC_ERR_ARGUMENT;
    all &= pc_i2s_playback(p, 1, 50, 0, NULL) == PC_ERR_ARGUMENT;
    all &= pc_i2s_playback(p, PC_I2S_MAX_FRAMES + 1, 50, 0, b) == PC_ERR_ARGUMENT;
    all &= pc_i2s_playback(NULL, 0, 50, 1, NULL) == 0;
    check(all, "argument errors refused", 0);
    check(p[0] == 7 && p[3] == 7 && b[0] == 9 && b[7] == 9, "refusals wrote nothing", p[0]);
}

int main(void)
{
    capture_all_values(0);
    capture_all_values(8);
    capture_all_values(15);
    capture_random();
    playback_all();
    facts();
    refusals();
    printf("test_i2s: %d passed, %d failed\n", g_passed, g_failed);
    return g_failed == 0 ? 0 : 1;
}
