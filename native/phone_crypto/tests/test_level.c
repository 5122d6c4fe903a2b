/*
 * Tests of pc_level.c against what the RFC 3389 §3.1 level is: -10 * log10(mean square / 32767^2) rounded to
 * the nearest dB and limited to 0..127, worked out in double arithmetic from the samples themselves, for
 * square waves at every level 0..100, full-scale and quieter sines, uniform white noise, a single +-1 among
 * zeros, random frames; every boundary the kernel compares with, hit exactly; silence, the largest frames,
 * nothing read outside the range, and refusals (also through the P/Invoke entry, which takes offsets).
 * Prints "test_level: N passed, 0 failed".
 *
 * The kernel works in whole units of 1/65536 of a squared sample: the mean square is truncated (less than
 * one unit low) and each boundary below the first is the previous one times 52057 >> 16, truncated (less
 * than 65536 / (65536 - 52057) < 5 units low in all), with 52057 itself 1.8e-6 below 2^16 * 10^(-1/10)
 * (at most 2.4e-4 low after 126 steps). Near a boundary double arithmetic cannot say what the kernel
 * answers, so a mean square within 0.01 dB or 6 units of a boundary is only held to +-1 dB. The boundaries
 * up to level 108.5 are within 0.01 dB of their ideal place; from 109.5 on they are lower, the quietest by
 * 0.51 dB (14 units for 15.75 at 126.5 dB), but only mean squares below 1/80 of a squared LSB (one LSB in
 * more than 80 samples) come near them.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "phone_crypto.h"
#include "test_samples.h"

/* The P/Invoke entry (pc_pinvoke.c), declared here as test_vectors.c does for its own. */
int pc_net_measure_level(const int16_t *pcm, int32_t pcmOffset, int32_t count);

#define MAX PC_LEVEL_MAX_COUNT
#define FULL_SCALE_SQUARED 1073676289.0 /* 32767^2 */
#define PI 3.14159265358979323846

static int16_t g_pcm[MAX + 8];

/* The level of a mean square by its definition, in double arithmetic. */
static int ideal_level(double mean_square)
{
    if (mean_square <= 0)
    {
        return PC_LEVEL_QUIETEST;
    }
    double db = -10.0 * log10(mean_square / FULL_SCALE_SQUARED);
    double r = floor(db + 0.5);
    return r < 0 ? 0 : r > PC_LEVEL_QUIETEST ? PC_LEVEL_QUIETEST : (int)r;
}

/* The mean square, in 1/65536 units, half a dB below level k: between levels k and k + 1. */
static double ideal_boundary(int k)
{
    return FULL_SCALE_SQUARED * 65536.0 * pow(10.0, -(k + 0.5) / 10.0);
}

/* True when a mean square (in squared samples) is so close to a boundary that double arithmetic cannot
 * tell which side the kernel's integers put it on: within 0.01 dB or 6 units of 1/65536 (see above). */
static int near_boundary(double mean_square)
{
    double e = mean_square * 65536.0;
    for (int k = 0; k < PC_LEVEL_QUIETEST; k++)
    {
        double b = ideal_boundary(k);
        if (fabs(e - b) <= b * (1.0 - pow(10.0, -0.001)) + 6.0)
        {
            return 1;
        }
    }
    return 0;
}

static double mean_square_of(const int16_t *pcm, size_t n)
{
    double sum = 0; /* exact: at most 2^46 */
    for (size_t i = 0; i < n; i++)
    {
        sum += (double)pcm[i] * pcm[i];
    }
    return n == 0 ? 0 : sum / (double)n;
}

static int g_near;   /* cases left to +-1 dB because they sit on a boundary */
static int g_differ; /* of those, the ones where the kernel and double arithmetic differ */

/* The kernel's level of pcm[0..n) against double arithmetic over the same samples. */
static void against_double(const int16_t *pcm, size_t n, const char *name, long value)
{
    int got = pc_measure_level(pcm, n);
    double ms = mean_square_of(pcm, n);
    int want = ideal_level(ms);
    if (near_boundary(ms))
    {
        g_near++;
        g_differ += got != want;
        check(abs(got - want) <= 1, name, value);
    }
    else
    {
        check(got == want, name, value);
    }
}

static void square(int16_t *pcm, size_t n, int amplitude)
{
    for (size_t i = 0; i < n; i++)
    {
        pcm[i] = (int16_t)((i & 1) != 0 ? -amplitude : amplitude);
    }
}

