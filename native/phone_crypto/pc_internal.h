/*
 * Helpers shared by the kernel's C files (not part of the P/Invoke or nanoCLR surface).
 */
#ifndef PC_INTERNAL_H
#define PC_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <mbedtls/aes.h>

/*
 * XORs the AES-CTR keystream for counter block iv (incremented big-endian modulo 2^128) into
 * data[0..len) with an already keyed context. Whole blocks are XORed a machine word at a time.
 * With the ESP32 accelerator (MBEDTLS_AES_ALT) the whole range goes to one mbedtls_aes_crypt_ctr
 * call instead, because every ECB call there takes the AES spinlock and rewrites the key into
 * the peripheral (see docs/native-kernel.md). Returns 0 or an mbedTLS error.
 */
int pc_ctr_xor(mbedtls_aes_context *aes, const uint8_t iv[16], uint8_t *data, size_t len);

#endif /* PC_INTERNAL_H */
