/*
 * Packet-level SRTP/SRTCP transform: one call per packet (RFC 3711 §3.3, §3.4, §4.1.1, §4.2).
 *
 * The managed SrtpSession keeps everything that is protocol state (header walk, SSRC table, ROC
 * estimation, replay window, commit-after-verify); this file does only the byte work of one
 * packet: the AES-CM IV from salt, SSRC and index, the keystream XOR, HMAC-SHA1 over the
 * authenticated range (followed by the ROC for SRTP), and for unprotect the constant-time tag
 * comparison before anything is decrypted.
 *
 * What is cached per session key, in a slot of a static table (no allocation, never a pointer into
 * managed memory, which the nanoFramework GC may move between calls):
 *  - the expanded AES key (mbedtls_aes_setkey_enc once per key, not per packet; on the ESP32
 *    accelerator the "expansion" is a copy and the peripheral expands the key itself), and on
 *    x86-64 CPUs with the AES instructions our own schedule for pc_aes_ni.c's four-block CTR;
 *  - for HMAC-SHA1 one of two things (PC_HMAC_MIDSTATE):
 *    1: the SHA-1 states after absorbing K^ipad and K^opad (five words each), so a packet costs
 *       its own compressions plus one for the outer hash (RFC 2104's two pad blocks are not
 *       re-hashed). The SHA-1 is ours (pc_sha1.c: SHA extensions on x86-64 when the CPU has them,
 *       portable C otherwise), because mbedTLS 2.28 has no accelerated SHA-1 and resumes a saved
 *       state only by cloning a whole context per packet;
 *    0: the 64-byte K^ipad and K^opad blocks, hashed again with every packet by mbedTLS.
 *    Mode 1 is the default where SHA-1 is software. Mode 0 is the default with a hardware SHA
 *    driver (MBEDTLS_SHA1_ALT, every ESP32 build of ESP-IDF): mbedTLS's SHA-1 then runs on the
 *    engine, and on the classic ESP32 the engine starts only from the standard initial state and
 *    cannot be loaded with a saved one, so only mode 0 keeps all blocks on it (docs/native-kernel.md,
 *    with sources). Which of the two is faster there is to be measured on a board;
 *    -DPC_HMAC_MIDSTATE=1 selects the midstate (with the portable C SHA-1) there too.
 *
 * pc_srtp_close wipes the slot (mbedtls_aes_free zeroizes its context, and the whole slot is
 * zeroized with mbedtls_platform_zeroize). Slot ownership uses atomic
 * compare-and-swap so host threads (and the .NET finalizer thread) may open and close
 * concurrently; on the device every call comes from the single nanoCLR thread.
 */
#include "phone_crypto.h"
#include "pc_internal.h"

#include <string.h>

#include <mbedtls/aes.h>
#include <mbedtls/platform_util.h>
#include <mbedtls/sha1.h>
#include <mbedtls/version.h>

#ifndef PC_HMAC_MIDSTATE
#if defined(MBEDTLS_SHA1_ALT)
#define PC_HMAC_MIDSTATE 0
#else
#define PC_HMAC_MIDSTATE 1
#endif
#endif

/* The sha1 functions were renamed between mbedTLS 2.28 (host, ESP-IDF 4.4) and 3.x (ESP-IDF 5). */
#if MBEDTLS_VERSION_NUMBER >= 0x03000000
#define PC_SHA1_STARTS mbedtls_sha1_starts
#define PC_SHA1_UPDATE mbedtls_sha1_update
#define PC_SHA1_FINISH mbedtls_sha1_finish
#define PC_SHA1 mbedtls_sha1
#else
#define PC_SHA1_STARTS mbedtls_sha1_starts_ret
#define PC_SHA1_UPDATE mbedtls_sha1_update_ret
#define PC_SHA1_FINISH mbedtls_sha1_finish_ret
#define PC_SHA1 mbedtls_sha1_ret
#endif

#define SHA1_BLOCK 64
#define SLOT_BITS 12
#define SLOT_MASK ((1 << SLOT_BITS) - 1)
#define GEN_MASK 0x7FFFF /* handle = generation << SLOT_BITS | slot, always > 0 */

#if PC_SRTP_CONTEXTS < 1 || PC_SRTP_CONTEXTS > (1 << SLOT_BITS)
#error "PC_SRTP_CONTEXTS must be 1..4096"
#endif

enum
{
    SLOT_FREE = 0,
    SLOT_BUSY = 1, /* being opened or closed */
    SLOT_OPEN = 2
};

