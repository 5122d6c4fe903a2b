/*
 * Tests of the packet-level transform with cached key state (pc_srtp.c), against published
 * vectors only:
 *  - RFC 2202 §3 HMAC-SHA1 cases 1-7 through the cached inner/outer state (protect with nothing
 *    to encrypt and the full 20-byte tag), including the 80-byte keys RFC 2104 hashes first;
 *  - RFC 3711 Appendix B.2 AES-CM keystream (SSRC 0, index 0) through the cached key schedule;
 *  - RFC 3711 Appendix B.3 session keys derived with pc_aes_ctr_xor, then libsrtp's
 *    srtp_validate() packet (AES_CM_128_HMAC_SHA1_80) protected and unprotected in one call each;
 *  - the cached XOR against the stateless one at every length 0..80 and unaligned offsets;
 *  - unprotect refusing a tampered packet or tag without touching the packet;
 *  - key replacement: a closed handle, and one whose slot was reused, is refused; the new key
 *    gives the new key's answers; the table refuses an open when full and recovers.
 * Built twice: with the SHA-1 midstate cache (default) and with the pad-block cache the classic
 * ESP32 build uses (-DPC_HMAC_MIDSTATE=0). Buffers are heap blocks of exactly the tested length.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "phone_crypto.h"
#include "test_support.h"

int pc_net_srtp_protect(int32_t handle, uint8_t *packet, int32_t offset, int32_t authLength,
                        int32_t cipherOffset, int32_t cipherLength, int32_t ssrc, int64_t index,
                        int32_t flags, int32_t tagOffset, int32_t tagLength);
int pc_net_srtp_unprotect(int32_t handle, uint8_t *packet, int32_t offset, int32_t authLength,
                          int32_t cipherOffset, int32_t cipherLength, int32_t ssrc, int64_t index,
                          int32_t flags, int32_t tagOffset, int32_t tagLength);

static const uint8_t ZERO_SALT[PC_SRTP_SALT] = {0};
static const uint8_t AES_KEY[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

/* HMAC through the cached state: protect over msg with no encryption, 20-byte tag. */
static int cached_hmac(const uint8_t *key, size_t klen, const uint8_t *msg, size_t mlen,
                       uint8_t tag[20])
{
    int h = pc_srtp_open(AES_KEY, 16, ZERO_SALT, key, klen);
    uint8_t *copy = malloc(mlen ? mlen : 1);
    int rc;
    if (h <= 0)
    {
        free(copy);
        return h;
    }
    memcpy(copy, msg, mlen);
    rc = pc_srtp_protect(h, mlen ? copy : NULL, mlen, 0, 0, 0, 0, 0, tag, 20);
    if (rc == PC_OK && memcmp(copy, msg, mlen) != 0)
    {
        rc = -100; /* authenticating must not change the message */
    }
    free(copy);
    pc_srtp_close(h);
    return rc;
}

static void test_rfc2202(const char *name, const uint8_t *key, size_t klen, const uint8_t *msg,
                         size_t mlen, const char *digest_hex)
{
    uint8_t tag[20];
    uint8_t *want = hex(digest_hex, NULL);
    int rc = cached_hmac(key, klen, msg, mlen, tag);
    check(rc == PC_OK && memcmp(tag, want, 20) == 0, name);
    free(want);
}