static void full_scale(void)
{
    square(g_pcm, 160, 32767);
    check(pc_measure_level(g_pcm, 160) == 0, "full-scale square (+-32767) is 0 dBov", pc_measure_level(g_pcm, 160));
    for (int i = 0; i < 160; i++)
    {
        g_pcm[i] = (int16_t)((i & 1) != 0 ? -32768 : 32767);
    }
    check(pc_measure_level(g_pcm, 160) == 0, "square -32768/+32767 is 0 dBov", pc_measure_level(g_pcm, 160));
    for (int i = 0; i < 160; i++)
    {
        g_pcm[i] = -32768;
    }
    check(pc_measure_level(g_pcm, 160) == 0, "-32768 throughout is 0 dBov", pc_measure_level(g_pcm, 160));
    check(pc_measure_level(g_pcm, 1) == 0, "one sample of -32768 is 0 dBov", pc_measure_level(g_pcm, 1));

    /* The largest frame at the largest squares: the sum is 2^46 and sum << 16 is 2^62. */
    for (int i = 0; i < MAX; i++)
    {
        g_pcm[i] = -32768;
    }
    check(pc_measure_level(g_pcm, MAX) == 0, "65,536 samples of -32768", pc_measure_level(g_pcm, MAX));
    square(g_pcm, MAX, 32767);
    check(pc_measure_level(g_pcm, MAX) == 0, "65,536 samples of full-scale square", pc_measure_level(g_pcm, MAX));
    g_pcm[MAX - 1] = 0;
    /* One sample short of full scale in 65,536: 10 * log10(65536 / 65535) = 0.00007 dB. */
    check(pc_measure_level(g_pcm, MAX) == 0, "full scale but one zero sample", pc_measure_level(g_pcm, MAX));
}

/* A sine of amplitude 32767 (computed in double, rounded to integers) is 10 * log10(2) = 3.01 dB below the
 * full-scale square; quieter sines follow their amplitude. 1000 Hz at 8 kHz with a phase that avoids the
 * zero crossings, over 8000 samples. */
static void sines(void)
{
    for (int n = 0; n < 8000; n++)
    {
        g_pcm[n] = (int16_t)lrint(32767.0 * sin(2.0 * PI * 1000.0 * n / 8000.0 + 0.3));
    }
    check(pc_measure_level(g_pcm, 8000) == 3, "full-scale sine is 3 dBov", pc_measure_level(g_pcm, 8000));
    against_double(g_pcm, 8000, "full-scale sine against double", 0);
    against_double(g_pcm, 160, "one frame of the full-scale sine against double", 160);

    for (int db = 0; db <= 90; db++)
    {
        double a = 32767.0 * pow(10.0, -db / 20.0);
        for (int n = 0; n < 8000; n++)
        {
            g_pcm[n] = (int16_t)lrint(a * sin(2.0 * PI * 1004.0 * n / 8000.0 + 0.7));
        }
        against_double(g_pcm, 8000, "sine at an amplitude of -db dB against double", db);
        if (db <= 60)
        {
            /* The amplitude is at least 33: rounding the samples moves the level by far less than half a dB. */
            check(pc_measure_level(g_pcm, 8000) == db + 3, "sine amplitude -db dB is db + 3 dBov", db);
        }
    }
}

/* A square wave of amplitude round(32767 * 10^(-L/20)) has mean square A^2 and so level L while the integer
 * A stays within half a dB of the nominal amplitude: every L up to 73 (A 7 for 7.33). From L = 74 the
 * nominal amplitude is under 7 and A's own level is what the kernel measures (L 74: A 7, level 73; 86: A 2,
 * level 84; 87..96: A 1, level 90); from L = 97 A rounds to 0, silence, 127. No A sits within 0.01 dB of a
 * boundary, so every L is also checked against double arithmetic over the same samples. */
