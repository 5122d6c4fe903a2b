/*
 * Known-answer tests of pc_sha1.c, run over each compression function this CPU has (portable C
 * always; the SHA-extension one when CPUID reports it, otherwise reported as skipped):
 *  - FIPS 180-4 / RFC 3174 §7.3 vectors: "abc", the 448-bit two-block message, one million 'a'
 *    (fed in uneven chunks), RFC 3174's TEST4 (640 bytes), and the empty message;
 *  - every length 0..300 of pseudo-random bytes, fed whole and in pseudo-random chunks, against
 *    mbedTLS's SHA-1 (an independent implementation);
 *  - a state saved after whole blocks and resumed (the HMAC midstate) against the one-pass digest;
 *  - the compression functions against each other over many blocks in one call.
 * Prints "N passed, 0 failed" and exits non-zero on failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mbedtls/sha1.h>
#include <mbedtls/version.h>

#include "pc_internal.h"
#include "phone_crypto.h"
#include "test_support.h"

#if MBEDTLS_VERSION_NUMBER >= 0x03000000
#define REF_SHA1 mbedtls_sha1
#else
#define REF_SHA1 mbedtls_sha1_ret
#endif

static uint32_t g_rand = 0x2545F491u;

static uint32_t next_rand(void)
{
    /* xorshift32: reproducible test bytes and chunk lengths */
    g_rand ^= g_rand << 13;
    g_rand ^= g_rand >> 17;
    g_rand ^= g_rand << 5;
    return g_rand;
}

static void digest_of(pc_sha1_compress_fn fn, const uint8_t *msg, size_t len,
                      uint8_t out[PC_SHA1_DIGEST])
{
    pc_sha1_ctx ctx;
    pc_sha1_start(&ctx, fn);
    pc_sha1_update(&ctx, msg, len);
    pc_sha1_finish(&ctx, out);
}

static void test_vector(pc_sha1_compress_fn fn, const char *path, const char *name,
                        const char *msg, size_t repeat, const char *want_hex)
{
    uint8_t *want = hex(want_hex, NULL);
    uint8_t got[PC_SHA1_DIGEST];
    char label[160];
    pc_sha1_ctx ctx;
    size_t i, n = strlen(msg);

    pc_sha1_start(&ctx, fn);
    for (i = 0; i < repeat; i++)
    {
        pc_sha1_update(&ctx, (const uint8_t *)msg, n);
    }
    pc_sha1_finish(&ctx, got);
    snprintf(label, sizeof label, "%s: %s", path, name);
    check(memcmp(got, want, PC_SHA1_DIGEST) == 0, label);
    free(want);
}

static void test_million_a(pc_sha1_compress_fn fn, const char *path)
{
    uint8_t *want = hex("34aa973cd4c4daa4f61eeb2bdbad27316534016f", NULL);
    uint8_t chunk[997];
    uint8_t got[PC_SHA1_DIGEST];
    char label[160];
    pc_sha1_ctx ctx;
    size_t left = 1000000;

    memset(chunk, 'a', sizeof chunk);
    pc_sha1_start(&ctx, fn);
    while (left != 0)
    {
        size_t n = next_rand() % sizeof chunk + 1;
        if (n > left)
        {
            n = left;
        }
        pc_sha1_update(&ctx, chunk, n);
        left -= n;
    }
    pc_sha1_finish(&ctx, got);
    snprintf(label, sizeof label, "%s: one million 'a' in uneven chunks", path);
    check(memcmp(got, want, PC_SHA1_DIGEST) == 0, label);
    free(want);
}

/* Lengths 0..300 against mbedTLS, whole and chunked; each message is an exact heap block. */
static void test_against_mbedtls(pc_sha1_compress_fn fn, const char *path)
{
    char label[160];
    int whole_ok = 1, chunked_ok = 1;
    size_t len;

    for (len = 0; len <= 300; len++)
    {
        uint8_t *msg = malloc(len ? len : 1);
        uint8_t want[PC_SHA1_DIGEST], got[PC_SHA1_DIGEST];
        pc_sha1_ctx ctx;
        size_t i, done = 0;

        for (i = 0; i < len; i++)
        {
            msg[i] = (uint8_t)next_rand();
        }
        REF_SHA1(msg, len, want);
        digest_of(fn, msg, len, got);
        if (memcmp(got, want, PC_SHA1_DIGEST) != 0)
        {
            whole_ok = 0;
            printf("  %s: whole message of %zu bytes differs\n", path, len);
        }
        pc_sha1_start(&ctx, fn);
        while (done < len)
        {
            size_t n = next_rand() % 80;
            if (n > len - done)
            {
                n = len - done;
            }
            pc_sha1_update(&ctx, msg + done, n);
            done += n;
        }
        pc_sha1_finish(&ctx, got);
        if (memcmp(got, want, PC_SHA1_DIGEST) != 0)
        {
            chunked_ok = 0;
            printf("  %s: chunked message of %zu bytes differs\n", path, len);
        }
        free(msg);
    }
    snprintf(label, sizeof label, "%s: lengths 0..300 equal mbedTLS (whole)", path);
    check(whole_ok, label);
    snprintf(label, sizeof label, "%s: lengths 0..300 equal mbedTLS (chunked)", path);
    check(chunked_ok, label);
}

