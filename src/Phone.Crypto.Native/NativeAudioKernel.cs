using Phone.Audio;

namespace Phone.Crypto.Native
{
    /// <summary>
    /// <see cref="IAudioKernel"/> in C (native/phone_crypto/pc_decim.c, pc_g711.c, pc_i2s.c, pc_mix.c, pc_noise.c, pc_level.c): one native call
    /// per I2S read or write and one per G.711 frame, so neither the 96-tap filter nor a per-sample G.711 or
    /// slot-conversion loop runs in the interpreter. The filter state stays in the
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

        /// <summary>pc_g711.c over the whole frame: one native call, no per-sample IL.</summary>
        public int EncodeG711(AudioCodec codec, short[] pcm, int pcmOffset, byte[] dst, int dstOffset, int count)
        {
            if (!ManagedAudioKernel.G711RangeOk(codec, pcm, pcmOffset, dst, dstOffset, count))
            {
                return DecimationFilter.ErrorArgument;
            }

            if (count == 0)
            {
                return 0;
            }

            return NativeMethods.G711Encode((int)codec, pcm, pcmOffset, dst, dstOffset, count);
        }

        public int DecodeG711(AudioCodec codec, byte[] src, int srcOffset, short[] pcm, int pcmOffset, int count)
        {
            if (!ManagedAudioKernel.G711RangeOk(codec, src, srcOffset, pcm, pcmOffset, count))
            {
                return DecimationFilter.ErrorArgument;
            }

            if (count == 0)
            {
                return 0;
            }

            return NativeMethods.G711Decode((int)codec, src, srcOffset, pcm, pcmOffset, count);
        }

        /// <summary>pc_i2s.c over the whole frame: one native call, no per-sample IL.</summary>
        public int CaptureToPcm(byte[] slots, int offset, int frames, int slotsPerFrame, int channel, int gainBits, int average,
            short[] pcm, int pcmOffset)
        {
            if (!I2sSlots.CaptureArgumentsOk(slots, offset, frames, slotsPerFrame, channel, gainBits, average, pcm, pcmOffset))
            {
                return DecimationFilter.ErrorArgument;
            }

            if (frames == 0)
            {
                return 0;
            }

            return NativeMethods.I2sCapture(slots, offset, frames, slotsPerFrame, channel, gainBits, average, pcm, pcmOffset);
        }

        public int PcmToPlayback(short[] pcm, int pcmOffset, int count, int volumePercent, bool stereo, byte[] dst, int dstOffset)
        {
            if (!I2sSlots.PlaybackArgumentsOk(pcm, pcmOffset, count, volumePercent, stereo, dst, dstOffset))
            {
                return DecimationFilter.ErrorArgument;
            }

            if (count == 0)
            {
                return 0;
            }

            return NativeMethods.I2sPlayback(pcm, pcmOffset, count, volumePercent, stereo ? 1 : 0, dst, dstOffset);
        }

        /// <summary>pc_mix.c over the whole frame: one native call, no per-sample IL.</summary>
        public int MixClip(short[] a, int aOffset, short[] b, int bOffset, short[] into, int intoOffset, int count)
        {
            if (!PcmMix.ArgumentsOk(a, aOffset, b, bOffset, into, intoOffset, count))
            {
                return DecimationFilter.ErrorArgument;
            }

            if (count == 0)
            {
                return 0;
            }

            return NativeMethods.MixClip(a, aOffset, b, bOffset, into, intoOffset, count);
        }

        /// <summary>pc_noise.c over the whole frame: one native call, no per-sample IL; the state travels in state[0].</summary>
        public int ComfortNoise(int[] state, short[] pcm, int pcmOffset, int count, int levelDbov)
        {
            if (!PcmNoise.ArgumentsOk(state, pcm, pcmOffset, count, levelDbov))
            {
                return DecimationFilter.ErrorArgument;
            }

            if (count == 0)
            {
                return 0;
            }

            return NativeMethods.ComfortNoise(state, pcm, pcmOffset, count, levelDbov);
        }

        /// <summary>pc_level.c over the whole frame: one native call, no per-sample IL.</summary>
        public int MeasureLevel(short[] pcm, int pcmOffset, int count)
        {
            if (!PcmLevel.ArgumentsOk(pcm, pcmOffset, count))
            {
                return DecimationFilter.ErrorArgument;
            }

            if (count == 0)
            {
                return PcmLevel.Quietest;
            }

            return NativeMethods.MeasureLevel(pcm, pcmOffset, count);
        }
    }
}
