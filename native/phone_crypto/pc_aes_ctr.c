/*
 * AES-CTR keystream XOR for SRTP AES-CM (RFC 3711 §4.1.1, RFC 6188) over mbedTLS.
 *
 * Two users:
 *  - pc_srtp.c, the per-packet path: the key schedule is expanded once per session key into a
 *    native context (pc_srtp_open) and every packet only runs pc_ctr_xor over it;
 *  - pc_aes_ctr_xor, the stateless call kept for session-key derivation (RFC 3711 §4.3, a few
 *    calls per session) and for the IAesCtr interface: it expands the raw key into a context on
 *    the C stack, runs pc_ctr_xor and wipes the context (mbedtls_aes_free zeroizes it); on x86-64
 *    CPUs with the AES instructions it does the same with pc_aes_ni.c's schedule and CTR instead.
 *
 * pc_ctr_xor XORs whole blocks a word at a time (mbedtls 2.28's mbedtls_aes_crypt_ctr, the host's,
 * XORs byte by byte, which cost 13 % of the native path's instructions). On the ESP32 accelerator
 * (MBEDTLS_AES_ALT) it calls mbedtls_aes_crypt_ctr once instead: ESP-IDF's esp_aes_crypt_ctr takes
 * the AES spinlock and writes the key into the peripheral once per call, while each ECB call
 * would do both per block.
 */
#include "phone_crypto.h"
#include "pc_internal.h"

#include <string.h>

#include <mbedtls/platform_util.h>

/* Big-endian increment of the 128-bit counter block (SP 800-38A B.1, full carry). */
static void counter_increment(unsigned char counter[PC_AES_BLOCK])
{
    int i;
    for (i = PC_AES_BLOCK - 1; i >= 0; i--)
    {
        if (++counter[i] != 0)
        {
            break;
        }
    }
}

/* 16 bytes of data ^= stream, through memcpy'd words: no alignment assumption on data. */
static void xor_block(uint8_t *data, const unsigned char *stream)
{
#if UINTPTR_MAX > 0xFFFFFFFFu
    uint64_t d0, d1, s0, s1;
    memcpy(&d0, data, 8);
    memcpy(&d1, data + 8, 8);
    memcpy(&s0, stream, 8);
    memcpy(&s1, stream + 8, 8);
    d0 ^= s0;
    d1 ^= s1;
    memcpy(data, &d0, 8);
    memcpy(data + 8, &d1, 8);
#else
    uint32_t d[4], s[4];
    memcpy(d, data, 16);
    memcpy(s, stream, 16);
    d[0] ^= s[0];
    d[1] ^= s[1];
    d[2] ^= s[2];
    d[3] ^= s[3];
    memcpy(data, d, 16);
#endif
}

int pc_ctr_xor(mbedtls_aes_context *aes, const uint8_t iv[PC_AES_BLOCK], uint8_t *data, size_t len)
{
    unsigned char counter[PC_AES_BLOCK];
    unsigned char stream[PC_AES_BLOCK];
    int rc = 0;

    if (len == 0)
    {
        return 0;
    }
    memcpy(counter, iv, PC_AES_BLOCK);
#if defined(MBEDTLS_AES_ALT)
    {
        size_t stream_offset = 0; /* SRTP restarts the keystream on a block boundary per packet */
        rc = mbedtls_aes_crypt_ctr(aes, len, &stream_offset, counter, stream, data, data);
    }
#else
    while (len >= PC_AES_BLOCK)
    {
        rc = mbedtls_aes_crypt_ecb(aes, MBEDTLS_AES_ENCRYPT, counter, stream);
        if (rc != 0)
        {
            break;
        }
        xor_block(data, stream);
        counter_increment(counter);
        data += PC_AES_BLOCK;
        len -= PC_AES_BLOCK;
    }
    if (rc == 0 && len != 0)
    {
        size_t i;
        rc = mbedtls_aes_crypt_ecb(aes, MBEDTLS_AES_ENCRYPT, counter, stream);
        for (i = 0; rc == 0 && i < len; i++)
        {
            data[i] ^= stream[i];
        }
    }
#endif
    mbedtls_platform_zeroize(stream, sizeof(stream));
    mbedtls_platform_zeroize(counter, sizeof(counter));
    return rc;
}

int pc_aes_ctr_xor(const uint8_t *key, size_t keylen, const uint8_t iv[PC_AES_BLOCK], uint8_t *data,
                   size_t len)
{
    mbedtls_aes_context aes;
    int rc;

    if (keylen != 16 && keylen != 32)
    {
        return PC_ERR_KEY_LENGTH;
    }
    if (key == NULL || iv == NULL || (data == NULL && len != 0))
    {
        return PC_ERR_ARGUMENT;
    }
    if (len == 0)
    {
        return PC_OK;
    }

#if PC_X86_64
    if (pc_aesni_supported())
    {
        pc_aesni_key k;
        pc_aesni_expand(&k, key, keylen);
        pc_aesni_ctr_xor(&k, iv, data, len);
        mbedtls_platform_zeroize(&k, sizeof(k));
        return PC_OK;
    }
#endif
    mbedtls_aes_init(&aes);
    rc = mbedtls_aes_setkey_enc(&aes, key, (unsigned int)(keylen * 8));
    if (rc == 0)
    {
        rc = pc_ctr_xor(&aes, iv, data, len);
    }
    mbedtls_aes_free(&aes);

    return rc == 0 ? PC_OK : PC_ERR_CRYPTO;
}
