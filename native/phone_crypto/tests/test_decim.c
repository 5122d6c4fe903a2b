/*
 * Tests of the capture decimator (pc_decim.c) against facts that do not come from its own code:
 *  - the response limits: a 1 kHz tone passes within 0.5 dB, a 6 kHz tone (which would
 *    alias to 2 kHz) is at least 40 dB down; plus the telephone band edges (300 Hz, 3 kHz within
 *    0.5 dB) and every tone from 4.8 to 15.9 kHz at least 50 dB down;
 *  - arithmetic facts: a DC input comes out as round(x / 256) (the taps sum to unity), gain_bits
 *    scales by exactly 2^g, silence in the selected slot gives exact zeros whatever the other slot
 *    carries, the low byte of each slot is ignored, full scale with gain saturates without wrapping;
 *  - state across calls: any split of the stream into chunks gives the same samples;
 *  - an independent resampler: sox (`rate`, its default high-quality filter, no dither) on the same
 *    tones gives the same 1 kHz level within 0.5 dB and also removes 6 kHz (skipped, and said so,
 *    when sox is not installed).
 * Buffers are exact-size heap blocks for ASan/valgrind. Prints "N passed, 0 failed".
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "phone_crypto.h"

static int g_passed;
static int g_failed;

static void check(int ok, const char *name, double value)
{
    if (ok)
    {
        g_passed++;
    }
    else
    {
        g_failed++;
        printf("FAIL: %s (%.3f)\n", name, value);
    }
}

#define RATE_IN 32000.0
#define FRAMES 32000 /* one second */

/* One second of stereo 32-bit I2S slots: channel 0 carries a tone of `amp` (fraction of 24-bit
 * full scale) left-justified with a noisy low byte, channel 1 carries `other` (a loud 1 kHz tone
 * or zero). Little-endian, as the ESP32 DMA writes them. */
static uint8_t *tone_slots(double freq, double amp, int other, int low_byte_noise)
{
    uint8_t *b = malloc((size_t)FRAMES * 8);
    for (int n = 0; n < FRAMES; n++)
    {
        int32_t s = (int32_t)lround(amp * 8388607.0 * sin(2 * M_PI * freq * n / RATE_IN));
        int32_t o = other ? (int32_t)lround(0.9 * 8388607.0 * sin(2 * M_PI * 1000.0 * n / RATE_IN)) : 0;
        uint32_t w0 = ((uint32_t)s << 8) | (uint32_t)(low_byte_noise ? (rand() & 0xFF) : 0);
        uint32_t w1 = ((uint32_t)o << 8) | 0x5A;
        for (int i = 0; i < 4; i++)
        {
            b[8 * n + i] = (uint8_t)(w0 >> (8 * i));
            b[8 * n + 4 + i] = (uint8_t)(w1 >> (8 * i));
        }
    }
    return b;
}

/* Runs the decimator over all frames in chunks of the sizes in `chunks` (cycled); returns the
 * number of samples written to out (capacity FRAMES/4). */
static int run(const uint8_t *slots, int slots_per_frame, int channel, int gain, const int *chunks,
               int nchunks, int16_t *out)
{
    int32_t *state = malloc(PC_DECIM_STATE_WORDS * sizeof(int32_t));
    pc_decim_reset(state);
    int produced = 0;
    int f = 0;
    for (int c = 0; f < FRAMES; c++)
    {
        int n = chunks[c % nchunks];
        if (n > FRAMES - f)
        {
            n = FRAMES - f;
        }
        int got = pc_decim_i2s32(state, slots + (size_t)f * 4 * slots_per_frame, (size_t)n,
                                 slots_per_frame, channel, gain, out + produced,
                                 (size_t)(FRAMES / 4 - produced));
        if (got < 0)
        {
            free(state);
            return got;
        }
        produced += got;
        f += n;
    }
    free(state);
    return produced;
}

