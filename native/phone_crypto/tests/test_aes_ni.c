/*
 * Tests of the two AES-CTR loops against each other and against published vectors, because on an
 * x86-64 CPU with the AES instructions pc_aes_ctr_xor and pc_srtp take pc_aes_ni.c and the
 * mbedTLS loop (pc_ctr_xor) would otherwise go untested:
 *  - NIST SP 800-38A F.5.1 (CTR-AES128) and F.5.5 (CTR-AES256) through pc_ctr_xor over an mbedTLS
 *    context, and through pc_aesni_ctr_xor when the CPU has the instructions;
 *  - pc_aesni_ctr_xor equal to pc_ctr_xor for both key sizes at every length 0..200 from random
 *    counter blocks, and from counters whose low 64 bits or all 128 bits are about to wrap;
 * Buffers are heap blocks of exactly the tested length. Prints "N passed, 0 failed".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pc_internal.h"
#include "phone_crypto.h"
#include "test_support.h"

static const char *PLAIN = "6bc1bee22e409f96e93d7e117393172a"
                           "ae2d8a571e03ac9c9eb76fac45af8e51"
                           "30c81c46a35ce411e5fbc1191a0a52ef"
                           "f69f2445df4f9b17ad2b417be66c3710";
static const char *COUNTER = "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";

static void test_sp800_38a(const char *name, const char *key_hex, const char *cipher_hex)
{
    size_t klen, plen;
    uint8_t *key = hex(key_hex, &klen);
    uint8_t *iv = hex(COUNTER, NULL);
    uint8_t *cipher = hex(cipher_hex, NULL);
    uint8_t *data = hex(PLAIN, &plen);
    char label[128];
    mbedtls_aes_context aes;

    mbedtls_aes_init(&aes);
    mbedtls_aes_setkey_enc(&aes, key, (unsigned)(klen * 8));
    snprintf(label, sizeof label, "%s through mbedTLS (pc_ctr_xor)", name);
    check(pc_ctr_xor(&aes, iv, data, plen) == 0 && memcmp(data, cipher, plen) == 0, label);
    mbedtls_aes_free(&aes);
#if PC_X86_64
    if (pc_aesni_supported())
    {
        pc_aesni_key k;
        free(data);
        data = hex(PLAIN, NULL);
        pc_aesni_expand(&k, key, klen);
        pc_aesni_ctr_xor(&k, iv, data, plen);
        snprintf(label, sizeof label, "%s through the AES instructions", name);
        check(memcmp(data, cipher, plen) == 0, label);
    }
#endif
    free(key), free(iv), free(cipher), free(data);
}

#if PC_X86_64
static uint32_t g_rand = 0x9E3779B9u;

static uint8_t next_byte(void)
{
    /* xorshift32 */
    g_rand ^= g_rand << 13;
    g_rand ^= g_rand >> 17;
    g_rand ^= g_rand << 5;
    return (uint8_t)(g_rand >> 24);
}

/* pc_aesni_ctr_xor == pc_ctr_xor at lengths 0..200; `wrap` sets the counter's low bytes to ff. */
static void test_equal_to_mbedtls(size_t keylen, size_t wrap_bytes, const char *name)
{
    uint8_t key[32];
    mbedtls_aes_context aes;
    pc_aesni_key k;
    int ok = 1;
    size_t len, i;

    for (i = 0; i < keylen; i++)
    {
        key[i] = next_byte();
    }
    mbedtls_aes_init(&aes);
    mbedtls_aes_setkey_enc(&aes, key, (unsigned)(keylen * 8));
    pc_aesni_expand(&k, key, keylen);
    for (len = 0; len <= 200; len++)
    {
        uint8_t iv[16];
        uint8_t *want = malloc(len ? len : 1);
        uint8_t *got = malloc(len ? len : 1);
        for (i = 0; i < 16; i++)
        {
            iv[i] = i >= 16 - wrap_bytes ? 0xFF : next_byte();
        }
        if (wrap_bytes != 0)
        {
            iv[15] = (uint8_t)(0xFF - len % 8); /* the wrap falls on different blocks */
        }
        for (i = 0; i < len; i++)
        {
            want[i] = got[i] = next_byte();
        }
        if (pc_ctr_xor(&aes, iv, want, len) != 0)
        {
            ok = 0;
        }
        pc_aesni_ctr_xor(&k, iv, got, len);
        if (len != 0 && memcmp(want, got, len) != 0)
        {
            ok = 0;
            printf("  %s: differs at length %zu\n", name, len);
        }
        free(want);
        free(got);
    }
    mbedtls_aes_free(&aes);
    check(ok, name);
}
#endif

int main(void)
{
    test_sp800_38a("SP 800-38A F.5.1 CTR-AES128", "2b7e151628aed2a6abf7158809cf4f3c",
                   "874d6191b620e3261bef6864990db6ce"
                   "9806f66b7970fdff8617187bb9fffdff"
                   "5ae4df3edbd5d35e5b4f09020db03eab"
                   "1e031dda2fbe03d1792170a0f3009cee");
    test_sp800_38a("SP 800-38A F.5.5 CTR-AES256",
                   "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
                   "601ec313775789a5b7a7f504bbf3d228"
                   "f443e3ca4d62b59aca84e990cacaf5c5"
                   "2b0930daa23de94ce87017ba2d84988d"
                   "dfc9c58db67aada613c2dd08457941a6");
#if PC_X86_64
    if (pc_aesni_supported())
    {
        test_equal_to_mbedtls(16, 0, "AES-128: AES instructions equal mbedTLS, lengths 0..200");
        test_equal_to_mbedtls(32, 0, "AES-256: AES instructions equal mbedTLS, lengths 0..200");
        test_equal_to_mbedtls(16, 8, "AES-128: equal across the 64-bit counter carry");
        test_equal_to_mbedtls(32, 16, "AES-256: equal across the 128-bit counter wrap");
    }
    else
    {
        printf("CPUID reports no AES instructions: mbedTLS path only\n");
    }
#endif
    printf("%d passed, %d failed\n", g_passed, g_failed);
    return g_failed == 0 ? 0 : 1;
}
