/*
 * Known-answer tests for phone_crypto against published vectors only:
 *  - FIPS-197 Appendix C.1 (AES-128) and C.3 (AES-256) single blocks, run through CTR with the
 *    plaintext as counter block and zero data, so the output is AES(key, plaintext);
 *  - NIST SP 800-38A F.5.1 (CTR-AES128) and F.5.5 (CTR-AES256), whole and at every length;
 *  - counter carry across the 64-bit and 128-bit boundaries (expected values produced by
 *    `openssl enc -aes-128-ctr`, an independent implementation, see comments);
 *  - RFC 2202 §3 HMAC-SHA1 test cases 1-7, split into two ranges at every position.
 * Buffers are heap blocks of exactly the tested length so AddressSanitizer and valgrind see any
 * byte read or written past a range. Prints "N passed, 0 failed" and exits non-zero on failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "phone_crypto.h"
#include "test_support.h"

int pc_net_aes_ctr_xor(const uint8_t *key, int32_t keyOffset, int32_t keyLength, const uint8_t *iv,
                       int32_t ivOffset, uint8_t *data, int32_t offset, int32_t length);
int pc_net_hmac_sha1(const uint8_t *key, int32_t keyOffset, int32_t keyLength, const uint8_t *a,
                     int32_t aOffset, int32_t aLength, const uint8_t *b, int32_t bOffset,
                     int32_t bLength, uint8_t *tag, int32_t tagOffset);

static uint8_t *dup_exact(const uint8_t *src, size_t n)
{
    uint8_t *p = malloc(n ? n : 1);
    if (n)
    {
        memcpy(p, src, n);
    }
    return p;
}

/* FIPS-197 C.1 / C.3: AES(key, 00112233...ff). */
static void test_fips197(const char *name, const char *key_hex, const char *expect_hex)
{
    size_t klen, elen;
    uint8_t *key = hex(key_hex, &klen);
    uint8_t *iv = hex("00112233445566778899aabbccddeeff", NULL);
    uint8_t *expect = hex(expect_hex, &elen);
    uint8_t *data = calloc(1, 16);
    int rc = pc_aes_ctr_xor(key, klen, iv, data, 16);
    check(rc == PC_OK && memcmp(data, expect, 16) == 0, name);
    free(key), free(iv), free(expect), free(data);
}

static const char *SP800_38A_PLAIN = "6bc1bee22e409f96e93d7e117393172a"
                                     "ae2d8a571e03ac9c9eb76fac45af8e51"
                                     "30c81c46a35ce411e5fbc1191a0a52ef"
                                     "f69f2445df4f9b17ad2b417be66c3710";
static const char *SP800_38A_CTR = "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";

/* SP 800-38A F.5.x: encrypt at every length 0..64 (prefix property of CTR), decrypt whole. */
static void test_sp800_38a(const char *name, const char *key_hex, const char *cipher_hex)
{
    size_t klen, plen, clen, n;
    uint8_t *key = hex(key_hex, &klen);
    uint8_t *iv = hex(SP800_38A_CTR, NULL);
    uint8_t *iv_copy = hex(SP800_38A_CTR, NULL);
    uint8_t *plain = hex(SP800_38A_PLAIN, &plen);
    uint8_t *cipher = hex(cipher_hex, &clen);
    char label[128];
    int all_ok = 1;

    for (n = 0; n <= plen; n++)
    {
        uint8_t *data = dup_exact(plain, n);
        int rc = pc_aes_ctr_xor(key, klen, iv, n ? data : NULL, n);
        if (rc != PC_OK || (n && memcmp(data, cipher, n) != 0))
        {
            all_ok = 0;
            printf("  %s: mismatch at length %zu\n", name, n);
        }
        free(data);
    }
    snprintf(label, sizeof label, "%s encrypt, lengths 0..64", name);
    check(all_ok, label);
    check(memcmp(iv, iv_copy, 16) == 0, "counter block left unmodified");

    {
        uint8_t *data = dup_exact(cipher, clen);
        int rc = pc_aes_ctr_xor(key, klen, iv, data, clen);
        snprintf(label, sizeof label, "%s decrypt", name);
        check(rc == PC_OK && memcmp(data, plain, plen) == 0, label);
        free(data);
    }
    free(key), free(iv), free(iv_copy), free(plain), free(cipher);
}

