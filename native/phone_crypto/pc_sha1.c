/*
 * SHA-1 (FIPS 180-4 §6.1) for the cached HMAC midstate of pc_srtp.c: a compression function over
 * whole 64-byte blocks and a small streaming context that starts from any saved state.
 *
 * Two compression functions, chosen once per process:
 *  - x86-64 with the SHA extensions (CPUID.(EAX=7,ECX=0):EBX bit 29) and SSE4.1: SHA1RNDS4,
 *    SHA1NEXTE, SHA1MSG1 and SHA1MSG2 through their intrinsics (Intel Intrinsics Guide), compiled
 *    with a target attribute so the rest of the library keeps the baseline instruction set;
 *  - everywhere else (other CPUs, other architectures, the ESP32), portable C.
 * mbedTLS 2.28 (Debian, the host) has no accelerated SHA-1, and its context cannot be started from a
 * saved state without a clone of a whole context per packet; this file does both.
 *
 * Nothing here allocates or keeps state between calls apart from the cached CPU check.
 */
#include "pc_internal.h"

#include <string.h>

#include <mbedtls/platform_util.h>

#if PC_X86_64
#include <cpuid.h>
#include <immintrin.h>
#endif

static uint32_t rotl(uint32_t x, unsigned n)
{
    return (x << n) | (x >> (32 - n));
}

static uint32_t load_be32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

static void store_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* FIPS 180-4 §4.1.1 functions and §4.2.1 constants of rounds 0-19, 20-39, 40-59, 60-79. */
#define PC_CH(x, y, z) (((x) & (y)) | (~(x) & (z)))
#define PC_PARITY(x, y, z) ((x) ^ (y) ^ (z))
#define PC_MAJ(x, y, z) (((x) & (y)) | ((x) & (z)) | ((y) & (z)))

/*
 * One round of §6.1.2 step 3 without moving the five variables: T = ROTL^5(a) + f(b,c,d) + e + K + W
 * lands in e's variable and ROTL^30 goes to b's, so five rounds with the names rotated by one each
 * time leave every value where the first round expects it.
 */
#define PC_ROUND(f, k, a, b, c, d, e, w)                                                           \
    do                                                                                             \
    {                                                                                              \
        e += rotl(a, 5) + f(b, c, d) + (k) + (w);                                                  \
        b = rotl(b, 30);                                                                           \
    } while (0)

#define PC_FIVE_ROUNDS(f, k, t)                                                                    \
    do                                                                                             \
    {                                                                                              \
        PC_ROUND(f, k, a, b, c, d, e, w[(t)]);                                                     \
        PC_ROUND(f, k, e, a, b, c, d, w[(t) + 1]);                                                 \
        PC_ROUND(f, k, d, e, a, b, c, w[(t) + 2]);                                                 \
        PC_ROUND(f, k, c, d, e, a, b, w[(t) + 3]);                                                 \
        PC_ROUND(f, k, b, c, d, e, a, w[(t) + 4]);                                                 \
    } while (0)

/* FIPS 180-4 §6.1.2 steps 1-4 per block. */
void pc_sha1_compress_portable(uint32_t state[5], const uint8_t *blocks, size_t count)
{
    while (count-- != 0)
    {
        uint32_t w[80];
        uint32_t a = state[0], b = state[1], c = state[2], d = state[3], e = state[4];
        unsigned t;

        for (t = 0; t < 16; t++)
        {
            w[t] = load_be32(blocks + 4 * t);
        }
        for (t = 16; t < 80; t++)
        {
            w[t] = rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1); /* step 1 */
        }
        for (t = 0; t < 20; t += 5)
        {
            PC_FIVE_ROUNDS(PC_CH, 0x5A827999u, t);
        }
        for (; t < 40; t += 5)
        {
            PC_FIVE_ROUNDS(PC_PARITY, 0x6ED9EBA1u, t);
        }
        for (; t < 60; t += 5)
        {
            PC_FIVE_ROUNDS(PC_MAJ, 0x8F1BBCDCu, t);
        }
        for (; t < 80; t += 5)
        {
            PC_FIVE_ROUNDS(PC_PARITY, 0xCA62C1D6u, t);
        }
        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
        blocks += PC_SHA1_BLOCK;
    }
}

#undef PC_FIVE_ROUNDS
#undef PC_ROUND
#undef PC_MAJ
#undef PC_PARITY
#undef PC_CH

