/*
 * AES-CTR with the x86-64 AES instructions (AESENC, AESENCLAST, AESKEYGENASSIST through their
 * intrinsics, Intel Intrinsics Guide), for SRTP AES-CM (RFC 3711 §4.1.1) on hosts that have them.
 *
 * Why not mbedTLS: mbedTLS 2.28 uses AES-NI too, but one block per mbedtls_aes_crypt_ecb call, so
 * every block waits for the previous one's ten dependent rounds and pays a call and a dispatch;
 * here four counter blocks go through the rounds together, which keeps the AES unit busy.
 *
 * The key schedule is FIPS-197 §5.2 (KeyExpansion) computed with AESKEYGENASSIST, which returns
 * SubWord and RotWord(SubWord) ^ Rcon of a round key's words 1 and 3; the round keys are stored in
 * the byte order AESENC takes (the state's column-major bytes), i.e. FIPS-197's w[] bytes in order.
 * The counter is SP 800-38A's 128-bit big-endian block incremented with full carry.
 *
 * Compiled only for x86-64 with GCC or Clang, with a target attribute so the rest of the library
 * keeps the baseline instruction set; callers check pc_aesni_supported() first.
 */
#include "pc_internal.h"

#if PC_X86_64

#include <cpuid.h>
#include <immintrin.h>
#include <string.h>

#include <mbedtls/platform_util.h>

#define PC_AES_TARGET __attribute__((target("aes,sse4.1")))

int pc_aesni_supported(void)
{
    /* 0 unknown, 1 no, 2 yes; racing first calls store the same answer. */
    static int s_answer;
    int answer = __atomic_load_n(&s_answer, __ATOMIC_RELAXED);
    if (answer == 0)
    {
        unsigned eax, ebx, ecx, edx;
        answer = __get_cpuid(1, &eax, &ebx, &ecx, &edx) && (ecx & bit_AES) != 0 &&
                         (ecx & bit_SSE4_1) != 0
                     ? 2
                     : 1;
        __atomic_store_n(&s_answer, answer, __ATOMIC_RELAXED);
    }
    return answer == 2;
}

/*
 * FIPS-197 §5.2 for one step: w[i] = w[i-Nk] ^ temp for the four words of a round key, where the
 * first word's temp is `gen` (already broadcast to all lanes) and each later word's temp is the
 * word before it: the prefix XOR of the previous round key's words, XORed with gen.
 */
PC_AES_TARGET static __m128i next_key(__m128i prev, __m128i gen)
{
    prev = _mm_xor_si128(prev, _mm_slli_si128(prev, 4));
    prev = _mm_xor_si128(prev, _mm_slli_si128(prev, 8));
    return _mm_xor_si128(prev, gen);
}

/* temp = RotWord(SubWord(last word)) ^ Rcon: lane 3 of AESKEYGENASSIST, broadcast. */
#define PC_ROT(k, rcon) _mm_shuffle_epi32(_mm_aeskeygenassist_si128((k), (rcon)), 0xFF)
/* temp = SubWord(last word) (Nk = 8, i mod 8 = 4): lane 2, broadcast. */
#define PC_SUB(k) _mm_shuffle_epi32(_mm_aeskeygenassist_si128((k), 0), 0xAA)

PC_AES_TARGET void pc_aesni_expand(pc_aesni_key *k, const uint8_t *key, size_t keylen)
{
    __m128i rk[15];
    int i;

    rk[0] = _mm_loadu_si128((const __m128i *)(const void *)key);
    if (keylen == 16)
    {
        /* Nk = 4, Nr = 10; Rcon = x^(i-1) in GF(2^8) (§5.2) */
        rk[1] = next_key(rk[0], PC_ROT(rk[0], 0x01));
        rk[2] = next_key(rk[1], PC_ROT(rk[1], 0x02));
        rk[3] = next_key(rk[2], PC_ROT(rk[2], 0x04));
        rk[4] = next_key(rk[3], PC_ROT(rk[3], 0x08));
        rk[5] = next_key(rk[4], PC_ROT(rk[4], 0x10));
        rk[6] = next_key(rk[5], PC_ROT(rk[5], 0x20));
        rk[7] = next_key(rk[6], PC_ROT(rk[6], 0x40));
        rk[8] = next_key(rk[7], PC_ROT(rk[7], 0x80));
        rk[9] = next_key(rk[8], PC_ROT(rk[8], 0x1B));
        rk[10] = next_key(rk[9], PC_ROT(rk[9], 0x36));
        k->rounds = 10;
    }
    else
    {
        /* Nk = 8, Nr = 14: alternately RotWord+SubWord+Rcon and SubWord alone */
        rk[1] = _mm_loadu_si128((const __m128i *)(const void *)(key + 16));
        rk[2] = next_key(rk[0], PC_ROT(rk[1], 0x01));
        rk[3] = next_key(rk[1], PC_SUB(rk[2]));
        rk[4] = next_key(rk[2], PC_ROT(rk[3], 0x02));
        rk[5] = next_key(rk[3], PC_SUB(rk[4]));
        rk[6] = next_key(rk[4], PC_ROT(rk[5], 0x04));
        rk[7] = next_key(rk[5], PC_SUB(rk[6]));
        rk[8] = next_key(rk[6], PC_ROT(rk[7], 0x08));
        rk[9] = next_key(rk[7], PC_SUB(rk[8]));
        rk[10] = next_key(rk[8], PC_ROT(rk[9], 0x10));
        rk[11] = next_key(rk[9], PC_SUB(rk[10]));
        rk[12] = next_key(rk[10], PC_ROT(rk[11], 0x20));
        rk[13] = next_key(rk[11], PC_SUB(rk[12]));
        rk[14] = next_key(rk[12], PC_ROT(rk[13], 0x40));
        k->rounds = 14;
    }
    for (i = 0; i <= (int)k->rounds; i++)
    {
        _mm_storeu_si128((__m128i *)(void *)(k->rk + 16 * i), rk[i]);
    }
    mbedtls_platform_zeroize(rk, sizeof(rk));
}

