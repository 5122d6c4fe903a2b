/*
 * Mixing two 16-bit PCM frames for the local conference: one call per 20 ms frame and leg, so the
 * device never runs a per-sample loop in the interpreter.
 *
 * The arithmetic is the managed kernel's MixClip (src/Phone.Kernel/Audio/ManagedAudioKernel.cs):
 * into[i] = a[i] + b[i] in 32 bits, saturated to -32768..32767. The loop runs forward and reads
 * a[i] and b[i] before it writes into[i], so into may be a or b (mixing in place). Nothing is
 * allocated and nothing persists between calls.
 */
#include "phone_crypto.h"

int pc_mix_clip(const int16_t *a, const int16_t *b, int16_t *into, size_t count)
{
    if (count > PC_MIX_MAX_COUNT || (count != 0 && (a == NULL || b == NULL || into == NULL)))
    {
        return PC_ERR_ARGUMENT;
    }
    for (size_t i = 0; i < count; i++)
    {
        int32_t v = (int32_t)a[i] + (int32_t)b[i];
        if (v > 32767)
        {
            v = 32767;
        }
        else if (v < -32768)
        {
            v = -32768;
        }
        into[i] = (int16_t)v;
    }
    return (int)count;
}
