/*
 * phone_crypto: the native half of the SRTP crypto kernel (Phone.Srtp.ICryptoKernel).
 *
 * Two stateless operations: AES in counter mode (NIST SP 800-38A §6.5, RFC 3711 §4.1.1 AES-CM,
 * RFC 6188 for 256-bit keys) and HMAC-SHA1 over two byte ranges (RFC 2104, FIPS 180-4; RFC 3711
 * §4.2 authenticates packet || ROC). Every call takes the raw key; they serve session-key
 * derivation and the two-call IAesCtr/IHmacSha1 interface.
 *
 * The per-packet path is the packet-level transform (pc_srtp_*): one call per SRTP/SRTCP packet
 * over key state cached in a native context. On nanoFramework the arguments are managed byte[]
 * that the GC may compact between calls, so nothing here keeps a pointer into caller memory after
 * returning: the cached state is native memory of its own, named by an integer handle.
 *
 * A third operation serves the audio capture path (pc_decim.c): the 4:1 decimating low-pass filter
 * from the microphone's 32 kHz I2S slots to 8 kHz PCM, too costly per sample for the interpreter;
 * and G.711 encode/decode of a whole RTP frame per call (pc_g711.c), and the I2S slot conversion
 * of a whole frame each way with the microphone gain and the speaker volume (pc_i2s.c), the
 * saturating mix of two frames for the local conference (pc_mix.c), comfort noise at a
 * received level for the receive path (pc_noise.c), and the RFC 3389 level of a frame for the
 * send path (pc_level.c).
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
#define PC_ERR_AUTH (-4)       /* pc_srtp_unprotect: the tag does not verify (nothing decrypted) */
#define PC_ERR_NO_CONTEXT (-5) /* pc_srtp_open: every context slot is in use */
#define PC_ERR_HANDLE (-6)     /* not an open context (closed, reused or never opened) */

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
 * Packet-level SRTP/SRTCP transform (pc_srtp.c): one call per packet does the AES-CM keystream,
 * the XOR and HMAC-SHA1 (and, for unprotect, the constant-time tag comparison), over state
 * cached per session key in a native context: the expanded AES key and the HMAC inner/outer
 * states after the ipad/opad block (see pc_srtp.c for what the ESP32 build caches instead).
 *
 * Contexts live in a fixed table of PC_SRTP_CONTEXTS slots in static memory (nothing is
 * allocated); a handle names a slot and its generation, so a handle that was closed, or whose
 * slot has been reused since, is refused with PC_ERR_HANDLE instead of touching another
 * session's keys. pc_srtp_close wipes the slot (mbedtls_platform_zeroize). Opening, closing and
 * using different handles may happen on different threads.
 */
#ifndef PC_SRTP_CONTEXTS
#define PC_SRTP_CONTEXTS 16
#endif
#define PC_SRTP_SALT 14
#define PC_SRTP_AUTH_ROC 1 /* flag: authenticate packet || ROC, the ROC being index >> 16 (SRTP) */

/*
 * Opens a context for one session key set: AES key (16 or 32 bytes), 14-byte session salt,
 * HMAC key (any length; RFC 2104 hashes keys above 64 bytes). Returns a handle (> 0) or
 * PC_ERR_KEY_LENGTH, PC_ERR_ARGUMENT, PC_ERR_CRYPTO, PC_ERR_NO_CONTEXT.
 */
int pc_srtp_open(const uint8_t *key, size_t keylen, const uint8_t salt[PC_SRTP_SALT],
                 const uint8_t *auth_key, size_t auth_keylen);

/* Wipes and frees the context. PC_OK, or PC_ERR_HANDLE if it is not open. */
int pc_srtp_close(int handle);

/*
 * Protect: XORs the AES-CM keystream for (ssrc, index) into packet[cipher_off .. +cipher_len)
 * (RFC 3711 §4.1.1: IV = salt·2^16 ^ ssrc·2^64 ^ index·2^16; nothing when cipher_len is 0),
 * then writes the first tag_len (1..20) bytes of HMAC-SHA1(packet[0 .. auth_len) [|| ROC]) to
 * tag, the ROC (index >> 16, big-endian) being appended when flags has PC_SRTP_AUTH_ROC.
 * The cipher range must lie inside the authenticated range; tag must not overlap it.
 */
int pc_srtp_protect(int handle, uint8_t *packet, size_t auth_len, size_t cipher_off,
                    size_t cipher_len, uint32_t ssrc, uint64_t index, int flags, uint8_t *tag,
                    size_t tag_len);

/*
 * Unprotect: computes the same HMAC, compares its first tag_len bytes with tag in constant time
 * and, only if they match, decrypts packet[cipher_off .. +cipher_len). PC_OK, PC_ERR_AUTH (packet
 * unchanged) or an argument/handle error.
 */
int pc_srtp_unprotect(int handle, uint8_t *packet, size_t auth_len, size_t cipher_off,
                      size_t cipher_len, uint32_t ssrc, uint64_t index, int flags,
                      const uint8_t *tag, size_t tag_len);

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
 * G.711 over a whole frame (pc_g711.c): 16-bit PCM <-> 8-bit codes, mu-law (RTP payload type 0)
 * or A-law (8), bit for bit the managed MuLaw/ALaw (docs/g711.md: the magnitude is truncated to
 * the 14/13-bit grid, not rounded). Returns count, or PC_ERR_ARGUMENT (nothing written) for an
 * unknown law, NULL buffers with a non-zero count, or count above PC_G711_MAX_COUNT.
 */