static void rfc2202_all(void)
{
    uint8_t key[80], msg[80];
    const char *m7 = "Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data";
    const char *m6 = "Test Using Larger Than Block-Size Key - Hash Key First";
    uint8_t *k3;

    memset(key, 0x0b, 20);
    test_rfc2202("RFC 2202 case 1 (cached)", key, 20, (const uint8_t *)"Hi There", 8,
                 "b617318655057264e28bc0b6fb378c8ef146be00");
    test_rfc2202("RFC 2202 case 2 (cached)", (const uint8_t *)"Jefe", 4,
                 (const uint8_t *)"what do ya want for nothing?", 28,
                 "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
    memset(key, 0xaa, 20);
    memset(msg, 0xdd, 50);
    test_rfc2202("RFC 2202 case 3 (cached)", key, 20, msg, 50,
                 "125d7342b9ac11cd91a39af48aa17b4f63f175d3");
    k3 = hex("0102030405060708090a0b0c0d0e0f10111213141516171819", NULL);
    memset(msg, 0xcd, 50);
    test_rfc2202("RFC 2202 case 4 (cached)", k3, 25, msg, 50,
                 "4c9007f4026250c6bc8414f9bf50c86c2d7235da");
    free(k3);
    memset(key, 0x0c, 20);
    test_rfc2202("RFC 2202 case 5 (cached)", key, 20, (const uint8_t *)"Test With Truncation", 20,
                 "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04");
    memset(key, 0xaa, 80);
    test_rfc2202("RFC 2202 case 6 (cached, 80-byte key hashed first)", key, 80,
                 (const uint8_t *)m6, strlen(m6), "aa4ae5e15272d00e95705637ce8a3b55ed402112");
    test_rfc2202("RFC 2202 case 7 (cached, 80-byte key hashed first)", key, 80,
                 (const uint8_t *)m7, strlen(m7), "e8e99d0f45237d786d6bbaa7965c7808bbff1a91");
}

/* RFC 3711 B.2: session key/salt, IV = salt || 0000 (SSRC 0, index 0). */
static void test_rfc3711_b2(void)
{
    uint8_t *key = hex("2b7e151628aed2a6abf7158809cf4f3c", NULL);
    uint8_t *salt = hex("f0f1f2f3f4f5f6f7f8f9fafbfcfd", NULL);
    uint8_t *want = hex("e03ead0935c95e80e166b16dd92b4eb4d23513162b02d0f72a43a2fe4a5f97ab"
                        "41e95b3bb0a2e8dd477901e4fca894c0",
                        NULL);
    uint8_t *data = calloc(48, 1);
    uint8_t tag[10];
    uint8_t auth[20] = {0};
    int h = pc_srtp_open(key, 16, salt, auth, 20);
    int rc = pc_srtp_protect(h, data, 48, 0, 48, 0, 0, 0, tag, 10);
    check(h > 0 && rc == PC_OK && memcmp(data, want, 48) == 0,
          "RFC 3711 B.2 keystream through the cached key schedule");
    /* Unprotect with the right tag decrypts back to zeros. */
    rc = pc_srtp_unprotect(h, data, 48, 0, 48, 0, 0, 0, tag, 10);
    check(rc == PC_OK && data[0] == 0 && data[47] == 0, "RFC 3711 B.2 keystream removed by unprotect");
    pc_srtp_close(h);
    free(key);
    free(salt);
    free(want);
    free(data);
}

/* RFC 3711 §4.3.1 with kdr 0: AES-CM(master, (salt ^ label << 48) || 0000) over n zero bytes. */
static void derive(const uint8_t *mkey, const uint8_t *msalt, int label, uint8_t *out, size_t n)
{
    uint8_t iv[16];
    memcpy(iv, msalt, 14);
    iv[7] ^= (uint8_t)label;
    iv[14] = iv[15] = 0;
    memset(out, 0, n);
    pc_aes_ctr_xor(mkey, 16, iv, out, n);
}

static void test_srtp_validate(void)
{
    uint8_t *mkey = hex("e1f97a0d3e018be0d64fa32c06de4139", NULL);
    uint8_t *msalt = hex("0ec675ad498afeebb6960b3aabe6", NULL);
    uint8_t *b3 = hex("c61e7a93744f39ee10734afe3ff7a087" "30cbbc08863d8c85d49db34a9ae1"
                      "cebe321f6ff7716b6fd4ab49af256a156d38baa4",
                      NULL);
    uint8_t ck[16], cs[14], ak[20];
    size_t plen, elen;
    uint8_t *plain = hex("800f1234decafbadcafebabeabababababababababababababababab", &plen);
    uint8_t *expect = hex("800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402"
                          "b78d6acc99ea179b8dbb",
                          &elen);
    uint8_t *pkt = malloc(elen);
    int h, rc;

    derive(mkey, msalt, 0, ck, 16);
    derive(mkey, msalt, 1, ak, 20);
    derive(mkey, msalt, 2, cs, 14);
    check(memcmp(ck, b3, 16) == 0 && memcmp(cs, b3 + 16, 14) == 0 && memcmp(ak, b3 + 30, 20) == 0,
          "RFC 3711 B.3 session keys");

    h = pc_srtp_open(ck, 16, cs, ak, 20);
    memcpy(pkt, plain, plen);
    rc = pc_net_srtp_protect(h, pkt, 0, (int32_t)plen, 12, (int32_t)plen - 12, (int32_t)0xcafebabe,
                             0x1234, PC_SRTP_AUTH_ROC, (int32_t)plen, 10);
    check(rc == PC_OK && memcmp(pkt, expect, elen) == 0, "srtp_validate packet: protect in one call");

    rc = pc_net_srtp_unprotect(h, pkt, 0, (int32_t)plen, 12, (int32_t)plen - 12,
                               (int32_t)0xcafebabe, 0x1234, PC_SRTP_AUTH_ROC, (int32_t)plen, 10);
    check(rc == PC_OK && memcmp(pkt, plain, plen) == 0, "srtp_validate packet: unprotect in one call");

    /* Tampering: one payload bit, one tag bit, a wrong ROC; the packet stays as it was. */
    memcpy(pkt, expect, elen);
    pkt[20] ^= 1;
    rc = pc_net_srtp_unprotect(h, pkt, 0, (int32_t)plen, 12, (int32_t)plen - 12,
                               (int32_t)0xcafebabe, 0x1234, PC_SRTP_AUTH_ROC, (int32_t)plen, 10);
    pkt[20] ^= 1;
    check(rc == PC_ERR_AUTH && memcmp(pkt, expect, elen) == 0, "tampered payload refused, nothing decrypted");
    pkt[elen - 1] ^= 0x80;
    rc = pc_net_srtp_unprotect(h, pkt, 0, (int32_t)plen, 12, (int32_t)plen - 12,
                               (int32_t)0xcafebabe, 0x1234, PC_SRTP_AUTH_ROC, (int32_t)plen, 10);
    pkt[elen - 1] ^= 0x80;
    check(rc == PC_ERR_AUTH && memcmp(pkt, expect, elen) == 0, "tampered tag refused");
    rc = pc_net_srtp_unprotect(h, pkt, 0, (int32_t)plen, 12, (int32_t)plen - 12,
                               (int32_t)0xcafebabe, 0x1234 + 0x10000, PC_SRTP_AUTH_ROC,
                               (int32_t)plen, 10);
    check(rc == PC_ERR_AUTH && memcmp(pkt, expect, elen) == 0, "wrong ROC refused");
    /* 32-bit tag: the first 4 bytes of the same MAC. */
    memcpy(pkt, plain, plen);
    rc = pc_net_srtp_protect(h, pkt, 0, (int32_t)plen, 12, (int32_t)plen - 12, (int32_t)0xcafebabe,
                             0x1234, PC_SRTP_AUTH_ROC, (int32_t)plen, 4);
    check(rc == PC_OK && memcmp(pkt, expect, plen + 4) == 0, "32-bit tag is the MAC's prefix");

    check(pc_net_srtp_protect(h, pkt, 0, (int32_t)plen, 11, (int32_t)plen - 10, 0, 0, 0,
                              (int32_t)plen, 10) == PC_ERR_ARGUMENT,
          "cipher range beyond the authenticated range refused");
    check(pc_srtp_protect(h, pkt, plen, 0, 0, 0, 0, 0, pkt, 21) == PC_ERR_ARGUMENT, "tag of 21 bytes refused");
    check(pc_srtp_protect(h, pkt, plen, 0, 0, 0, 0, 2, pkt, 10) == PC_ERR_ARGUMENT, "unknown flag refused");
    pc_srtp_close(h);
    free(mkey);
    free(msalt);
    free(b3);
    free(plain);
    free(expect);
    free(pkt);
}

/* The cached XOR equals the stateless one at every length and alignment, for both key sizes. */
static void test_against_stateless(void)
{
    static const uint8_t key32[32] = {0x60, 0x3d, 0xeb, 0x10, 0x15, 0xca, 0x71, 0xbe, 0x2b, 0x73, 0xae,
                                      0xf0, 0x85, 0x7d, 0x77, 0x81, 0x1f, 0x35, 0x2c, 0x07, 0x3b, 0x61,
                                      0x08, 0xd7, 0x2d, 0x98, 0x10, 0xa3, 0x09, 0x14, 0xdf, 0xf4};
    static const uint8_t salt[PC_SRTP_SALT] = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 0xff, 0xfe, 0xfd, 0xfc};
    int ok = 1;
    size_t keylen, len, off;
    for (keylen = 16; keylen <= 32; keylen += 16)
    {
        int h = pc_srtp_open(key32, keylen, salt, (const uint8_t *)"k", 1);
        for (len = 0; len <= 80 && ok; len++)
        {
            for (off = 0; off < 4 && ok; off++)
            {
                uint8_t *a = malloc(off + len + 1);
                uint8_t *b = malloc(off + len + 1);
                uint8_t iv[16];
                uint8_t tag[10];
                size_t i;
                uint64_t index = 0x123456789abcULL;
                uint32_t ssrc = 0xdeadbeef;
                for (i = 0; i < off + len + 1; i++)
                {
                    a[i] = b[i] = (uint8_t)(i * 7 + len);
                }
                memcpy(iv, salt, 14);
                iv[14] = iv[15] = 0;
                for (i = 0; i < 4; i++)
                {
                    iv[4 + i] ^= (uint8_t)(ssrc >> (24 - 8 * i));
                }
                for (i = 0; i < 6; i++)
                {
                    iv[8 + i] ^= (uint8_t)(index >> (40 - 8 * i));
                }
                pc_aes_ctr_xor(key32, keylen, iv, b + off, len);
                ok &= pc_srtp_protect(h, a, off + len, off, len, ssrc, index, 0, tag, 10) == PC_OK;
                ok &= memcmp(a, b, off + len + 1) == 0;
                free(a);
                free(b);
            }
        }
        pc_srtp_close(h);
    }
    check(ok, "cached keystream equals the stateless one, lengths 0..80, offsets 0..3, AES-128/256");
}