/* RMS of out[skip..n), skipping the filter's start-up. */
static double rms(const int16_t *out, int n, int skip)
{
    double s = 0;
    for (int i = skip; i < n; i++)
    {
        s += (double)out[i] * out[i];
    }
    return sqrt(s / (n - skip));
}

/* Output level of a tone relative to its input level, in dB (input RMS = amp * 32767 / sqrt 2 in
 * 16-bit units, since the 24-bit sample's top 16 bits are the 16-bit scale). */
static double gain_db(double freq, double amp)
{
    static const int one[] = {160}; /* 5 ms of 32 kHz frames, like a short DMA read */
    uint8_t *slots = tone_slots(freq, amp, 1, 1);
    int16_t *out = malloc(FRAMES / 4 * sizeof(int16_t));
    int n = run(slots, 2, 0, 0, one, 1, out);
    double level = rms(out, n, 100) / (amp * 32767.0 / sqrt(2.0));
    free(slots);
    free(out);
    return 20 * log10(level > 1e-9 ? level : 1e-9);
}

static void test_response(void)
{
    double g1k = gain_db(1000, 0.5);
    check(fabs(g1k) <= 0.5, "1 kHz passes within 0.5 dB", g1k);
    double g300 = gain_db(300, 0.5);
    check(fabs(g300) <= 0.5, "300 Hz passes within 0.5 dB", g300);
    double g3k = gain_db(3000, 0.5);
    check(fabs(g3k) <= 0.5, "3 kHz passes within 0.5 dB", g3k);
    double g6k = gain_db(6000, 0.5);
    check(g6k <= -40, "6 kHz attenuated at least 40 dB", g6k);

    double worst = -200;
    for (int f = 4800; f < 16000; f += 100)
    {
        double g = gain_db(f, 0.5);
        if (g > worst)
        {
            worst = g;
        }
    }
    check(worst <= -50, "4.8-15.9 kHz attenuated at least 50 dB", worst);
}

static void test_dc_gain_and_saturation(void)
{
    /* DC: every slot 0x12345600 + noise byte -> x = 0x123456; the output settles at
     * round(0x123456 / 256) = 0x1234 (0x56 < 0x80 rounds down). */
    uint8_t *slots = malloc((size_t)FRAMES * 4);
    for (int n = 0; n < FRAMES; n++)
    {
        slots[4 * n] = (uint8_t)rand();
        slots[4 * n + 1] = 0x56;
        slots[4 * n + 2] = 0x34;
        slots[4 * n + 3] = 0x12;
    }
    static const int chunk[] = {1000};
    int16_t *out = malloc(FRAMES / 4 * sizeof(int16_t));
    int n = run(slots, 1, 0, 0, chunk, 1, out);
    check(n == FRAMES / 4, "one output per 4 mono frames", n);
    check(out[n - 1] == 0x1234 && out[100] == 0x1234, "DC settles at round(x/256)", out[n - 1]);

    /* Gain 2^3 of the same DC: 0x123456 * 8 / 256 = 37282.7 > 32767, so it saturates. */
    n = run(slots, 1, 0, 3, chunk, 1, out);
    check(out[n - 1] == 32767, "gain saturates at +32767", out[n - 1]);

    /* Negative full scale (0x800000) with gain 12 saturates at -32768 and never wraps. */
    for (int i = 0; i < FRAMES; i++)
    {
        slots[4 * i + 1] = 0x00;
        slots[4 * i + 2] = 0x00;
        slots[4 * i + 3] = 0x80;
    }
    n = run(slots, 1, 0, 12, chunk, 1, out);
    /* Once the 96-tap window (24 outputs) is full of the step, every sample is -32768: a wrap to
     * a positive value would show here. (The first outputs may be small and positive: the filter's
     * leading taps are negative.) */
    int settled = 1;
    for (int i = PC_DECIM_TAPS / PC_DECIM_FACTOR; i < n; i++)
    {
        settled &= out[i] == -32768;
    }
    check(settled, "negative full scale saturates at -32768", out[n - 1]);
    free(slots);

    /* gain_bits = 2 is exactly 12.04 dB on a 1 kHz tone small enough not to clip. */
    uint8_t *tone = tone_slots(1000, 0.1, 0, 0);
    int16_t *out0 = malloc(FRAMES / 4 * sizeof(int16_t));
    int n0 = run(tone, 2, 0, 0, chunk, 1, out0);
    n = run(tone, 2, 0, 2, chunk, 1, out);
    double ratio = 20 * log10(rms(out, n, 100) / rms(out0, n0, 100));
    check(fabs(ratio - 20 * log10(4.0)) < 0.01, "gain_bits 2 = x4", ratio);
    free(tone);
    free(out0);
    free(out);
}

