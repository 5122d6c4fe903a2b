/*
 * Tests of pc_g711.c against the definition in docs/g711.md, written here a second way:
 *  - decode: the reconstruction level of every code from G.711 Tables 1 and 2 in their own units
 *    (mu-law ((33 + 2q) << s) - 33 on the 14-bit scale, A-law 1 + 2q / (33 + 2q) << (s - 1) on the
 *    13-bit scale), scaled by 4 / 8; all 256 codes of both laws;
 *  - encode: for every one of the 65,536 inputs, the code whose decision interval (level +- half a
 *    step, in G.711 units) holds the input truncated to the G.711 grid (mu-law: |x| >> 2 with the
 *    sign kept, clipped from 8159 up; A-law: x >> 3, a negative v coded as magnitude -v - 1),
 *    found by searching all 128 levels of that polarity, not by the segment arithmetic;
 *  - facts from docs/g711.md (where sox agrees): zeros, largest levels, -3..-1 -> 0x7F, clipping;
 *  - frame calls: offsets, counts, neighbours untouched, argument errors write nothing.
 * Prints "N passed, 0 failed".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "phone_crypto.h"
#include "test_samples.h"

/* Level, in G.711 units, of the 7-bit magnitude code m = seg << 4 | q. */
static int ref_ulaw_level(int m)
{
    int s = m >> 4, q = m & 15;
    return ((33 + 2 * q) << s) - 33;
}

static int ref_ulaw_step(int m)
{
    return 2 << (m >> 4);
}

static int ref_alaw_level(int m)
{
    int s = m >> 4, q = m & 15;
    return s == 0 ? 1 + 2 * q : (33 + 2 * q) << (s - 1);
}

static int ref_alaw_step(int m)
{
    int s = m >> 4;
    return s == 0 ? 2 : 2 << (s - 1);
}

/* Line code of polarity (bit 7: 1 = positive) and magnitude code: mu-law sends the segment and
 * step bits inverted, A-law the even bits. */
static int ref_ulaw_line(int positive, int m)
{
    return (positive << 7) | (~m & 0x7F);
}

static int ref_alaw_line(int positive, int m)
{
    return ((positive << 7) | m) ^ 0x55;
}

static int ref_ulaw_decode(int code)
{
    int level = 4 * ref_ulaw_level(~code & 0x7F);
    return (code & 0x80) ? level : -level;
}

static int ref_alaw_decode(int code)
{
    int a = code ^ 0x55;
    int level = 8 * ref_alaw_level(a & 0x7F);
    return (a & 0x80) ? level : -level;
}

/* The magnitude code whose interval [L - S/2, L + S/2) holds v; the top code when v is above all. */
static int ref_find(int v, int (*level)(int), int (*step)(int))
{
    for (int m = 0; m < 128; m++)
    {
        int l = level(m), s = step(m);
        if (v >= l - s / 2 && v < l + s / 2)
        {
            return m;
        }
    }
    return v >= level(127) ? 127 : -1;
}

static int ref_ulaw_encode(int x)
{
    int positive = x >= 0;
    int v = (positive ? x : -x) >> 2;
    if (v == 0)
    {
        return ref_ulaw_line(positive, 0);
    }
    return ref_ulaw_line(positive, ref_find(v, ref_ulaw_level, ref_ulaw_step));
}

static int ref_alaw_encode(int x)
{
    int v = x >> 3; /* arithmetic shift: toward minus infinity */
    int positive = v >= 0;
    return ref_alaw_line(positive, ref_find(positive ? v : -v - 1, ref_alaw_level, ref_alaw_step));
}