static void test_key_replacement(void)
{
    uint8_t k1[20], k2[20], tag1[20], tag2[20], tag[20];
    uint8_t msg[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    int h1, h2, hs[PC_SRTP_CONTEXTS], i, n = 0, ok = 1;

    memset(k1, 0x0b, 20);
    memset(k2, 0xaa, 20);
    cached_hmac(k1, 20, msg, 8, tag1);
    cached_hmac(k2, 20, msg, 8, tag2);

    h1 = pc_srtp_open(AES_KEY, 16, ZERO_SALT, k1, 20);
    check(pc_srtp_close(h1) == PC_OK, "close of an open handle");
    check(pc_srtp_close(h1) == PC_ERR_HANDLE, "second close refused");
    check(pc_srtp_protect(h1, msg, 8, 0, 0, 0, 0, 0, tag, 20) == PC_ERR_HANDLE, "closed handle refused");
    h2 = pc_srtp_open(AES_KEY, 16, ZERO_SALT, k2, 20);
    check(h2 > 0 && h2 != h1, "slot reused under a new handle");
    check(pc_srtp_protect(h1, msg, 8, 0, 0, 0, 0, 0, tag, 20) == PC_ERR_HANDLE, "stale handle of a reused slot refused");
    check(pc_srtp_unprotect(h1, msg, 8, 0, 8, 0, 0, 0, tag, 20) == PC_ERR_HANDLE && msg[0] == 1,
          "stale handle cannot decrypt");
    check(pc_srtp_protect(h2, msg, 8, 0, 0, 0, 0, 0, tag, 20) == PC_OK && memcmp(tag, tag2, 20) == 0 &&
              memcmp(tag1, tag2, 20) != 0,
          "replacement key gives the new key's MAC");
    check(pc_srtp_protect(0, msg, 8, 0, 0, 0, 0, 0, tag, 20) == PC_ERR_HANDLE &&
              pc_srtp_protect(-3, msg, 8, 0, 0, 0, 0, 0, tag, 20) == PC_ERR_HANDLE,
          "never-opened handles refused");
    pc_srtp_close(h2);

    for (i = 0; i < PC_SRTP_CONTEXTS; i++)
    {
        hs[i] = pc_srtp_open(AES_KEY, 16, ZERO_SALT, k1, 20);
        n += hs[i] > 0;
    }
    check(n == PC_SRTP_CONTEXTS && pc_srtp_open(AES_KEY, 16, ZERO_SALT, k1, 20) == PC_ERR_NO_CONTEXT,
          "a full table refuses an open");
    pc_srtp_close(hs[3]);
    h1 = pc_srtp_open(AES_KEY, 16, ZERO_SALT, k2, 20);
    ok &= h1 > 0 && pc_srtp_protect(h1, msg, 8, 0, 0, 0, 0, 0, tag, 20) == PC_OK && memcmp(tag, tag2, 20) == 0;
    ok &= pc_srtp_protect(hs[4], msg, 8, 0, 0, 0, 0, 0, tag, 20) == PC_OK && memcmp(tag, tag1, 20) == 0;
    check(ok, "a freed slot serves a new key while the others keep theirs");
    pc_srtp_close(h1);
    for (i = 0; i < PC_SRTP_CONTEXTS; i++)
    {
        if (i != 3)
        {
            pc_srtp_close(hs[i]);
        }
    }
    check(pc_srtp_open(AES_KEY, 15, ZERO_SALT, k1, 20) == PC_ERR_KEY_LENGTH, "AES key of 15 bytes refused");
    check(pc_srtp_open(AES_KEY, 16, NULL, k1, 20) == PC_ERR_ARGUMENT, "missing salt refused");
}

int main(void)
{
    rfc2202_all();
    test_rfc3711_b2();
    test_srtp_validate();
    test_against_stateless();
    test_key_replacement();
    printf("test_srtp (PC_HMAC_MIDSTATE=%d): %d passed, %d failed\n",
#ifdef PC_HMAC_MIDSTATE
           PC_HMAC_MIDSTATE,
#else
           1,
#endif
           g_passed, g_failed);
    return g_failed == 0 ? 0 : 1;
}
