/*
 * Tests of pc_mix.c against the definition: the sum of two 16-bit samples is exact in a long, and
 * a sum outside -32768..32767 becomes the nearer end. Every 16-bit value against the edge values
 * (both ends, -1, 0, 1) and against itself, a million random pairs, in-place mixing (into == a and
 * into == b), nothing written outside the range, and refusals that write nothing.
 * Prints "test_mix: N passed, 0 failed".
 */
#include <stdio.h>
#include <string.h>

#include "phone_crypto.h"
#include "test_samples.h"

static int ref_mix(long a, long b)
{
    long s = a + b;
    return s > 32767 ? 32767 : s < -32768 ? -32768 : (int)s;
}

#define N 65536

static int16_t g_a[N];
static int16_t g_b[N];
static int16_t g_out[N + 2];

static void every_value_against(int16_t other)
{
    for (long i = 0; i < N; i++)
    {
        g_a[i] = (int16_t)(i - 32768);
        g_b[i] = other;
    }
    check(pc_mix_clip(g_a, g_b, g_out, N) == N, "count returned", other);
    int bad = 0;
    for (long i = 0; i < N; i++)
    {
        if (g_out[i] != ref_mix(g_a[i], other))
        {
            bad++;
        }
    }
    check(bad == 0, "every value against an edge value", other);
}

static void every_value_against_itself(void)
{
    for (long i = 0; i < N; i++)
    {
        g_a[i] = (int16_t)(i - 32768);
    }
    check(pc_mix_clip(g_a, g_a, g_out, N) == N, "self count", 0);
    int bad = 0;
    for (long i = 0; i < N; i++)
    {
        if (g_out[i] != ref_mix(i - 32768, i - 32768))
        {
            bad++;
        }
    }
    check(bad == 0, "every value doubled", bad);
}

static void random_pairs(void)
{
    int bad = 0;
    for (int round = 0; round < 16; round++)
    {
        for (long i = 0; i < N; i++)
        {
            g_a[i] = (int16_t)(next_random() & 0xFFFF);
            g_b[i] = (int16_t)(next_random() & 0xFFFF);
        }
        pc_mix_clip(g_a, g_b, g_out, N);
        for (long i = 0; i < N; i++)
        {
            if (g_out[i] != ref_mix(g_a[i], g_b[i]))
            {
                bad++;
            }
        }
    }
    check(bad == 0, "random pairs", bad);
}

static void in_place(void)
{
    static int16_t want[N];
    for (long i = 0; i < N; i++)
    {
        g_a[i] = (int16_t)(next_random() & 0xFFFF);
        g_b[i] = (int16_t)(next_random() & 0xFFFF);
        want[i] = (int16_t)ref_mix(g_a[i], g_b[i]);
    }
    int16_t b_copy[N];
    memcpy(b_copy, g_b, sizeof b_copy);
    check(pc_mix_clip(g_a, g_b, g_a, N) == N, "into == a count", 0);
    check(memcmp(g_a, want, sizeof want) == 0, "into == a", 0);
    memcpy(g_a, b_copy, sizeof b_copy); /* any a: mix it into b */
    for (long i = 0; i < N; i++)
    {
        want[i] = (int16_t)ref_mix(g_a[i], g_b[i]);
    }
    check(pc_mix_clip(g_a, g_b, g_b, N) == N, "into == b count", 0);
    check(memcmp(g_b, want, sizeof want) == 0, "into == b", 0);
}

static void range_and_refusals(void)
{
    int16_t a[4] = {1, 2, 3, 4};
    int16_t b[4] = {10, 20, 30, 40};
    int16_t out[6] = {-7, -7, -7, -7, -7, -7};
    check(pc_mix_clip(a, b, out + 1, 4) == 4, "four samples", 0);
    check(out[0] == -7 && out[5] == -7, "nothing outside the range", out[5]);
    check(out[1] == 11 && out[4] == 44, "the range", out[4]);

    int16_t keep[6];
    memcpy(keep, out, sizeof keep);
    check(pc_mix_clip(NULL, b, out, 1) == PC_ERR_ARGUMENT, "NULL a refused", 0);
    check(pc_mix_clip(a, NULL, out, 1) == PC_ERR_ARGUMENT, "NULL b refused", 0);
    check(pc_mix_clip(a, b, NULL, 1) == PC_ERR_ARGUMENT, "NULL into refused", 0);
    check(pc_mix_clip(a, b, out, PC_MIX_MAX_COUNT + 1) == PC_ERR_ARGUMENT, "too many refused", 0);
    check(memcmp(keep, out, sizeof keep) == 0, "refusals write nothing", 0);
    check(pc_mix_clip(NULL, NULL, NULL, 0) == 0, "empty mix", 0);
}

int main(void)
{
    g_rng = 0x2468ACE1u;
    static const int16_t edges[] = {-32768, -1, 0, 1, 32767};
    for (size_t e = 0; e < sizeof edges / sizeof edges[0]; e++)
    {
        every_value_against(edges[e]);
    }
    every_value_against_itself();
    random_pairs();
    in_place();
    range_and_refusals();
    printf("test_mix: %d passed, %d failed\n", g_passed, g_failed);
    return g_failed == 0 ? 0 : 1;
}