static void squares_at_every_level(void)
{
    int exact = 0;
    for (int level = 0; level <= 100; level++)
    {
        int a = (int)lrint(32767.0 * pow(10.0, -level / 20.0));
        square(g_pcm, 161, a);
        int got = pc_measure_level(g_pcm, 160);
        check(got == ideal_level((double)a * a), "square at level L: the level of its integer amplitude", level);
        check(!near_boundary((double)a * a), "square's amplitude not on a boundary", level);
        if (level <= 73)
        {
            check(got == level, "square at level L is L", level);
        }
        if (a == 0)
        {
            check(got == PC_LEVEL_QUIETEST, "square of amplitude 0 is silence", level);
        }
        if (got == level)
        {
            exact++;
        }
        else
        {
            printf("square at %3d dB: A %d measures %d\n", level, a, got);
        }
        /* Odd counts: one more +A than -A, the same mean square. */
        check(pc_measure_level(g_pcm, 161) == got, "square over an odd count", level);
    }
    check(exact == 80, "levels 0..100 a square measures exactly (74..96 coarse, 97..100 silent)", exact);
}

/* Uniform integers on -A..A have mean square A(A + 1)/3; A is chosen for an RMS of 32767 * 10^(-L/20). */
static void white_noise(void)
{
    static const int levels[] = {0, 3, 10, 20, 30, 40, 50, 60, 70};
    g_rng = 0x9E3779B9u;
    for (size_t k = 0; k < sizeof levels / sizeof levels[0]; k++)
    {
        int level = levels[k];
        double rms = 32767.0 * pow(10.0, -level / 20.0);
        double a = floor(rms * sqrt(3.0));
        int limited = a > 32767;
        if (limited)
        {
            a = 32767;
        }
        uint32_t span = (uint32_t)(2 * a + 1);
        for (int n = 0; n < 8000; n++)
        {
            g_pcm[n] = (int16_t)((int32_t)(next_random() % span) - (int32_t)a);
        }
        int got = pc_measure_level(g_pcm, 8000);
        double nominal = ideal_level(a * (a + 1) / 3.0);
        printf("white noise, A %5.0f: level %d (nominal %d, RMS of the samples %.2f)\n", a, got, (int)nominal,
               sqrt(mean_square_of(g_pcm, 8000)));
        against_double(g_pcm, 8000, "white noise against double", level);
        /* Levels 0 and 3 ask for more than full scale allows: A limited to 32767 is 4.77 dB down. */
        check(limited ? got == 5 : abs(got - level) <= 1, "white noise near its nominal level", level);
    }
}

/* One sample of +1 or -1 among zeros: mean square 1/N, -10 * log10(1 / (N * 32767^2)) = 90.31 + 10 log10 N. */
static void one_lsb_among_zeros(void)
{
    memset(g_pcm, 0, sizeof g_pcm);
    int near_before = g_near;
    int differ_before = g_differ;
    for (int n = 1; n <= MAX; n += n < 4096 ? 1 : 37)
    {
        int at = (int)(next_random() % (uint32_t)n); /* anywhere in the frame */
        g_pcm[at] = (int16_t)((n & 1) != 0 ? 1 : -1);
        against_double(g_pcm, (size_t)n, "one LSB among zeros against double", n);
        g_pcm[at] = 0;
    }
    g_pcm[0] = 1;
    check(pc_measure_level(g_pcm, 1) == 90, "a lone LSB is 90 dBov", pc_measure_level(g_pcm, 1));
    check(pc_measure_level(g_pcm, 160) == 112, "one LSB in a frame of 160 is 112 dBov", pc_measure_level(g_pcm, 160));
    check(pc_measure_level(g_pcm, MAX) == PC_LEVEL_QUIETEST, "one LSB in 65,536 is below 127 (138.5 dB)", 0);
    g_pcm[0] = 0;
    printf("one LSB among zeros: %d counts on a boundary, held to +-1 dB; %d of them differ from double arithmetic\n",
           g_near - near_before, g_differ - differ_before);
}

static void silence(void)
{
    memset(g_pcm, 0, sizeof g_pcm);
    static const size_t counts[] = {1, 2, 159, 160, 161, 8000, MAX};
    for (size_t k = 0; k < sizeof counts / sizeof counts[0]; k++)
    {
        check(pc_measure_level(g_pcm, counts[k]) == PC_LEVEL_QUIETEST, "zeros are 127", (long)counts[k]);
    }
    check(pc_measure_level(g_pcm, 0) == PC_LEVEL_QUIETEST, "count 0 is 127", 0);
    check(pc_measure_level(NULL, 0) == PC_LEVEL_QUIETEST, "count 0 without samples is 127", 0);
    check(pc_net_measure_level(NULL, 0, 0) == PC_LEVEL_QUIETEST, "P/Invoke: count 0 without samples is 127", 0);
    check(pc_net_measure_level(g_pcm, 9, 0) == PC_LEVEL_QUIETEST, "P/Invoke: count 0 at an offset is 127", 0);
}