#if PC_X86_64
/*
 * The same compression with the SHA extensions. Register layout (Intrinsics Guide): abcd holds
 * A in bits 127:96 down to D in bits 31:0; the E operand and each group of four schedule words
 * W_t..W_t+3 hold the first word in bits 127:96. Per group of four rounds:
 *  - _mm_sha1nexte_epu32(x, w) adds ROTL^30 of x's top word (the A of four rounds earlier, which
 *    is E now) to w's top word: the E + W input of the next four rounds;
 *  - _mm_sha1rnds4_epu32(abcd, ew, f) runs four rounds with function/constant f = t / 20;
 *  - W_t..W_t+3 for t >= 16 = sha1msg2(sha1msg1(W_t-16.., W_t-12..) ^ W_t-8.., W_t-4..), which is
 *    FIPS 180-4's W_t = ROTL^1(W_t-3 ^ W_t-8 ^ W_t-14 ^ W_t-16) four words at a time.
 */
#define PC_SHA_TARGET __attribute__((target("sha,sse4.1")))

/* Next four schedule words into w0 (which held the words 16 back), then four rounds over them. */
#define PC_SHA1_GROUP(f, w0, w1, w2, w3)                                                           \
    do                                                                                             \
    {                                                                                              \
        w0 = _mm_sha1msg2_epu32(_mm_xor_si128(_mm_sha1msg1_epu32(w0, w1), w2), w3);                \
        ew = _mm_sha1nexte_epu32(prev, w0);                                                        \
        prev = abcd;                                                                               \
        abcd = _mm_sha1rnds4_epu32(abcd, ew, f);                                                   \
    } while (0)

/* Four rounds over message words already loaded. */
#define PC_SHA1_FIRST16(w)                                                                         \
    do                                                                                             \
    {                                                                                              \
        ew = _mm_sha1nexte_epu32(prev, w);                                                         \
        prev = abcd;                                                                               \
        abcd = _mm_sha1rnds4_epu32(abcd, ew, 0);                                                   \
    } while (0)

PC_SHA_TARGET void pc_sha1_compress_shani(uint32_t state[5], const uint8_t *blocks, size_t count)
{
    /* Reverses the 16 bytes: big-endian words, first word in the top lane. */
    const __m128i reverse = _mm_set_epi64x(0x0001020304050607LL, 0x08090A0B0C0D0E0FLL);
    /* state[0..3] sit in lanes 0..3 in memory order; A belongs in lane 3. */
    __m128i abcd = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)(const void *)state), 0x1B);
    __m128i e = _mm_set_epi32((int)state[4], 0, 0, 0);

    while (count-- != 0)
    {
        const __m128i abcd_in = abcd;
        const __m128i e_in = e;
        __m128i w0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)blocks), reverse);
        __m128i w1 =
            _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)(blocks + 16)), reverse);
        __m128i w2 =
            _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)(blocks + 32)), reverse);
        __m128i w3 =
            _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)(blocks + 48)), reverse);
        __m128i ew = _mm_add_epi32(e, w0); /* rounds 0-3: E is the block's input E */
        __m128i prev = abcd;

        abcd = _mm_sha1rnds4_epu32(abcd, ew, 0);
        PC_SHA1_FIRST16(w1); /* rounds 4-15 */
        PC_SHA1_FIRST16(w2);
        PC_SHA1_FIRST16(w3);
        PC_SHA1_GROUP(0, w0, w1, w2, w3); /* rounds 16-19 */
        PC_SHA1_GROUP(1, w1, w2, w3, w0); /* rounds 20-39 */
        PC_SHA1_GROUP(1, w2, w3, w0, w1);
        PC_SHA1_GROUP(1, w3, w0, w1, w2);
        PC_SHA1_GROUP(1, w0, w1, w2, w3);
        PC_SHA1_GROUP(1, w1, w2, w3, w0);
        PC_SHA1_GROUP(2, w2, w3, w0, w1); /* rounds 40-59 */
        PC_SHA1_GROUP(2, w3, w0, w1, w2);
        PC_SHA1_GROUP(2, w0, w1, w2, w3);
        PC_SHA1_GROUP(2, w1, w2, w3, w0);
        PC_SHA1_GROUP(2, w2, w3, w0, w1);
        PC_SHA1_GROUP(3, w3, w0, w1, w2); /* rounds 60-79 */
        PC_SHA1_GROUP(3, w0, w1, w2, w3);
        PC_SHA1_GROUP(3, w1, w2, w3, w0);
        PC_SHA1_GROUP(3, w2, w3, w0, w1);
        PC_SHA1_GROUP(3, w3, w0, w1, w2);

        /* §6.1.2 step 4: H += a..e, the final E being ROTL^30 of the A before the last group. */
        e = _mm_sha1nexte_epu32(prev, e_in);
        abcd = _mm_add_epi32(abcd, abcd_in);
        blocks += PC_SHA1_BLOCK;
    }
    _mm_storeu_si128((__m128i *)(void *)state, _mm_shuffle_epi32(abcd, 0x1B));
    state[4] = (uint32_t)_mm_extract_epi32(e, 3);
}