typedef struct
{
    mbedtls_aes_context aes;
#if PC_X86_64
    pc_aesni_key aesni; /* rounds 0: this CPU has no AES instructions, aes is used */
#endif
#if PC_HMAC_MIDSTATE
    uint32_t inner[5]; /* SHA-1 state after K^ipad */
    uint32_t outer[5]; /* SHA-1 state after K^opad */
#else
    unsigned char ipad[SHA1_BLOCK]; /* K^ipad */
    unsigned char opad[SHA1_BLOCK]; /* K^opad */
#endif
    uint8_t salt[PC_SRTP_SALT];
} pc_keys;

typedef struct
{
    int state;
    int handle;
    unsigned generation;
    pc_keys keys;
} pc_slot;

static pc_slot s_slots[PC_SRTP_CONTEXTS];

static pc_slot *lookup(int handle)
{
    pc_slot *slot;
    if (handle <= 0 || (handle & SLOT_MASK) >= PC_SRTP_CONTEXTS)
    {
        return NULL;
    }
    slot = &s_slots[handle & SLOT_MASK];
    if (__atomic_load_n(&slot->state, __ATOMIC_ACQUIRE) != SLOT_OPEN ||
        __atomic_load_n(&slot->handle, __ATOMIC_RELAXED) != handle)
    {
        return NULL;
    }
    return slot;
}

static void wipe(pc_keys *keys)
{
    mbedtls_aes_free(&keys->aes);
    mbedtls_platform_zeroize(keys, sizeof(*keys));
}

#if PC_HMAC_MIDSTATE
/* cached = SHA-1 state after the one-block pad. */
static void absorb_pad(uint32_t cached[5], const unsigned char pad[SHA1_BLOCK])
{
    pc_sha1_ctx s;
    pc_sha1_start(&s, pc_sha1_compress());
    pc_sha1_update(&s, pad, SHA1_BLOCK);
    memcpy(cached, s.state, sizeof(s.state));
    mbedtls_platform_zeroize(&s, sizeof(s));
}
#endif

static int set_hmac_key(pc_keys *keys, const uint8_t *auth_key, size_t auth_keylen)
{
    unsigned char k[SHA1_BLOCK];
    unsigned char ipad[SHA1_BLOCK];
    unsigned char opad[SHA1_BLOCK];
    size_t i;
    int rc = 0;

    memset(k, 0, sizeof(k));
    if (auth_keylen > SHA1_BLOCK)
    {
        rc = PC_SHA1(auth_key, auth_keylen, k); /* RFC 2104: long keys are hashed first */
    }
    else if (auth_keylen != 0)
    {
        memcpy(k, auth_key, auth_keylen);
    }
    for (i = 0; i < SHA1_BLOCK; i++)
    {
        ipad[i] = (unsigned char)(k[i] ^ 0x36);
        opad[i] = (unsigned char)(k[i] ^ 0x5C);
    }
#if PC_HMAC_MIDSTATE
    absorb_pad(keys->inner, ipad);
    absorb_pad(keys->outer, opad);
#else
    memcpy(keys->ipad, ipad, SHA1_BLOCK);
    memcpy(keys->opad, opad, SHA1_BLOCK);
#endif
    mbedtls_platform_zeroize(k, sizeof(k));
    mbedtls_platform_zeroize(ipad, sizeof(ipad));
    mbedtls_platform_zeroize(opad, sizeof(opad));
    return rc;
}

int pc_srtp_open(const uint8_t *key, size_t keylen, const uint8_t salt[PC_SRTP_SALT],
                 const uint8_t *auth_key, size_t auth_keylen)
{
    int i;
    int rc;
    int handle;
    pc_slot *slot = NULL;

    if (keylen != 16 && keylen != 32)
    {
        return PC_ERR_KEY_LENGTH;
    }
    if (key == NULL || salt == NULL || (auth_key == NULL && auth_keylen != 0))
    {
        return PC_ERR_ARGUMENT;
    }
    for (i = 0; i < PC_SRTP_CONTEXTS && slot == NULL; i++)
    {
        int expected = SLOT_FREE;
        if (__atomic_compare_exchange_n(&s_slots[i].state, &expected, SLOT_BUSY, 0, __ATOMIC_ACQUIRE,
                                        __ATOMIC_RELAXED))
        {
            slot = &s_slots[i];
        }
    }
    if (slot == NULL)
    {
        return PC_ERR_NO_CONTEXT;
    }

    mbedtls_aes_init(&slot->keys.aes);
    rc = mbedtls_aes_setkey_enc(&slot->keys.aes, key, (unsigned int)(keylen * 8));
#if PC_X86_64
    slot->keys.aesni.rounds = 0;
    if (rc == 0 && pc_aesni_supported())
    {
        pc_aesni_expand(&slot->keys.aesni, key, keylen);
    }
#endif
    if (rc == 0)
    {
        rc = set_hmac_key(&slot->keys, auth_key, auth_keylen);
    }
    if (rc != 0)
    {
        wipe(&slot->keys);
        __atomic_store_n(&slot->state, SLOT_FREE, __ATOMIC_RELEASE);
        return PC_ERR_CRYPTO;
    }
    memcpy(slot->keys.salt, salt, PC_SRTP_SALT);
    slot->generation = (slot->generation % GEN_MASK) + 1; /* 1 .. GEN_MASK */
    handle = (int)((slot->generation << SLOT_BITS) | (unsigned)(slot - s_slots));
    __atomic_store_n(&slot->handle, handle, __ATOMIC_RELAXED);
    __atomic_store_n(&slot->state, SLOT_OPEN, __ATOMIC_RELEASE);
    return handle;
}