/* Keystream for key 000102..0f and the given counter block, 48 bytes. */
static void test_carry(const char *name, const char *iv_hex, const char *expect_hex)
{
    size_t klen, elen;
    uint8_t *key = hex("000102030405060708090a0b0c0d0e0f", &klen);
    uint8_t *iv = hex(iv_hex, NULL);
    uint8_t *expect = hex(expect_hex, &elen);
    uint8_t *data = calloc(1, elen);
    int rc = pc_aes_ctr_xor(key, klen, iv, data, elen);
    check(rc == PC_OK && memcmp(data, expect, elen) == 0, name);
    free(key), free(iv), free(expect), free(data);
}

static void test_bad_arguments(void)
{
    uint8_t key[32] = {0}, iv[16] = {0}, data[16] = {0}, tag[20];
    check(pc_aes_ctr_xor(key, 15, iv, data, 16) == PC_ERR_KEY_LENGTH, "AES key of 15 bytes rejected");
    check(pc_aes_ctr_xor(key, 24, iv, data, 16) == PC_ERR_KEY_LENGTH, "AES-192 key rejected (not an SRTP suite)");
    check(pc_aes_ctr_xor(key, 16, iv, NULL, 1) == PC_ERR_ARGUMENT, "NULL data with length rejected");
    check(pc_aes_ctr_xor(key, 16, iv, NULL, 0) == PC_OK, "empty range accepted");
    check(pc_hmac_sha1(key, 20, NULL, 1, NULL, 0, tag) == PC_ERR_ARGUMENT, "NULL HMAC range rejected");
    check(pc_net_aes_ctr_xor(key, 0, 16, iv, 0, data, -1, 1) == PC_ERR_ARGUMENT, "negative offset rejected");
}

/* pc_net_* apply offsets: SP 800-38A F.5.1 block 2 placed mid-buffer, key and IV mid-buffer. */
static void test_offsets(void)
{
    size_t n;
    uint8_t *kbuf = hex("ffff2b7e151628aed2a6abf7158809cf4f3c", &n);
    uint8_t *ivbuf = hex("eeeeeef0f1f2f3f4f5f6f7f8f9fafbfcfdfeff", &n);
    uint8_t *buf = hex("0000006bc1bee22e409f96e93d7e117393172a0000", &n);
    uint8_t *expect = hex("874d6191b620e3261bef6864990db6ce", NULL);
    int rc = pc_net_aes_ctr_xor(kbuf, 2, 16, ivbuf, 3, buf, 3, 16);
    check(rc == PC_OK && memcmp(buf + 3, expect, 16) == 0 && buf[2] == 0 && buf[19] == 0,
          "P/Invoke entry honours offsets (SP 800-38A F.5.1 block 1)");
    free(kbuf), free(ivbuf), free(buf), free(expect);

    {
        /* RFC 2202 case 2 with key, data and tag at offsets, data split 10/18. */
        const char *msg = "xxwhat do ya want for nothing?";
        uint8_t *key = (uint8_t *)dup_exact((const uint8_t *)"--Jefe", 6);
        uint8_t *m = dup_exact((const uint8_t *)msg, strlen(msg));
        uint8_t *tag = calloc(1, 25);
        uint8_t *want = hex("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79", NULL);
        rc = pc_net_hmac_sha1(key, 2, 4, m, 2, 10, m, 12, 18, tag, 5);
        check(rc == PC_OK && memcmp(tag + 5, want, 20) == 0, "P/Invoke HMAC entry honours offsets (RFC 2202 case 2)");
        free(key), free(m), free(tag), free(want);
    }
}

