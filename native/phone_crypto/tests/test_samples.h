/* What the sample-level C tests (test_g711, test_i2s, test_mix, test_noise, test_level) share: pass/fail counting that shows the
 * offending value, and reproducible random test data. */
#ifndef PHONE_CRYPTO_TEST_SAMPLES_H
#define PHONE_CRYPTO_TEST_SAMPLES_H

#include <stdint.h>
#include <stdio.h>

static int g_passed;
static int g_failed;

/* Counts a check; the first 20 failures are printed with the value that failed. */
static inline void check(int ok, const char *name, long value)
{
    if (ok)
    {
        g_passed++;
    }
    else
    {
        g_failed++;
        if (g_failed < 20)
        {
            printf("FAIL: %s (%ld)\n", name, value);
        }
    }
}

/* A sweep (a check per level, per boundary, per random frame) counts as one passed check when every check in it
 * passes; each failure in it still counts and is printed. So the totals say how many properties hold, not how many
 * loop iterations ran. */
static int g_sweep_passed;
static int g_sweep_failed;

static inline void sweep_begin(void)
{
    g_sweep_passed = g_passed;
    g_sweep_failed = g_failed;
}

static inline void sweep_end(void)
{
    g_passed = g_sweep_passed + (g_failed == g_sweep_failed ? 1 : 0);
}

/* The xorshift32 state: a test may seed it before drawing. */
static uint32_t g_rng = 0x12345678u;

/* xorshift32: reproducible test data, no libc state. */
static inline uint32_t next_random(void)
{
    g_rng ^= g_rng << 13;
    g_rng ^= g_rng >> 17;
    g_rng ^= g_rng << 5;
    return g_rng;
}

#endif