int pc_srtp_close(int handle)
{
    pc_slot *slot = lookup(handle);
    int expected = SLOT_OPEN;

    if (slot == NULL ||
        !__atomic_compare_exchange_n(&slot->state, &expected, SLOT_BUSY, 0, __ATOMIC_ACQUIRE,
                                     __ATOMIC_RELAXED))
    {
        return PC_ERR_HANDLE;
    }
    wipe(&slot->keys);
    __atomic_store_n(&slot->handle, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&slot->state, SLOT_FREE, __ATOMIC_RELEASE);
    return PC_OK;
}

/* mac[0..20) = HMAC-SHA1(packet[0..len) || roc[0..roc_len)) from the cached key state. */
#if PC_HMAC_MIDSTATE
static int hmac(const pc_keys *keys, const uint8_t *packet, size_t len, const uint8_t *roc,
                size_t roc_len, unsigned char mac[PC_SHA1_TAG])
{
    pc_sha1_compress_fn compress = pc_sha1_compress();
    pc_sha1_ctx s;
    unsigned char inner[PC_SHA1_TAG];

    pc_sha1_resume(&s, keys->inner, SHA1_BLOCK, compress); /* RFC 2104: H(K^ipad || text) */
    pc_sha1_update(&s, packet, len);
    pc_sha1_update(&s, roc, roc_len);
    pc_sha1_finish(&s, inner);
    pc_sha1_resume(&s, keys->outer, SHA1_BLOCK, compress); /* H(K^opad || inner) */
    pc_sha1_update(&s, inner, PC_SHA1_TAG);
    pc_sha1_finish(&s, mac);
    mbedtls_platform_zeroize(inner, sizeof(inner));
    return 0;
}
#else
static int hmac(const pc_keys *keys, const uint8_t *packet, size_t len, const uint8_t *roc,
                size_t roc_len, unsigned char mac[PC_SHA1_TAG])
{
    mbedtls_sha1_context s;
    unsigned char inner[PC_SHA1_TAG];
    int rc;

    mbedtls_sha1_init(&s);
    rc = PC_SHA1_STARTS(&s);
    if (rc == 0)
    {
        rc = PC_SHA1_UPDATE(&s, keys->ipad, SHA1_BLOCK);
    }
    if (rc == 0 && len != 0)
    {
        rc = PC_SHA1_UPDATE(&s, packet, len);
    }
    if (rc == 0 && roc_len != 0)
    {
        rc = PC_SHA1_UPDATE(&s, roc, roc_len);
    }
    if (rc == 0)
    {
        rc = PC_SHA1_FINISH(&s, inner);
    }
    if (rc == 0)
    {
        rc = PC_SHA1_STARTS(&s);
    }
    if (rc == 0)
    {
        rc = PC_SHA1_UPDATE(&s, keys->opad, SHA1_BLOCK);
    }
    if (rc == 0)
    {
        rc = PC_SHA1_UPDATE(&s, inner, PC_SHA1_TAG);
    }
    if (rc == 0)
    {
        rc = PC_SHA1_FINISH(&s, mac);
    }
    mbedtls_sha1_free(&s);
    mbedtls_platform_zeroize(inner, sizeof(inner));
    return rc;
}
#endif

/* RFC 3711 §4.1.1: IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16). */
static void make_iv(const pc_keys *keys, uint32_t ssrc, uint64_t index, uint8_t iv[PC_AES_BLOCK])
{
    int i;
    memcpy(iv, keys->salt, PC_SRTP_SALT);
    iv[14] = 0;
    iv[15] = 0;
    for (i = 0; i < 4; i++)
    {
        iv[4 + i] ^= (uint8_t)(ssrc >> (24 - 8 * i));
    }
    for (i = 0; i < 6; i++)
    {
        iv[8 + i] ^= (uint8_t)(index >> (40 - 8 * i));
    }
}

