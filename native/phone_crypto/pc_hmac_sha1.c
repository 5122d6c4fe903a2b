/*
 * HMAC-SHA1 (RFC 2104, FIPS 180-4) over two byte ranges for SRTP/SRTCP authentication
 * (RFC 3711 §4.2: the tag covers the authenticated portion followed by the 4-byte ROC).
 *
 * Why mbedtls_md_hmac_* and not mbedtls_sha1_*: the md API (mbedtls_md_setup,
 * mbedtls_md_hmac_starts/update/finish) has the same signatures in mbedTLS 2.28 (Debian, host)
 * and 3.x (ESP-IDF 5, device), while the sha1 functions were renamed between them
 * (mbedtls_sha1_starts_ret -> mbedtls_sha1_starts).
 *
 * This stateless call serves the two-call IHmacSha1 interface and the fallback when the native
 * context table is full; the per-packet path is pc_srtp.c, which caches the key state. Here the raw
 * key is passed on every call, so mbedtls_md_hmac_starts hashes the K^ipad block and
 * mbedtls_md_hmac_finish the K^opad block again each time: two SHA-1 compressions per call that a
 * cached midstate saves (docs/native-kernel.md).
 *
 * What is cached is the md context itself, because mbedtls_md_setup allocates its digest and
 * ipad/opad buffers with mbedtls_calloc: one context per thread, set up on first use and reused,
 * so the per-packet path allocates nothing. On the device all managed threads run on the single
 * nanoCLR task, so this is one context for the firmware's lifetime; on the host, _Thread_local
 * keeps concurrent test threads apart. The context holds key-derived pads between calls only
 * until the next call overwrites them; pc_release_thread_state() frees (and zeroizes) it.
 */
#include "phone_crypto.h"

#include <mbedtls/md.h>

static _Thread_local mbedtls_md_context_t s_md;
static _Thread_local int s_md_ready;

static int ensure_context(void)
{
    const mbedtls_md_info_t *info;

    if (s_md_ready)
    {
        return 0;
    }
    info = mbedtls_md_info_from_type(MBEDTLS_MD_SHA1);
    if (info == NULL)
    {
        return -1;
    }
    mbedtls_md_init(&s_md);
    if (mbedtls_md_setup(&s_md, info, 1 /* HMAC: allocate ipad/opad */) != 0)
    {
        mbedtls_md_free(&s_md);
        return -1;
    }
    s_md_ready = 1;
    return 0;
}

int pc_hmac_sha1(const uint8_t *key, size_t keylen, const uint8_t *a, size_t alen, const uint8_t *b,
                 size_t blen, uint8_t tag[PC_SHA1_TAG])
{
    if ((key == NULL && keylen != 0) || (a == NULL && alen != 0) || (b == NULL && blen != 0) ||
        tag == NULL)
    {
        return PC_ERR_ARGUMENT;
    }
    if (ensure_context() != 0)
    {
        return PC_ERR_CRYPTO;
    }
    /* An empty key is legal HMAC (RFC 2104 pads it with zeros); give mbedTLS a valid pointer. */
    if (mbedtls_md_hmac_starts(&s_md, keylen != 0 ? key : tag, keylen) != 0)
    {
        return PC_ERR_CRYPTO;
    }
    if (alen != 0 && mbedtls_md_hmac_update(&s_md, a, alen) != 0)
    {
        return PC_ERR_CRYPTO;
    }
    if (blen != 0 && mbedtls_md_hmac_update(&s_md, b, blen) != 0)
    {
        return PC_ERR_CRYPTO;
    }
    if (mbedtls_md_hmac_finish(&s_md, tag) != 0)
    {
        return PC_ERR_CRYPTO;
    }
    return PC_OK;
}

void pc_release_thread_state(void)
{
    if (s_md_ready)
    {
        mbedtls_md_free(&s_md); /* zeroizes and frees the digest and ipad/opad buffers */
        s_md_ready = 0;
    }
}
