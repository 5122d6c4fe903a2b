/*
 * Helpers shared by the kernel's C files (not part of the P/Invoke or nanoCLR surface).
 */
#ifndef PC_INTERNAL_H
#define PC_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <mbedtls/aes.h>

/* x86-64 with GCC or Clang: the SHA-extension SHA-1 and the AES-NI CTR are compiled in. */
#if defined(__x86_64__) && defined(__GNUC__)
#define PC_X86_64 1
#else
#define PC_X86_64 0
#endif

/*
 * XORs the AES-CTR keystream for counter block iv (incremented big-endian modulo 2^128) into
 * data[0..len) with an already keyed context. Whole blocks are XORed a machine word at a time.
 * With the ESP32 accelerator (MBEDTLS_AES_ALT) the whole range goes to one mbedtls_aes_crypt_ctr
 * call instead, because every ECB call there takes the AES spinlock and rewrites the key into
 * the peripheral (see docs/native-kernel.md). Returns 0 or an mbedTLS error.
 */
int pc_ctr_xor(mbedtls_aes_context *aes, const uint8_t iv[16], uint8_t *data, size_t len);

#if PC_X86_64
/*
 * AES-CTR with the AES instructions (pc_aes_ni.c), four blocks at a time: the same keystream and
 * counter rule as pc_ctr_xor. pc_aesni_expand and pc_aesni_ctr_xor may be called only when
 * pc_aesni_supported() says so; keylen is 16 or 32.
 */
typedef struct
{
    unsigned rounds;    /* 10 or 14 */
    uint8_t rk[15 * 16]; /* round keys 0..rounds, FIPS-197 byte order */
} pc_aesni_key;

int pc_aesni_supported(void);
void pc_aesni_expand(pc_aesni_key *k, const uint8_t *key, size_t keylen);
void pc_aesni_ctr_xor(const pc_aesni_key *k, const uint8_t iv[16], uint8_t *data, size_t len);
#endif

/*
 * SHA-1 (FIPS 180-4) of pc_sha1.c, for the HMAC midstate cache of pc_srtp.c. A compression
 * function runs `count` whole 64-byte blocks into state[5]; pc_sha1_compress() returns the one this
 * CPU runs fastest (SHA extensions on x86-64 when present, portable C otherwise). The context
 * starts from the standard initial value (pc_sha1_start) or from a saved state after bytes_done
 * bytes (pc_sha1_resume, bytes_done a multiple of 64); pc_sha1_finish pads, writes the digest and
 * zeroizes the context.
 */
#define PC_SHA1_BLOCK 64
#define PC_SHA1_DIGEST 20


typedef void (*pc_sha1_compress_fn)(uint32_t state[5], const uint8_t *blocks, size_t count);

typedef struct
{
    uint32_t state[5];
    uint64_t bytes; /* message bytes absorbed, including those of a resumed state */
    size_t used;    /* bytes waiting in buffer */
    pc_sha1_compress_fn compress;
    uint8_t buffer[PC_SHA1_BLOCK];
} pc_sha1_ctx;

void pc_sha1_compress_portable(uint32_t state[5], const uint8_t *blocks, size_t count);
#if PC_X86_64
/* Only to be called when pc_sha1_shani_supported() says so. */
void pc_sha1_compress_shani(uint32_t state[5], const uint8_t *blocks, size_t count);
int pc_sha1_shani_supported(void);
#endif
pc_sha1_compress_fn pc_sha1_compress(void);

void pc_sha1_start(pc_sha1_ctx *ctx, pc_sha1_compress_fn compress);
void pc_sha1_resume(pc_sha1_ctx *ctx, const uint32_t state[5], uint64_t bytes_done,
                    pc_sha1_compress_fn compress);
void pc_sha1_update(pc_sha1_ctx *ctx, const uint8_t *data, size_t len);
void pc_sha1_finish(pc_sha1_ctx *ctx, uint8_t digest[PC_SHA1_DIGEST]);

#endif /* PC_INTERNAL_H */
