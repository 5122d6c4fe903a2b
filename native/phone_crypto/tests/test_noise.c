/*
 * Tests of pc_noise.c against what comfort noise should be: the amplitude of every level against
 * 32767 * sqrt(3) * 10^(-L/20) worked out in double arithmetic (within 1 LSB or 0.01 %), the RMS of
 * 80,000 samples against 32767 * 10^(-L/20) (RFC 3389 §3.1: -dBov against a full-scale square
 * wave), the samples inside [-A, A], silence at the quietest levels, split calls against one call,
 * nothing written outside the range, and refusals that change neither the output nor the state.
 * Prints "test_noise: N passed, 0 failed" and the measured RMS figures.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "phone_crypto.h"
#include "test_samples.h"

#define SAMPLES 80000

static int16_t g_pcm[SAMPLES + 2];

static double ideal_amplitude(int level)
{
    return 32767.0 * sqrt(3.0) * pow(10.0, -level / 20.0);
}

static void amplitudes(void)
{
    int bad = 0;
    for (int level = 0; level <= PC_NOISE_MAX_LEVEL; level++)
    {
        double want = ideal_amplitude(level);
        if (want > 32767.0)
        {
            want = 32767.0;
        }
        double got = pc_comfort_noise_amplitude(level);
        if (!(fabs(got - want) <= 1.0 || fabs(got - want) <= want * 0.0001))
        {
            bad++;
            check(0, "amplitude of a level", level);
        }
    }
    check(bad == 0, "amplitude of every level within 1 LSB or 0.01 %", bad);
    check(pc_comfort_noise_amplitude(0) == 32767, "level 0 limited to full scale", pc_comfort_noise_amplitude(0));
    check(pc_comfort_noise_amplitude(5) == 31915, "level 5 just below full scale", pc_comfort_noise_amplitude(5));
    check(pc_comfort_noise_amplitude(70) == 18, "level 70 rounds 17.95 to 18", pc_comfort_noise_amplitude(70));
    check(pc_comfort_noise_amplitude(102) == 0, "level 102 and quieter is silence", pc_comfort_noise_amplitude(102));
}

static double rms_of(const int16_t *pcm, size_t n, int *min, int *max)
{
    double sum = 0;
    *min = 32767;
    *max = -32768;
    for (size_t i = 0; i < n; i++)
    {
        sum += (double)pcm[i] * pcm[i];
        if (pcm[i] < *min)
        {
            *min = pcm[i];
        }
        if (pcm[i] > *max)
        {
            *max = pcm[i];
        }
    }
    return sqrt(sum / (double)n);
}

/* RMS within `tolerance_db` of the level's nominal 32767 * 10^(-L/20), and of the integer amplitude's
 * own RMS: samples uniform on the 2A values -A..A-1 have mean square A^2/3 + 1/6. */
static void level_rms(int level, double tolerance_db)
{
    uint32_t state = 0x2545F491u;
    int a = pc_comfort_noise_amplitude(level);
    int frames_ok = 1; /* 80,000 samples is more than one call takes: 500 frames of 160, as the phone plays them */
    for (int at = 0; at < SAMPLES; at += 160)
    {
        frames_ok &= pc_comfort_noise(&state, g_pcm + at, 160, level) == 160;
    }
    check(frames_ok, "count returned", level);
    int min, max;
    double rms = rms_of(g_pcm, SAMPLES, &min, &max);
    double nominal = 32767.0 * pow(10.0, -level / 20.0);
    double of_a = sqrt((double)a * a / 3.0 + 1.0 / 6.0);
    double db = 20.0 * log10(rms / nominal);
    double db_a = 20.0 * log10(rms / of_a);
    printf("level %3d: A %5d, RMS %9.2f, nominal %9.2f (%+.3f dB), of A %9.2f (%+.3f dB), min %d, max %d\n", level,
           a, rms, nominal, db, of_a, db_a, min, max);
    check(fabs(db) <= tolerance_db, "RMS against the level", level);
    check(fabs(db_a) <= 0.2, "RMS against the integer amplitude", level);
    check(min >= -a && max <= a, "samples inside [-A, A]", level);
    check(min == -a && max == a - 1, "the whole range -A..A-1 is reached", level);
}