/* RFC 2202 §3: every split of the data into (a, b), a and b in exact-size heap blocks. */
static void test_rfc2202(const char *name, const uint8_t *key_src, size_t klen, const uint8_t *msg,
                         size_t mlen, const char *digest_hex)
{
    uint8_t *want = hex(digest_hex, NULL);
    uint8_t *key = dup_exact(key_src, klen);
    size_t split;
    int all_ok = 1;
    char label[160];

    for (split = 0; split <= mlen; split++)
    {
        uint8_t *a = dup_exact(msg, split);
        uint8_t *b = dup_exact(msg + split, mlen - split);
        uint8_t *tag = malloc(PC_SHA1_TAG);
        int rc = pc_hmac_sha1(key, klen, split ? a : NULL, split, mlen - split ? b : NULL,
                              mlen - split, tag);
        if (rc != PC_OK || memcmp(tag, want, PC_SHA1_TAG) != 0)
        {
            all_ok = 0;
            printf("  %s: mismatch at split %zu\n", name, split);
        }
        free(a), free(b), free(tag);
    }
    snprintf(label, sizeof label, "RFC 2202 HMAC-SHA1 %s, all %zu splits", name, mlen + 1);
    check(all_ok, label);
    free(want), free(key);
}

static void rfc2202_all(void)
{
    uint8_t k[80], d[80];
    size_t i;

    memset(k, 0x0b, 20);
    test_rfc2202("case 1", k, 20, (const uint8_t *)"Hi There", 8, "b617318655057264e28bc0b6fb378c8ef146be00");
    test_rfc2202("case 2", (const uint8_t *)"Jefe", 4, (const uint8_t *)"what do ya want for nothing?", 28,
                 "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
    memset(k, 0xaa, 20);
    memset(d, 0xdd, 50);
    test_rfc2202("case 3", k, 20, d, 50, "125d7342b9ac11cd91a39af48aa17b4f63f175d3");
    for (i = 0; i < 25; i++)
    {
        k[i] = (uint8_t)(i + 1);
    }
    memset(d, 0xcd, 50);
    test_rfc2202("case 4", k, 25, d, 50, "4c9007f4026250c6bc8414f9bf50c86c2d7235da");
    memset(k, 0x0c, 20);
    test_rfc2202("case 5", k, 20, (const uint8_t *)"Test With Truncation", 20,
                 "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04");
    memset(k, 0xaa, 80);
    test_rfc2202("case 6", k, 80, (const uint8_t *)"Test Using Larger Than Block-Size Key - Hash Key First", 54,
                 "aa4ae5e15272d00e95705637ce8a3b55ed402112");
    test_rfc2202("case 7", k, 80,
                 (const uint8_t *)"Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data", 73,
                 "e8e99d0f45237d786d6bbaa7965c7808bbff1a91");
}

int main(void)
{
    test_fips197("FIPS-197 C.1 AES-128", "000102030405060708090a0b0c0d0e0f", "69c4e0d86a7b0430d8cdb78070b4c55a");
    test_fips197("FIPS-197 C.3 AES-256", "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
                 "8ea2b7ca516745bfeafc49904b496089");
    test_sp800_38a("SP 800-38A F.5.1 CTR-AES128", "2b7e151628aed2a6abf7158809cf4f3c",
                   "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff"
                   "5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee");
    test_sp800_38a("SP 800-38A F.5.5 CTR-AES256", "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
                   "601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c5"
                   "2b0930daa23de94ce87017ba2d84988ddfc9c58db67aada613c2dd08457941a6");
    /* openssl enc -aes-128-ctr -K 000102030405060708090a0b0c0d0e0f -iv 0000000000000000ffffffffffffffff */
    test_carry("CTR carry from the low 64 bits into the high 64 bits", "0000000000000000ffffffffffffffff",
               "39a7ef0a0a5852a8bfd2032344bf941213189a6ae4ab07ae70a3aabd30be99de8f9429444c8f4b3599421235b510df3d");
    /* openssl enc -aes-128-ctr -K 000102030405060708090a0b0c0d0e0f -iv ffffffffffffffffffffffffffffffff;
       block 2 is AES(key, 0), the well-known c6a13b37... */
    test_carry("CTR wrap modulo 2^128", "ffffffffffffffffffffffffffffffff",
               "3c441f32ce07822364d7a2990e50bb13c6a13b37878f5b826f4f8162a1c8d8797346139595c0b41e497bbde365f42d0a");
    test_bad_arguments();
    test_offsets();
    rfc2202_all();

    pc_release_thread_state();
    printf("%d passed, %d failed\n", g_passed, g_failed);
    return g_failed == 0 ? 0 : 1;
}
