/*
 * AES-CTR keystream XOR for SRTP AES-CM (RFC 3711 §4.1.1, RFC 6188) over mbedTLS.
 *
 * Where the expanded key lives: nowhere between calls. Each call expands the raw key into a
 * mbedtls_aes_context on the C stack, runs mbedtls_aes_crypt_ctr, and wipes the context
 * (mbedtls_aes_free zeroizes it). Reasons:
 *  - On nanoFramework the key arrives as a managed byte[] the GC may move between calls, so a
 *    native context would need a handle, a finalizer-free explicit free, and a leak whenever
 *    managed code forgets it. A raw key kept in a managed array has none of these problems.
 *  - It is cheap: mbedtls_aes_setkey_enc is one key schedule (~40 word operations for AES-128),
 *    far below the 3-6 us the interpreter spends on the call itself; with ESP-IDF's
 *    CONFIG_MBEDTLS_HARDWARE_AES the "schedule" is a 16/32-byte copy into the context because
 *    the accelerator expands the key itself.
 *  - It is reentrant: no static state, so host tests may call from many threads.
 */
#include "phone_crypto.h"

#include <string.h>

#include <mbedtls/aes.h>
#include <mbedtls/platform_util.h>

int pc_aes_ctr_xor(const uint8_t *key, size_t keylen, const uint8_t iv[PC_AES_BLOCK], uint8_t *data,
                   size_t len)
{
    mbedtls_aes_context aes;
    unsigned char counter[PC_AES_BLOCK];
    unsigned char stream[PC_AES_BLOCK];
    size_t stream_offset = 0; /* start on a block boundary: SRTP restarts the keystream per packet */
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

    /* mbedtls_aes_crypt_ctr advances the counter block in place; the caller's IV stays intact. */
    memcpy(counter, iv, PC_AES_BLOCK);

    mbedtls_aes_init(&aes);
    rc = mbedtls_aes_setkey_enc(&aes, key, (unsigned int)(keylen * 8));
    if (rc == 0)
    {
        /* Input and output may alias (mbedtls_aes_crypt_ctr reads each byte before writing it). */
        rc = mbedtls_aes_crypt_ctr(&aes, len, &stream_offset, counter, stream, data, data);
    }
    mbedtls_aes_free(&aes);
    mbedtls_platform_zeroize(stream, sizeof(stream));
    mbedtls_platform_zeroize(counter, sizeof(counter));

    return rc == 0 ? PC_OK : PC_ERR_CRYPTO;
}