static void test_chunks_channels_and_low_byte(void)
{
    uint8_t *slots = tone_slots(1234, 0.7, 1, 1);
    int16_t *whole = malloc(FRAMES / 4 * sizeof(int16_t));
    int16_t *parts = malloc(FRAMES / 4 * sizeof(int16_t));
    static const int all[] = {FRAMES};
    static const int odd[] = {1, 2, 3, 5, 7, 96, 97, 0, 160, 4, 13};
    int n1 = run(slots, 2, 0, 1, all, 1, whole);
    int n2 = run(slots, 2, 0, 1, odd, 11, parts);
    check(n1 == FRAMES / 4 && n2 == n1 && memcmp(whole, parts, (size_t)n1 * 2) == 0,
          "any chunking gives the same samples", n2);

    /* The low byte of the slot does not matter. */
    uint8_t *clean = tone_slots(1234, 0.7, 1, 0);
    srand(1);
    n2 = run(clean, 2, 0, 1, all, 1, parts);
    check(memcmp(whole, parts, (size_t)n1 * 2) == 0, "low byte of the slot ignored", 0);
    free(clean);

    /* Silence in channel 0 next to a loud 1 kHz in channel 1 gives exact zeros on channel 0. */
    uint8_t *quiet = tone_slots(1000, 0.0, 1, 0);
    n2 = run(quiet, 2, 0, 0, all, 1, parts);
    int nonzero = 0;
    for (int i = 0; i < n2; i++)
    {
        nonzero |= parts[i] != 0;
    }
    check(n2 == FRAMES / 4 && !nonzero, "other slot does not leak", nonzero);
    n2 = run(quiet, 2, 1, 0, all, 1, parts);
    check(rms(parts, n2, 100) > 15000, "channel 1 selects the other slot", rms(parts, n2, 100));
    free(quiet);
    free(slots);
    free(whole);
    free(parts);
}

static void test_arguments(void)
{
    int32_t *state = malloc(PC_DECIM_STATE_WORDS * sizeof(int32_t));
    uint8_t *slots = calloc(8 * 8, 1);
    int16_t *pcm = malloc(2 * sizeof(int16_t));
    pc_decim_reset(state);
    check(pc_decim_i2s32(state, slots, 8, 2, 2, 0, pcm, 2) == PC_ERR_ARGUMENT, "channel 2 refused", 0);
    check(pc_decim_i2s32(state, slots, 8, 3, 0, 0, pcm, 2) == PC_ERR_ARGUMENT, "3 slots refused", 0);
    check(pc_decim_i2s32(state, slots, 8, 2, 0, 13, pcm, 2) == PC_ERR_ARGUMENT, "gain 13 refused", 0);
    check(pc_decim_i2s32(state, slots, 8, 2, 0, 0, pcm, 1) == PC_ERR_ARGUMENT, "capacity below 8/4 refused", 0);
    check(state[0] == 0 && state[1] == 0, "refused call leaves the state", 0);
    check(pc_decim_i2s32(state, slots, 7, 2, 0, 0, pcm, 1) == 1, "7 frames -> 1 sample", 0);
    check(pc_decim_output_count(state, 1) == 1, "phase 3 + 1 frame -> 1 sample", 0);
    state[1] = 9;
    check(pc_decim_i2s32(state, slots, 1, 2, 0, 0, pcm, 2) == PC_ERR_ARGUMENT, "corrupt phase refused", 0);
    state[1] = 0;
    state[0] = PC_DECIM_TAPS;
    check(pc_decim_i2s32(state, slots, 1, 2, 0, 0, pcm, 2) == PC_ERR_ARGUMENT, "corrupt position refused", 0);
    check(pc_decim_i2s32(NULL, slots, 1, 2, 0, 0, pcm, 2) == PC_ERR_ARGUMENT, "no state refused", 0);
    free(state);
    free(slots);
    free(pcm);
}

