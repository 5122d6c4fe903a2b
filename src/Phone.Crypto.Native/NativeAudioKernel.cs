using Phone.Audio;

namespace Phone.Crypto.Native
{
    /// <summary>
    /// <see cref="IAudioKernel"/> in C (native/phone_crypto/pc_decim.c): one native call per I2S
    /// read, so the 96-tap filter never runs in the interpreter. The filter state stays in the
    /// caller's managed int[] and travels with every call (nothing native outlives a call, as for the
    /// crypto kernel). Ranges are checked here because the host side cannot see array lengths; the
    /// device stub checks them again against the arrays.
    /// </summary>
    public sealed class NativeAudioKernel : IAudioKernel
    {
        public string Name
        {
            get { return "native"; }
        }

        public int DecimateCapture(int[] state, byte[] slots, int offset, int frames, int slotsPerFrame, int channel,
            int gainBits, short[] pcm, int pcmOffset)
        {
            int needed = DecimationFilter.OutputCount(state, frames);
            if (needed < 0 || slotsPerFrame < 1 || slotsPerFrame > 2)
            {
                return DecimationFilter.ErrorArgument;
            }

            if (frames > 0 && (slots == null || offset < 0 || offset > slots.Length || frames > (slots.Length - offset) / (slotsPerFrame * 4)))
            {
                return DecimationFilter.ErrorArgument;
            }

            int capacity = 0;
            if (pcm != null)
            {
                if (pcmOffset < 0 || pcmOffset > pcm.Length)
                {
                    return DecimationFilter.ErrorArgument;
                }

                capacity = pcm.Length - pcmOffset;
            }

            if (needed > capacity)
            {
                return DecimationFilter.ErrorArgument;
            }

            return NativeMethods.DecimateI2s32(state, state.Length, slots, frames > 0 ? offset : 0, frames, slotsPerFrame,
                channel, gainBits, pcm, pcm != null ? pcmOffset : 0, capacity);
        }
    }
}