#undef PC_SHA1_GROUP
#undef PC_SHA1_FIRST16

int pc_sha1_shani_supported(void)
{
    unsigned eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx) || (ecx & bit_SSE4_1) == 0 ||
        (ecx & bit_SSSE3) == 0)
    {
        return 0;
    }
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx))
    {
        return 0;
    }
    return (ebx & bit_SHA) != 0;
}
#endif

pc_sha1_compress_fn pc_sha1_compress(void)
{
#if PC_X86_64
    /* 0 unknown, 1 portable, 2 SHA extensions; racing first calls store the same answer. */
    static int s_choice;
    int choice = __atomic_load_n(&s_choice, __ATOMIC_RELAXED);
    if (choice == 0)
    {
        choice = pc_sha1_shani_supported() ? 2 : 1;
        __atomic_store_n(&s_choice, choice, __ATOMIC_RELAXED);
    }
    return choice == 2 ? pc_sha1_compress_shani : pc_sha1_compress_portable;
#else
    return pc_sha1_compress_portable;
#endif
}

void pc_sha1_resume(pc_sha1_ctx *ctx, const uint32_t state[5], uint64_t bytes_done,
                    pc_sha1_compress_fn compress)
{
    memcpy(ctx->state, state, sizeof(ctx->state));
    ctx->bytes = bytes_done;
    ctx->used = 0;
    ctx->compress = compress;
}

void pc_sha1_start(pc_sha1_ctx *ctx, pc_sha1_compress_fn compress)
{
    /* FIPS 180-4 §5.3.1 */
    static const uint32_t initial[5] = {0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u,
                                        0xC3D2E1F0u};
    pc_sha1_resume(ctx, initial, 0, compress);
}

void pc_sha1_update(pc_sha1_ctx *ctx, const uint8_t *data, size_t len)
{
    if (len == 0)
    {
        return; /* data may be NULL then */
    }
    ctx->bytes += len;
    if (ctx->used != 0)
    {
        size_t take = PC_SHA1_BLOCK - ctx->used;
        if (take > len)
        {
            take = len;
        }
        memcpy(ctx->buffer + ctx->used, data, take);
        ctx->used += take;
        data += take;
        len -= take;
        if (ctx->used < PC_SHA1_BLOCK)
        {
            return;
        }
        ctx->compress(ctx->state, ctx->buffer, 1);
        ctx->used = 0;
    }
    if (len >= PC_SHA1_BLOCK)
    {
        /* whole blocks straight from the caller's bytes, no copy */
        size_t n = len / PC_SHA1_BLOCK;
        ctx->compress(ctx->state, data, n);
        data += n * PC_SHA1_BLOCK;
        len -= n * PC_SHA1_BLOCK;
    }
    if (len != 0)
    {
        memcpy(ctx->buffer, data, len);
        ctx->used = len;
    }
}

void pc_sha1_finish(pc_sha1_ctx *ctx, uint8_t digest[PC_SHA1_DIGEST])
{
    /* §5.1.1: a 1 bit, zeros up to 56 mod 64 bytes, the message length in bits, big-endian. */
    uint64_t bits = ctx->bytes * 8;
    unsigned i;

    ctx->buffer[ctx->used++] = 0x80;
    if (ctx->used > PC_SHA1_BLOCK - 8)
    {
        memset(ctx->buffer + ctx->used, 0, PC_SHA1_BLOCK - ctx->used);
        ctx->compress(ctx->state, ctx->buffer, 1);
        ctx->used = 0;
    }
    memset(ctx->buffer + ctx->used, 0, PC_SHA1_BLOCK - 8 - ctx->used);
    store_be32(ctx->buffer + 56, (uint32_t)(bits >> 32));
    store_be32(ctx->buffer + 60, (uint32_t)bits);
    ctx->compress(ctx->state, ctx->buffer, 1);
    for (i = 0; i < 5; i++)
    {
        store_be32(digest + 4 * i, ctx->state[i]);
    }
    mbedtls_platform_zeroize(ctx, sizeof(*ctx));
}
