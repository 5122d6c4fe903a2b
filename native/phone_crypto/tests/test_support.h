/* What the byte-level C tests (test_vectors, test_srtp) share: pass/fail counting and hex decoding. */
#ifndef PHONE_CRYPTO_TEST_SUPPORT_H
#define PHONE_CRYPTO_TEST_SUPPORT_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int g_passed;
static int g_failed;

static void check(int ok, const char *name)
{
    if (ok)
    {
        g_passed++;
    }
    else
    {
        g_failed++;
        printf("FAIL: %s\n", name);
    }
}

/* Decodes hex into a fresh heap block of exactly strlen(hex)/2 bytes (at least 1 for malloc). */
static uint8_t *hex(const char *h, size_t *len)
{
    size_t n = strlen(h) / 2, i;
    uint8_t *p = malloc(n ? n : 1);
    for (i = 0; i < n; i++)
    {
        unsigned v;
        sscanf(h + 2 * i, "%2x", &v);
        p[i] = (uint8_t)v;
    }
    if (len)
    {
        *len = n;
    }
    return p;
}

#endif