#define PC_G711_ULAW 0 /* = Phone.Audio.AudioCodec.Pcmu */
#define PC_G711_ALAW 1 /* = Phone.Audio.AudioCodec.Pcma */
#define PC_G711_MAX_COUNT 65536

int pc_g711_encode(int law, const int16_t *pcm, uint8_t *codes, size_t count);
int pc_g711_decode(int law, const uint8_t *codes, int16_t *pcm, size_t count);

/*
 * I2S slot conversion (pc_i2s.c), bit for bit the managed kernel's CaptureToPcm / PcmToPlayback.
 * Capture: reads `frames` frames of `slots_per_frame` (1 or 2) little-endian 32-bit slots, takes
 * slot `channel` of each (24-bit sample in the top bytes), scales by 2^gain_bits / 2^16
 * (0..PC_I2S_MAX_GAIN_BITS) rounded half up and saturated to 16 bits, and writes the mean of every
 * `average` (1..PC_I2S_MAX_AVERAGE) consecutive samples, truncated toward zero; frames must be a
 * multiple of average. Returns frames / average.
 * Playback: writes `count` samples times volume / 100 (0..100, truncated toward zero) as 16-bit
 * little-endian, each twice (left, right) when stereo is 1. Returns the bytes written.
 * Both return PC_ERR_ARGUMENT (nothing written) for an argument out of range or NULL buffers with
 * a non-zero count.
 */
#define PC_I2S_MAX_GAIN_BITS 15
#define PC_I2S_MAX_AVERAGE 16
#define PC_I2S_MAX_FRAMES 65536

int pc_i2s_capture(const uint8_t *slots, size_t frames, int slots_per_frame, int channel,
                   int gain_bits, int average, int16_t *pcm);
int pc_i2s_playback(const int16_t *pcm, size_t count, int volume, int stereo, uint8_t *dst);

/*
 * Conference mixing (pc_mix.c), bit for bit the managed kernel's MixClip: into[i] = a[i] + b[i]
 * saturated to -32768..32767, for `count` (0..PC_MIX_MAX_COUNT) samples; into may be a or b.
 * Returns count, or PC_ERR_ARGUMENT (nothing written) for a count out of range or a NULL buffer
 * with a non-zero count.
 */
#define PC_MIX_MAX_COUNT 65536

int pc_mix_clip(const int16_t *a, const int16_t *b, int16_t *into, size_t count);

/*
 * Comfort noise (pc_noise.c, RFC 3389), bit for bit the managed kernel's ComfortNoise: fills
 * `count` (0..PC_NOISE_MAX_COUNT) samples with white noise on -A..A-1, A =
 * pc_comfort_noise_amplitude(level_dbov), level 0..PC_NOISE_MAX_LEVEL in -dBov; RMS about
 * 32767 * 10^(-level/20) (A is at most 32767, so levels 0..4 come out quieter). `state` is the
 * generator (a 32-bit LCG, any value) and is advanced, so split calls continue one stream.
 * Returns count, or PC_ERR_ARGUMENT (nothing written, state unchanged) for a count or level out
 * of range, a NULL state, or a NULL pcm with a non-zero count.
 */
#define PC_NOISE_MAX_COUNT 65536
#define PC_NOISE_MAX_LEVEL 127

int pc_comfort_noise(uint32_t *state, int16_t *pcm, size_t count, int level_dbov);
/* A for a level 0..PC_NOISE_MAX_LEVEL: 56754 (32767 * sqrt(3)) times 58409/65536 per dB in 15 fraction
 * bits, truncated to an integer and limited to 32767. */
int pc_comfort_noise_amplitude(int level_dbov);

/*
 * The RFC 3389 §3.1 level of a frame (pc_level.c), bit for bit the managed kernel's MeasureLevel:
 * -dBov 0..PC_LEVEL_QUIETEST, rounded to the nearest dB, of `count` (0..PC_LEVEL_MAX_COUNT)
 * samples, 0 dBov being a full-scale square wave (RMS 32767). The mean square in 1/65536 units,
 * (sum of squares << 16) / count truncated, is compared with the boundaries half a dB between
 * levels: PC_LEVEL_FIRST_BOUNDARY between 0 and 1, each next one the previous times
 * PC_LEVEL_STEP_FACTOR >> 16 (truncated); the level is the number of boundaries it lies below.
 * count 0 or all-zero samples give PC_LEVEL_QUIETEST. Returns the level, or PC_ERR_ARGUMENT for a
 * count out of range or a NULL pcm with a non-zero count. Reads pcm[0 .. count) only.
 */
#define PC_LEVEL_MAX_COUNT 65536
#define PC_LEVEL_QUIETEST 127
/* round(32767^2 * 2^16 * 10^(-0.05)): the mean square, in 1/65536 units, between levels 0 and 1. */
#define PC_LEVEL_FIRST_BOUNDARY UINT64_C(62712381428414)
/* round(2^16 * 10^(-1/10)): one dB down in energy, 16 fraction bits. */
#define PC_LEVEL_STEP_FACTOR UINT64_C(52057)

int pc_measure_level(const int16_t *pcm, size_t count);

/*
 * Frees the calling thread's cached HMAC context (see pc_hmac_sha1.c). Optional: only leak
 * checkers care, since the context is reused for the thread's lifetime.
 */
void pc_release_thread_state(void);

#ifdef __cplusplus
}
#endif

#endif /* PHONE_CRYPTO_H */