static void quietest_levels(void)
{
    uint32_t state = 1;
    check(pc_comfort_noise_amplitude(PC_NOISE_MAX_LEVEL) <= 1, "level 127 tiny", pc_comfort_noise_amplitude(127));
    memset(g_pcm, 0x55, sizeof g_pcm);
    check(pc_comfort_noise(&state, g_pcm, 1000, PC_NOISE_MAX_LEVEL) == 1000, "level 127 count", 0);
    int loud = 0;
    for (int i = 0; i < 1000; i++)
    {
        if (g_pcm[i] < -1 || g_pcm[i] > 1)
        {
            loud++;
        }
    }
    check(loud == 0, "level 127 is silence or one LSB", loud);
    check(state != 1, "level 127 still advances the generator", (long)state);
}

static void split_equals_one_call(void)
{
    static int16_t whole[1000];
    static int16_t parts[1000];
    static const size_t sizes[] = {1, 2, 3, 159, 160, 161, 7, 0, 500, 5, 2};
    for (int level = 0; level <= PC_NOISE_MAX_LEVEL; level += 9)
    {
        uint32_t one = 0xDEADBEEFu + (uint32_t)level;
        uint32_t split = one;
        pc_comfort_noise(&one, whole, 1000, level);
        size_t at = 0;
        for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++)
        {
            check(pc_comfort_noise(&split, parts + at, sizes[k], level) == (int)sizes[k], "part count", (long)sizes[k]);
            at += sizes[k];
        }
        check(at == 1000, "parts cover the frame", (long)at);
        check(memcmp(whole, parts, sizeof whole) == 0, "split calls equal one call", level);
        check(one == split, "same state after split calls", level);
    }
}

/* The generator by its definition, one sample at a time, in 64-bit arithmetic. */
static void against_definition(void)
{
    static int16_t got[4000];
    int bad = 0;
    for (int level = 0; level <= PC_NOISE_MAX_LEVEL; level++)
    {
        uint32_t state = next_random();
        uint64_t x = state;
        long a = pc_comfort_noise_amplitude(level);
        pc_comfort_noise(&state, got, 4000, level);
        for (int i = 0; i < 4000; i++)
        {
            x = (x * 1664525u + 1013904223u) % 4294967296u;
            long want = (long)(((x >> 16) * (uint64_t)a) / 32768u) - a;
            if (got[i] != want)
            {
                bad++;
            }
        }
        check(state == (uint32_t)x, "state written back", level);
    }
    check(bad == 0, "samples against the definition", bad);
}

static void range_and_refusals(void)
{
    int16_t out[6] = {-7, -7, -7, -7, -7, -7};
    uint32_t state = 12345;
    check(pc_comfort_noise(&state, out + 1, 4, 10) == 4, "four samples", 0);
    check(out[0] == -7 && out[5] == -7, "nothing outside the range", out[5]);

    int16_t keep[6];
    memcpy(keep, out, sizeof keep);
    uint32_t kept = state;
    check(pc_comfort_noise(NULL, out, 1, 10) == PC_ERR_ARGUMENT, "NULL state refused", 0);
    check(pc_comfort_noise(&state, NULL, 1, 10) == PC_ERR_ARGUMENT, "NULL pcm refused", 0);
    check(pc_comfort_noise(&state, out, PC_NOISE_MAX_COUNT + 1, 10) == PC_ERR_ARGUMENT, "too many refused", 0);
    check(pc_comfort_noise(&state, out, 1, -1) == PC_ERR_ARGUMENT, "level -1 refused", 0);
    check(pc_comfort_noise(&state, out, 1, PC_NOISE_MAX_LEVEL + 1) == PC_ERR_ARGUMENT, "level 128 refused", 0);
    check(memcmp(keep, out, sizeof keep) == 0, "refusals write nothing", 0);
    check(state == kept, "refusals keep the state", (long)state);
    check(pc_comfort_noise(&state, NULL, 0, 10) == 0, "empty frame", 0);
    check(state == kept, "an empty frame keeps the state", (long)state);
}

int main(void)
{
    g_rng = 0x3C6EF372u;
    sweep_begin();
    amplitudes();
    sweep_end();
    static const int levels[] = {20, 40, 60, 70};
    for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++)
    {
        level_rms(levels[i], 0.2);
    }
    quietest_levels();
    sweep_begin();
    split_equals_one_call();
    sweep_end();
    sweep_begin();
    against_definition();
    sweep_end();
    range_and_refusals();
    printf("test_noise: %d passed, %d failed\n", g_passed, g_failed);
    return g_failed == 0 ? 0 : 1;
}
