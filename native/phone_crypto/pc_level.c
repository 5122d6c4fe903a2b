/*
 * The level of a frame as RFC 3389 §3.1 writes it in a comfort-noise packet: -dBov, 0..127, where
 * 0 dBov is the overload point of the system, a full-scale square wave (RMS 32767). The send side
 * needs it per frame, for voice activity detection and for the CN packets it sends while the user
 * is silent; one call measures a whole frame, so the device never runs a per-sample loop in the
 * interpreter.
 *
 * The arithmetic is the managed kernel's MeasureLevel (src/Phone.Kernel/Audio/ManagedAudioKernel.cs,
 * constants in PcmLevel.cs), bit for bit, in integers only: the sum of squares in 64 bits, the mean
 * square in 1/65536 units truncated toward zero, then a walk down the boundaries half a dB between
 * levels, from the one between 0 and 1 dBov, each the previous times 10^(-1/10) in 16 fraction bits
 * (truncated). The level is the number of boundaries the mean square lies below, at most 127.
 * Nothing is allocated and nothing persists between calls.
 */
#include "phone_crypto.h"

int pc_measure_level(const int16_t *pcm, size_t count)
{
    if (count > PC_LEVEL_MAX_COUNT || (count != 0 && pcm == NULL))
    {
        return PC_ERR_ARGUMENT;
    }
    if (count == 0)
    {
        return PC_LEVEL_QUIETEST;
    }
    /* Each square is at most 2^30 (-32768 squared), so the sum is at most 65536 * 2^30 = 2^46. */
    uint64_t sum = 0;
    for (size_t i = 0; i < count; i++)
    {
        int32_t x = pcm[i];
        sum += (uint64_t)(x * x);
    }
    /* The mean square in 1/65536 units: sum << 16 is at most 2^62. */
    uint64_t e = (sum << 16) / (uint64_t)count;
    uint64_t t = PC_LEVEL_FIRST_BOUNDARY;
    int level = 0;
    while (level < PC_LEVEL_QUIETEST && e < t)
    {
        level++;
        /* t < 2^46 and the factor < 2^16: the product stays below 2^62. */
        t = (t * PC_LEVEL_STEP_FACTOR) >> 16;
    }
    return level;
}