static void test_tables(int law, const char *name)
{
    int16_t *pcm = malloc(65536 * sizeof(int16_t));
    uint8_t *codes = malloc(65536);
    for (int i = 0; i < 65536; i++)
    {
        pcm[i] = (int16_t)(i - 32768);
    }
    check(pc_g711_encode(law, pcm, codes, 65536) == 65536, name, 0);
    int bad = 0, first = 0;
    for (int i = 0; i < 65536; i++)
    {
        int want = law == PC_G711_ULAW ? ref_ulaw_encode(i - 32768) : ref_alaw_encode(i - 32768);
        if (codes[i] != want && bad++ == 0)
        {
            first = i - 32768;
        }
    }
    char label[64];
    snprintf(label, sizeof label, "%s encode, all 65536 inputs (first bad input)", name);
    check(bad == 0, label, first);

    uint8_t all[256];
    int16_t out[256];
    for (int c = 0; c < 256; c++)
    {
        all[c] = (uint8_t)c;
    }
    check(pc_g711_decode(law, all, out, 256) == 256, name, 0);
    bad = 0;
    for (int c = 0; c < 256; c++)
    {
        int want = law == PC_G711_ULAW ? ref_ulaw_decode(c) : ref_alaw_decode(c);
        if (out[c] != want && bad++ == 0)
        {
            first = c;
        }
    }
    snprintf(label, sizeof label, "%s decode, all 256 codes (first bad code)", name);
    check(bad == 0, label, first);

    /* every level re-encodes to a code with the same level */
    uint8_t again[256];
    check(pc_g711_encode(law, out, again, 256) == 256, name, 0);
    bad = 0;
    for (int c = 0; c < 256; c++)
    {
        int16_t back;
        pc_g711_decode(law, &again[c], &back, 1);
        bad += back != out[c];
    }
    snprintf(label, sizeof label, "%s levels re-encode to themselves", name);
    check(bad == 0, label, bad);
    free(pcm);
    free(codes);
}

static int16_t dec1(int law, uint8_t c)
{
    int16_t s = 12345;
    pc_g711_decode(law, &c, &s, 1);
    return s;
}

static uint8_t enc1(int law, int16_t s)
{
    uint8_t c = 0x33;
    pc_g711_encode(law, &s, &c, 1);
    return c;
}

static void test_facts(void)
{
    /* docs/g711.md (sox agrees on these) */
    check(dec1(PC_G711_ULAW, 0xFF) == 0, "mu-law 0xFF -> 0", dec1(PC_G711_ULAW, 0xFF));
    check(dec1(PC_G711_ULAW, 0x7F) == 0, "mu-law 0x7F -> 0", dec1(PC_G711_ULAW, 0x7F));
    check(dec1(PC_G711_ULAW, 0x80) == 32124, "mu-law 0x80 -> 32124", dec1(PC_G711_ULAW, 0x80));
    check(dec1(PC_G711_ULAW, 0x00) == -32124, "mu-law 0x00 -> -32124", dec1(PC_G711_ULAW, 0x00));
    check(dec1(PC_G711_ALAW, 0xAA) == 32256, "A-law 0xAA -> 32256", dec1(PC_G711_ALAW, 0xAA));
    check(dec1(PC_G711_ALAW, 0xD5) == 8, "A-law 0xD5 -> 8", dec1(PC_G711_ALAW, 0xD5));
    check(dec1(PC_G711_ALAW, 0x55) == -8, "A-law 0x55 -> -8", dec1(PC_G711_ALAW, 0x55));
    check(enc1(PC_G711_ULAW, 0) == 0xFF, "mu-law 0 -> 0xFF", enc1(PC_G711_ULAW, 0));
    for (int x = -3; x <= -1; x++)
    {
        check(enc1(PC_G711_ULAW, (int16_t)x) == 0x7F, "mu-law -3..-1 -> 0x7F", x);
    }
    check(enc1(PC_G711_ULAW, -4) == 0x7E, "mu-law 14-bit -1 -> 0x7E (sox)", enc1(PC_G711_ULAW, -4));
    check(enc1(PC_G711_ULAW, 32636) == 0x80, "mu-law 32636 clips to 0x80", enc1(PC_G711_ULAW, 32636));
    check(enc1(PC_G711_ULAW, 32767) == 0x80, "mu-law 32767 -> 0x80", enc1(PC_G711_ULAW, 32767));
    check(enc1(PC_G711_ULAW, -32768) == 0x00, "mu-law -32768 -> 0x00", enc1(PC_G711_ULAW, -32768));
    check(enc1(PC_G711_ALAW, 32767) == 0xAA, "A-law 32767 -> 0xAA", enc1(PC_G711_ALAW, 32767));
    check(enc1(PC_G711_ALAW, -32768) == 0x2A, "A-law -32768 -> 0x2A", enc1(PC_G711_ALAW, -32768));
    check(enc1(PC_G711_ALAW, 0) == 0xD5, "A-law 0 -> 0xD5", enc1(PC_G711_ALAW, 0));
    check(enc1(PC_G711_ALAW, -1) == 0x55, "A-law -1 -> 0x55", enc1(PC_G711_ALAW, -1));
}