#undef PC_ROT
#undef PC_SUB

/* The counter as two halves: bytes 0-7 and 8-15, each read big-endian. */
static uint64_t load_be64(const uint8_t *p)
{
    uint64_t v = 0;
    int i;
    for (i = 0; i < 8; i++)
    {
        v = (v << 8) | p[i];
    }
    return v;
}

/* The counter block in memory byte order: hi's bytes big-endian in lanes 0-7, lo's in 8-15. */
PC_AES_TARGET static __m128i counter_block(uint64_t hi, uint64_t lo)
{
    return _mm_set_epi64x((long long)__builtin_bswap64(lo), (long long)__builtin_bswap64(hi));
}

/* SP 800-38A B.1 with the whole block as the counter: carry from the low half into the high. */
static void increment(uint64_t *hi, uint64_t *lo)
{
    if (++*lo == 0)
    {
        ++*hi;
    }
}

PC_AES_TARGET void pc_aesni_ctr_xor(const pc_aesni_key *k, const uint8_t iv[16], uint8_t *data,
                                    size_t len)
{
    __m128i rk[15];
    uint64_t hi = load_be64(iv), lo = load_be64(iv + 8);
    const unsigned nr = k->rounds;
    unsigned r;

    for (r = 0; r <= nr; r++)
    {
        rk[r] = _mm_loadu_si128((const __m128i *)(const void *)(k->rk + 16 * r));
    }
    while (len >= 4 * 16)
    {
        __m128i b0, b1, b2, b3;
        b0 = _mm_xor_si128(counter_block(hi, lo), rk[0]);
        increment(&hi, &lo);
        b1 = _mm_xor_si128(counter_block(hi, lo), rk[0]);
        increment(&hi, &lo);
        b2 = _mm_xor_si128(counter_block(hi, lo), rk[0]);
        increment(&hi, &lo);
        b3 = _mm_xor_si128(counter_block(hi, lo), rk[0]);
        increment(&hi, &lo);
        for (r = 1; r < nr; r++)
        {
            b0 = _mm_aesenc_si128(b0, rk[r]);
            b1 = _mm_aesenc_si128(b1, rk[r]);
            b2 = _mm_aesenc_si128(b2, rk[r]);
            b3 = _mm_aesenc_si128(b3, rk[r]);
        }
        b0 = _mm_aesenclast_si128(b0, rk[nr]);
        b1 = _mm_aesenclast_si128(b1, rk[nr]);
        b2 = _mm_aesenclast_si128(b2, rk[nr]);
        b3 = _mm_aesenclast_si128(b3, rk[nr]);
        _mm_storeu_si128((__m128i *)(void *)data,
                         _mm_xor_si128(b0, _mm_loadu_si128((const __m128i *)(const void *)data)));
        _mm_storeu_si128(
            (__m128i *)(void *)(data + 16),
            _mm_xor_si128(b1, _mm_loadu_si128((const __m128i *)(const void *)(data + 16))));
        _mm_storeu_si128(
            (__m128i *)(void *)(data + 32),
            _mm_xor_si128(b2, _mm_loadu_si128((const __m128i *)(const void *)(data + 32))));
        _mm_storeu_si128(
            (__m128i *)(void *)(data + 48),
            _mm_xor_si128(b3, _mm_loadu_si128((const __m128i *)(const void *)(data + 48))));
        data += 4 * 16;
        len -= 4 * 16;
    }
    while (len != 0)
    {
        __m128i b = _mm_xor_si128(counter_block(hi, lo), rk[0]);
        increment(&hi, &lo);
        for (r = 1; r < nr; r++)
        {
            b = _mm_aesenc_si128(b, rk[r]);
        }
        b = _mm_aesenclast_si128(b, rk[nr]);
        if (len >= 16)
        {
            _mm_storeu_si128((__m128i *)(void *)data,
                             _mm_xor_si128(b, _mm_loadu_si128((const __m128i *)(const void *)data)));
            data += 16;
            len -= 16;
        }
        else
        {
            uint8_t stream[16];
            size_t i;
            _mm_storeu_si128((__m128i *)(void *)stream, b);
            for (i = 0; i < len; i++)
            {
                data[i] ^= stream[i];
            }
            mbedtls_platform_zeroize(stream, sizeof(stream));
            len = 0;
        }
    }
    mbedtls_platform_zeroize(rk, sizeof(rk));
}

#endif /* PC_X86_64 */
