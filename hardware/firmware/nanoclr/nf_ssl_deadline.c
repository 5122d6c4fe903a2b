//
// Phone firmware addition to nanoCLR: no TLS peer can hold the CLR task forever.
//
// SslNative.SecureConnect and SecureRead run mbedTLS on the one FreeRTOS task that runs every managed thread,
// without yielding; mbedTLS receives through its receive-with-timeout callback using conf->read_timeout, which
// nanoCLR never sets, so select() waits with no timeout for a peer that accepts TCP and never answers the
// handshake (or stops in the middle of a record). With this file, every receive of one handshake, and of one
// SSL read, ends at one deadline however the bytes trickle in; past it mbedTLS returns MBEDTLS_ERR_SSL_TIMEOUT
// and the managed call throws. How to wire it into the nanoCLR build: README.md beside this file.
//

#include <stdint.h>
#include <stddef.h>
#include "mbedtls/net_sockets.h"
#include "mbedtls/ssl.h"

// nanoCLR's clock in 100 ns units (declared by its HAL).
extern uint64_t HAL_Time_CurrentTime(void);

#ifndef NF_SSL_HANDSHAKE_TIMEOUT_MS
#define NF_SSL_HANDSHAKE_TIMEOUT_MS 10000 // = StreamLink.NativeHandshakeBoundMs
#endif

#ifndef NF_SSL_READ_TIMEOUT_MS
#define NF_SSL_READ_TIMEOUT_MS 5000
#endif

// SSL calls run one at a time on the CLR task: one deadline is enough (0: none).
static uint64_t s_deadline;

// Arms the deadline ms from now; 0 disarms it.
void nf_ssl_set_io_deadline(uint32_t ms)
{
    s_deadline = (ms == 0) ? 0 : HAL_Time_CurrentTime() + (uint64_t)ms * 10000;
}

// The receive-with-timeout callback given to mbedTLS in place of its own: the same receive, with the time left
// until the deadline as its timeout (or the caller's, when shorter).
int nf_ssl_recv_until_deadline(void *ctx, unsigned char *buf, size_t len, uint32_t timeout)
{
    if (s_deadline != 0)
    {
        uint64_t now = HAL_Time_CurrentTime();
        if (now >= s_deadline)
        {
            return MBEDTLS_ERR_SSL_TIMEOUT;
        }

        uint64_t leftMs = (s_deadline - now) / 10000 + 1;
        if (timeout == 0 || leftMs < timeout)
        {
            timeout = (uint32_t)leftMs;
        }
    }

    return mbedtls_net_recv_timeout(ctx, buf, len, timeout);
}