/* Integer square root (floor) of a value below 2^62. */
static uint64_t isqrt64(uint64_t v)
{
    uint64_t r = (uint64_t)sqrt((double)v);
    while (r * r > v)
    {
        r--;
    }
    while ((r + 1) * (r + 1) <= v)
    {
        r++;
    }
    return r;
}

/* Fills `count` samples whose squares add up to exactly `sum` (full-scale samples first, then each the
 * largest that fits, signs alternating); false when they do not fit. */
static int samples_with_sum_of_squares(uint64_t sum, size_t count)
{
    memset(g_pcm, 0, sizeof g_pcm);
    uint64_t left = sum;
    for (size_t i = 0; i < count && left != 0; i++)
    {
        uint64_t x = isqrt64(left);
        if (x > 32767)
        {
            x = 32767;
        }
        g_pcm[i] = (int16_t)((i & 1) != 0 ? -(int)x : (int)x);
        left -= x * x;
    }
    return left == 0;
}

/*
 * Every boundary the kernel compares with, hit exactly: with 65,536 samples the mean square in 1/65536 units
 * is the sum of squares itself, so a frame whose squares add up to boundary k measures k and one unit less
 * measures k + 1; and over 65,535 samples, where the mean square has a fraction, one just under boundary k by
 * a half unit or more still measures k + 1 (truncated, not rounded). The boundaries are the header's definition written out (PC_LEVEL_FIRST_BOUNDARY, then times
 * PC_LEVEL_STEP_FACTOR >> 16 per dB); the two constants are checked against their definitions in double
 * arithmetic, and every boundary against 32767^2 * 2^16 * 10^(-(k + 0.5)/10) within the drift the truncation
 * allows (see the top of the file), within 0.01 dB up to level 108.
 */
static void every_boundary(void)
{
    double first = floor(FULL_SCALE_SQUARED * 65536.0 * pow(10.0, -0.05) + 0.5);
    double step = floor(65536.0 * pow(10.0, -0.1) + 0.5);
    check((double)PC_LEVEL_FIRST_BOUNDARY == first, "first boundary is round(32767^2 * 2^16 * 10^-0.05)", 0);
    check((double)PC_LEVEL_STEP_FACTOR == step, "step factor is round(2^16 * 10^-0.1)", 0);

    uint64_t t = PC_LEVEL_FIRST_BOUNDARY;
    int built = 1;
    int truncations = 0;
    double worst_db = 0;
    for (int k = 0; k < PC_LEVEL_QUIETEST; k++)
    {
        double b = ideal_boundary(k);
        double db = 10.0 * log10((double)t / b);
        if (db < worst_db)
        {
            worst_db = db;
        }
        check((double)t <= b + 0.5 && (double)t >= b * (1 - 2.4e-4) - 5.0, "boundary within the truncation's drift", k);
        if (k <= 108)
        {
            check(fabs(db) <= 0.01, "boundary within 0.01 dB", k);
        }
        built &= samples_with_sum_of_squares(t, MAX);
        check(pc_measure_level(g_pcm, MAX) == k, "mean square on boundary k is level k", k);
        built &= samples_with_sum_of_squares(t - 1, MAX);
        check(pc_measure_level(g_pcm, MAX) == k + 1, "one unit below boundary k is level k + 1", k);

        /* sum * 65536 / 65535 in t - 1 .. t with a fraction of at least one half */
        uint64_t sum = t * (MAX - 1) / MAX;
        uint64_t scaled = sum * MAX;
        if (scaled / (MAX - 1) == t - 1 && 2 * (scaled % (MAX - 1)) >= MAX - 1)
        {
            truncations++;
            built &= samples_with_sum_of_squares(sum, MAX - 1);
            check(pc_measure_level(g_pcm, MAX - 1) == k + 1, "a mean square over half a unit below boundary k is k + 1", k);
        }
        t = (t * PC_LEVEL_STEP_FACTOR) >> 16;
    }
    check(built, "frames with the wanted sums of squares were built", 0);
    check(truncations == 49, "boundaries with a mean square just under them by half a unit or more (49 of 127)", truncations);
    printf("boundaries: the quietest is %.3f dB from its ideal place\n", worst_db);
}