static int check_packet(const uint8_t *packet, size_t auth_len, size_t cipher_off,
                        size_t cipher_len, int flags, const uint8_t *tag, size_t tag_len)
{
    if ((packet == NULL && auth_len != 0) || tag == NULL || tag_len == 0 ||
        tag_len > PC_SHA1_TAG || (flags & ~PC_SRTP_AUTH_ROC) != 0 || cipher_off > auth_len ||
        cipher_len > auth_len - cipher_off)
    {
        return PC_ERR_ARGUMENT;
    }
    return PC_OK;
}

static int mac_packet(const pc_keys *keys, const uint8_t *packet, size_t auth_len, uint64_t index,
                      int flags, unsigned char mac[PC_SHA1_TAG])
{
    uint8_t roc[4];
    uint32_t r = (uint32_t)(index >> 16);
    roc[0] = (uint8_t)(r >> 24);
    roc[1] = (uint8_t)(r >> 16);
    roc[2] = (uint8_t)(r >> 8);
    roc[3] = (uint8_t)r;
    return hmac(keys, packet, auth_len, roc, (flags & PC_SRTP_AUTH_ROC) ? 4 : 0, mac);
}

static int encrypt(pc_keys *keys, uint8_t *packet, size_t cipher_off, size_t cipher_len,
                   uint32_t ssrc, uint64_t index)
{
    uint8_t iv[PC_AES_BLOCK];
    int rc;
    if (cipher_len == 0)
    {
        return 0;
    }
    make_iv(keys, ssrc, index, iv);
#if PC_X86_64
    if (keys->aesni.rounds != 0)
    {
        pc_aesni_ctr_xor(&keys->aesni, iv, packet + cipher_off, cipher_len);
        mbedtls_platform_zeroize(iv, sizeof(iv));
        return 0;
    }
#endif
    rc = pc_ctr_xor(&keys->aes, iv, packet + cipher_off, cipher_len);
    mbedtls_platform_zeroize(iv, sizeof(iv));
    return rc;
}

int pc_srtp_protect(int handle, uint8_t *packet, size_t auth_len, size_t cipher_off,
                    size_t cipher_len, uint32_t ssrc, uint64_t index, int flags, uint8_t *tag,
                    size_t tag_len)
{
    pc_slot *slot = lookup(handle);
    unsigned char mac[PC_SHA1_TAG];
    int rc;

    if (slot == NULL)
    {
        return PC_ERR_HANDLE;
    }
    rc = check_packet(packet, auth_len, cipher_off, cipher_len, flags, tag, tag_len);
    if (rc != PC_OK)
    {
        return rc;
    }
    rc = encrypt(&slot->keys, packet, cipher_off, cipher_len, ssrc, index);
    if (rc == 0)
    {
        rc = mac_packet(&slot->keys, packet, auth_len, index, flags, mac);
    }
    if (rc == 0)
    {
        memcpy(tag, mac, tag_len);
    }
    mbedtls_platform_zeroize(mac, sizeof(mac));
    return rc == 0 ? PC_OK : PC_ERR_CRYPTO;
}

int pc_srtp_unprotect(int handle, uint8_t *packet, size_t auth_len, size_t cipher_off,
                      size_t cipher_len, uint32_t ssrc, uint64_t index, int flags,
                      const uint8_t *tag, size_t tag_len)
{
    pc_slot *slot = lookup(handle);
    unsigned char mac[PC_SHA1_TAG];
    unsigned diff = 0;
    size_t i;
    int rc;

    if (slot == NULL)
    {
        return PC_ERR_HANDLE;
    }
    rc = check_packet(packet, auth_len, cipher_off, cipher_len, flags, tag, tag_len);
    if (rc != PC_OK)
    {
        return rc;
    }
    rc = mac_packet(&slot->keys, packet, auth_len, index, flags, mac);
    if (rc != 0)
    {
        mbedtls_platform_zeroize(mac, sizeof(mac));
        return PC_ERR_CRYPTO;
    }
    /* Constant time over tag_len: no early exit on the first differing byte. */
    for (i = 0; i < tag_len; i++)
    {
        diff |= (unsigned)(mac[i] ^ tag[i]);
    }
    mbedtls_platform_zeroize(mac, sizeof(mac));
    if (diff != 0)
    {
        return PC_ERR_AUTH;
    }
    rc = encrypt(&slot->keys, packet, cipher_off, cipher_len, ssrc, index);
    return rc == 0 ? PC_OK : PC_ERR_CRYPTO;
}