/* A state saved after k whole blocks, resumed with the byte count, gives the one-pass digest. */
static void test_resume(pc_sha1_compress_fn fn, const char *path)
{
    static const uint32_t initial[5] = {0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u,
                                        0xC3D2E1F0u};
    uint8_t msg[3 * PC_SHA1_BLOCK + 21];
    char label[160];
    int ok = 1;
    size_t k, i;

    for (i = 0; i < sizeof msg; i++)
    {
        msg[i] = (uint8_t)next_rand();
    }
    for (k = 0; k <= 3; k++)
    {
        uint32_t state[5];
        uint8_t want[PC_SHA1_DIGEST], got[PC_SHA1_DIGEST];
        pc_sha1_ctx ctx;

        memcpy(state, initial, sizeof state);
        fn(state, msg, k);
        pc_sha1_resume(&ctx, state, k * PC_SHA1_BLOCK, fn);
        pc_sha1_update(&ctx, msg + k * PC_SHA1_BLOCK, sizeof msg - k * PC_SHA1_BLOCK);
        pc_sha1_finish(&ctx, got);
        REF_SHA1(msg, sizeof msg, want);
        ok &= memcmp(got, want, PC_SHA1_DIGEST) == 0;
    }
    snprintf(label, sizeof label, "%s: resumed midstate after 0..3 blocks", path);
    check(ok, label);
}

static void run_all(pc_sha1_compress_fn fn, const char *path)
{
    /* FIPS 180-4 examples (CSRC "SHA1.pdf") and RFC 3174 §7.3 TEST1, TEST2, TEST4 */
    test_vector(fn, path, "\"abc\"", "abc", 1, "a9993e364706816aba3e25717850c26c9cd0d89d");
    test_vector(fn, path, "448-bit message",
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 1,
                "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
    test_vector(fn, path, "RFC 3174 TEST4 (640 bytes)",
                "0123456701234567012345670123456701234567012345670123456701234567", 10,
                "dea356a2cddd90c7a7ecedc5ebb563934f460452");
    test_vector(fn, path, "empty message", "", 1, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    test_million_a(fn, path);
    test_against_mbedtls(fn, path);
    test_resume(fn, path);
}

int main(void)
{
    run_all(pc_sha1_compress_portable, "portable");
#if PC_X86_64
    if (pc_sha1_shani_supported())
    {
        uint8_t *blocks = malloc(40 * PC_SHA1_BLOCK);
        uint32_t a[5] = {1, 2, 3, 4, 5}, b[5] = {1, 2, 3, 4, 5};
        size_t i;

        run_all(pc_sha1_compress_shani, "SHA extensions");
        for (i = 0; i < 40 * PC_SHA1_BLOCK; i++)
        {
            blocks[i] = (uint8_t)next_rand();
        }
        pc_sha1_compress_portable(a, blocks, 40);
        pc_sha1_compress_shani(b, blocks, 40);
        check(memcmp(a, b, sizeof a) == 0, "SHA extensions equal portable over 40 blocks, odd state");
        check(pc_sha1_compress() == pc_sha1_compress_shani, "SHA extensions selected");
        free(blocks);
    }
    else
    {
        check(pc_sha1_compress() == pc_sha1_compress_portable, "portable selected");
        printf("CPUID reports no SHA extensions (valgrind's virtual CPU has none): portable path only\n");
    }
#else
    check(pc_sha1_compress() == pc_sha1_compress_portable, "portable selected");
#endif
    printf("%d passed, %d failed\n", g_passed, g_failed);
    return g_failed == 0 ? 0 : 1;
}