/* Random frames: counts 1..65,536, amplitudes from full scale (clipped noise included) to a few LSB. */
static void random_frames(void)
{
    g_rng = 0x1B873593u;
    int near_before = g_near;
    int differ_before = g_differ;
    for (int trial = 0; trial < 400; trial++)
    {
        size_t n = trial % 4 == 0 ? 1 + next_random() % MAX : 1 + next_random() % 2000;
        int shift = (int)(next_random() % 16);
        for (size_t i = 0; i < n; i++)
        {
            int32_t v = (int32_t)(next_random() & 0xFFFF) - 32768;
            if (trial % 5 == 1)
            {
                /* noise twice full scale, clipped */
                v *= 2;
                v = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
            }
            g_pcm[i] = (int16_t)(v >> shift);
        }
        against_double(g_pcm, n, "random frame against double", trial);
    }
    printf("random frames: %d of 400 on a boundary, held to +-1 dB; %d of them differ from double arithmetic\n",
           g_near - near_before, g_differ - differ_before);
}

/* Nothing outside pcm[0..count) is read: full-scale samples right around a range of zeros do not count, and
 * the range alone in a heap block of exactly its size is read without a fault under ASan and valgrind. */
static void reads_only_the_range(void)
{
    for (int i = 0; i < 16; i++)
    {
        g_pcm[i] = (i >= 4 && i < 12) ? 0 : -32768;
    }
    check(pc_measure_level(g_pcm + 4, 8) == PC_LEVEL_QUIETEST, "loud samples around the range are not read", 0);
    check(pc_net_measure_level(g_pcm, 4, 8) == PC_LEVEL_QUIETEST, "P/Invoke: offset applied, nothing around it read", 0);
    check(pc_net_measure_level(g_pcm, 3, 8) == 9, "P/Invoke: one loud sample in eight is 9 dBov", pc_net_measure_level(g_pcm, 3, 8));
    check(pc_net_measure_level(g_pcm, 4, 9) == 10, "P/Invoke: one loud sample in nine (9.54 dB) at the end", pc_net_measure_level(g_pcm, 4, 9));

    static const size_t sizes[] = {1, 2, 3, 160, 161};
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++)
    {
        int16_t *block = malloc(sizes[k] * sizeof *block);
        check(block != NULL, "malloc", (long)sizes[k]);
        if (block == NULL)
        {
            continue;
        }
        square(block, sizes[k], 23197);
        check(pc_measure_level(block, sizes[k]) == 3, "a block of exactly count samples", (long)sizes[k]);
        free(block);
    }
}

static void refusals(void)
{
    g_pcm[0] = 100;
    check(pc_measure_level(NULL, 1) == PC_ERR_ARGUMENT, "NULL pcm with a count refused", 0);
    check(pc_measure_level(g_pcm, MAX + 1) == PC_ERR_ARGUMENT, "count 65,537 refused", 0);
    check(pc_measure_level(g_pcm, (size_t)-1) == PC_ERR_ARGUMENT, "a negative count cast to size_t refused", 0);
    check(pc_net_measure_level(NULL, 0, 1) == PC_ERR_ARGUMENT, "P/Invoke: NULL pcm refused", 0);
    check(pc_net_measure_level(g_pcm, -1, 1) == PC_ERR_ARGUMENT, "P/Invoke: negative offset refused", 0);
    check(pc_net_measure_level(g_pcm, -1, 0) == PC_ERR_ARGUMENT, "P/Invoke: negative offset refused with count 0", 0);
    check(pc_net_measure_level(g_pcm, 0, -1) == PC_ERR_ARGUMENT, "P/Invoke: negative count refused", 0);
    check(pc_net_measure_level(g_pcm, 0, MAX + 1) == PC_ERR_ARGUMENT, "P/Invoke: count 65,537 refused", 0);
    check(pc_measure_level(g_pcm, MAX) >= 0, "count 65,536 accepted", 0);
}

int main(void)
{
    full_scale();
    sweep_begin();
    sines();
    sweep_end();
    sweep_begin();
    squares_at_every_level();
    sweep_end();
    sweep_begin();
    white_noise();
    sweep_end();
    sweep_begin();
    one_lsb_among_zeros();
    sweep_end();
    silence();
    sweep_begin();
    every_boundary();
    sweep_end();
    sweep_begin();
    random_frames();
    sweep_end();
    reads_only_the_range();
    refusals();
    printf("test_level: %d passed, %d failed\n", g_passed, g_failed);
    return g_failed == 0 ? 0 : 1;
}