static void test_calls(void)
{
    int16_t pcm[8] = {0, 100, -100, 1000, -1000, 32767, -32768, 7};
    uint8_t buf[12];
    memset(buf, 0xEE, sizeof buf);
    check(pc_g711_encode(PC_G711_ALAW, pcm + 1, buf + 2, 5) == 5, "encode count", 0);
    check(buf[0] == 0xEE && buf[1] == 0xEE && buf[7] == 0xEE, "encode neighbours untouched", 0);
    int ok = 1;
    for (int i = 0; i < 5; i++)
    {
        ok &= buf[2 + i] == (uint8_t)ref_alaw_encode(pcm[1 + i]);
    }
    check(ok, "encode offsets", 0);
    int16_t out[10];
    for (int i = 0; i < 10; i++)
    {
        out[i] = 4242;
    }
    check(pc_g711_decode(PC_G711_ULAW, buf + 2, out + 3, 4) == 4, "decode count", 0);
    check(out[2] == 4242 && out[7] == 4242, "decode neighbours untouched", 0);
    check(out[3] == ref_ulaw_decode(buf[2]), "decode offsets", out[3]);
    check(pc_g711_encode(PC_G711_ULAW, NULL, NULL, 0) == 0, "empty encode", 0);
    check(pc_g711_decode(PC_G711_ALAW, NULL, NULL, 0) == 0, "empty decode", 0);

    memset(buf, 0xEE, sizeof buf);
    check(pc_g711_encode(2, pcm, buf, 4) == PC_ERR_ARGUMENT, "unknown law refused", 0);
    check(pc_g711_encode(-1, pcm, buf, 4) == PC_ERR_ARGUMENT, "negative law refused", 0);
    check(pc_g711_encode(PC_G711_ULAW, NULL, buf, 4) == PC_ERR_ARGUMENT, "NULL pcm refused", 0);
    check(pc_g711_encode(PC_G711_ULAW, pcm, NULL, 4) == PC_ERR_ARGUMENT, "NULL codes refused", 0);
    check(pc_g711_encode(PC_G711_ULAW, pcm, buf, (size_t)PC_G711_MAX_COUNT + 1) == PC_ERR_ARGUMENT,
          "huge count refused", 0);
    check(buf[0] == 0xEE && buf[3] == 0xEE, "refused encode wrote nothing", 0);
    check(pc_g711_decode(5, buf, out, 4) == PC_ERR_ARGUMENT, "decode unknown law refused", 0);
    check(pc_g711_decode(PC_G711_ALAW, buf, NULL, 4) == PC_ERR_ARGUMENT, "decode NULL pcm refused", 0);
    check(out[0] == 4242, "refused decode wrote nothing", out[0]);
}

int main(void)
{
    test_tables(PC_G711_ULAW, "mu-law");
    test_tables(PC_G711_ALAW, "A-law");
    test_facts();
    test_calls();
    printf("test_g711: %d passed, %d failed\n", g_passed, g_failed);
    return g_failed == 0 ? 0 : 1;
}
