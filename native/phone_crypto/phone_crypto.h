/*
 * phone_crypto: the native half of the SRTP crypto kernel (Phone.Srtp.ICryptoKernel).
 *
 * Two operations, each one call per packet: AES in counter mode (NIST SP 800-38A §6.5,
 * RFC 3711 §4.1.1 AES-CM, RFC 6188 for 256-bit keys) and HMAC-SHA1 over two byte ranges
 * (RFC 2104, FIPS 180-4; RFC 3711 §4.2 authenticates packet || ROC).
 *
 * Both are stateless from the caller's point of view: every call takes the raw key. On
 * nanoFramework the arguments are managed byte[] that the GC may compact between calls, so
 * nothing here keeps a pointer into caller memory after returning, and no expanded key state
 * outlives a call (see pc_aes_ctr.c and pc_hmac_sha1.c for why re-keying per call is cheap).
 *
 * A third operation serves the audio capture path (pc_decim.c): the 4:1 decimating low-pass filter
 * from the microphone's 32 kHz I2S slots to 8 kHz PCM, too costly per sample for the interpreter.
 *
 * The same C sources are compiled into the ESP32 firmware (interop assembly Phone.Crypto.Native,
 * see nanoframework/) and into the host library libphonecrypto.so (P/Invoke, see pc_pinvoke.c).
 */
#ifndef PHONE_CRYPTO_H
#define PHONE_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes. Kept as plain ints so they cross P/Invoke and the nanoCLR stub unchanged. */
#define PC_OK 0
#define PC_ERR_KEY_LENGTH (-1) /* AES key not 16 or 32 bytes */
#define PC_ERR_ARGUMENT (-2)   /* NULL buffer with a non-zero length, negative length or offset */
#define PC_ERR_CRYPTO (-3)     /* mbedTLS reported a failure */

#define PC_AES_BLOCK 16
#define PC_SHA1_TAG 20

/*
 * XORs the AES-CTR keystream into data[0..len) in place. Keystream block j is AES(key, iv + j)
 * with iv read as a big-endian 128-bit integer (incremented modulo 2^128, carrying across all 16
 * bytes as SP 800-38A B.1 allows and mbedtls_aes_crypt_ctr does). iv itself is not modified.
 * keylen: 16 (AES-128) or 32 (AES-256). data may be NULL when len is 0.
 */
int pc_aes_ctr_xor(const uint8_t *key, size_t keylen, const uint8_t iv[PC_AES_BLOCK], uint8_t *data,
                   size_t len);

/*
 * tag[0..20) = HMAC-SHA1(key, a[0..alen) || b[0..blen)). Any key length (RFC 2104 hashes keys
 * longer than the 64-byte block). a or b may be NULL when its length is 0.
 */
int pc_hmac_sha1(const uint8_t *key, size_t keylen, const uint8_t *a, size_t alen, const uint8_t *b,
                 size_t blen, uint8_t tag[PC_SHA1_TAG]);

/*
 * Capture decimator (pc_decim.c): 32-bit I2S slots at 32 kHz -> 16-bit PCM at 8 kHz through a
 * 96-tap low-pass FIR. The filter state is a caller-owned array of PC_DECIM_STATE_WORDS int32
 * (all zero = reset), carried from call to call so a stream can be fed in any chunk sizes.
 */
#define PC_DECIM_FACTOR 4
#define PC_DECIM_TAPS 96
#define PC_DECIM_STATE_WORDS (2 + 2 * PC_DECIM_TAPS)
#define PC_DECIM_MAX_GAIN_BITS 12
#define PC_DECIM_MAX_FRAMES 65536

/* Zeroes the state (silence history, phase 0). */
void pc_decim_reset(int32_t *state);

/* PCM samples the next pc_decim_i2s32 call over `frames` frames will produce, or PC_ERR_ARGUMENT. */
int pc_decim_output_count(const int32_t *state, size_t frames);

/*
 * Reads `frames` frames of `slots_per_frame` (1 or 2) little-endian 32-bit slots, takes slot
 * `channel` of each (24-bit sample in the top bytes), filters and keeps every 4th output,
 * amplified by 2^gain_bits (0..PC_DECIM_MAX_GAIN_BITS) and saturated to 16 bits.
 * Returns the number of samples written to pcm, or PC_ERR_ARGUMENT (nothing changed) when an
 * argument is invalid or pcm_capacity is below pc_decim_output_count().
 */
int pc_decim_i2s32(int32_t *state, const uint8_t *slots, size_t frames, int slots_per_frame,
                   int channel, int gain_bits, int16_t *pcm, size_t pcm_capacity);

/*
 * Frees the calling thread's cached HMAC context (see pc_hmac_sha1.c). Optional: only leak
 * checkers care, since the context is reused for the thread's lifetime.
 */
void pc_release_thread_state(void);

#ifdef __cplusplus
}
#endif

#endif /* PHONE_CRYPTO_H */