/* The same tones through sox's resampler (an independent implementation) to 8 kHz. */
static double sox_gain_db(double freq, double amp, int *ok)
{
    char in[] = "/tmp/pc_decim_in_XXXXXX";
    char out[] = "/tmp/pc_decim_out_XXXXXX";
    int fi = mkstemp(in);
    int fo = mkstemp(out);
    *ok = 0;
    if (fi < 0 || fo < 0)
    {
        return 0;
    }
    FILE *f = fdopen(fi, "wb");
    for (int n = 0; n < FRAMES; n++)
    {
        int32_t s = (int32_t)lround(amp * 8388607.0 * sin(2 * M_PI * freq * n / RATE_IN));
        uint32_t w = (uint32_t)s << 8;
        fwrite(&w, 4, 1, f);
    }
    fclose(f);
    char cmd[256];
    snprintf(cmd, sizeof cmd,
             "sox -D -t raw -r 32000 -e signed-integer -b 32 -c 1 -L %s -t raw -e signed-integer -b 16 -L %s rate 8000 2>/dev/null",
             in, out);
    double g = 0;
    if (system(cmd) == 0)
    {
        FILE *r = fdopen(fo, "rb");
        int16_t *y = malloc(FRAMES / 4 * sizeof(int16_t));
        size_t n = fread(y, 2, FRAMES / 4, r);
        fclose(r);
        if (n > 1000)
        {
            /* Skip sox's start and end transients. */
            double s = 0;
            for (size_t i = 200; i < n - 200; i++)
            {
                s += (double)y[i] * y[i];
            }
            double level = sqrt(s / (double)(n - 400)) / (amp * 32767.0 / sqrt(2.0));
            g = 20 * log10(level > 1e-9 ? level : 1e-9);
            *ok = 1;
        }
        free(y);
    }
    remove(in);
    remove(out);
    return g;
}

static void test_against_sox(void)
{
    if (system("command -v sox >/dev/null 2>&1") != 0)
    {
        printf("skipped: sox not installed, no comparison with an independent resampler\n");
        return;
    }
    int ok1, ok6;
    double sox1k = sox_gain_db(1000, 0.5, &ok1);
    double sox6k = sox_gain_db(6000, 0.5, &ok6);
    check(ok1 && ok6, "sox ran", 0);
    double ours1k = gain_db(1000, 0.5);
    check(fabs(ours1k - sox1k) <= 0.5, "1 kHz level within 0.5 dB of sox rate", ours1k - sox1k);
    check(sox6k <= -40 && gain_db(6000, 0.5) <= -40, "6 kHz removed by sox and by us", sox6k);
    printf("sox rate: 1 kHz %.3f dB, 6 kHz %.1f dB; ours: 1 kHz %.3f dB, 6 kHz %.1f dB\n", sox1k,
           sox6k, ours1k, gain_db(6000, 0.5));
}

int main(void)
{
    srand(1);
    test_response();
    test_dc_gain_and_saturation();
    test_chunks_channels_and_low_byte();
    test_arguments();
    test_against_sox();
    printf("%d passed, %d failed\n", g_passed, g_failed);
    return g_failed == 0 ? 0 : 1;
}
