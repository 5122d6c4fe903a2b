namespace Phone.Audio
{
    /// <summary>
    /// <see cref="IAudioKernel"/> in C#: the same integer arithmetic as native/phone_crypto/pc_decim.c,
    /// sample for sample. On the device it costs a 96-term 64-bit dot product in the interpreter per
    /// output sample (8000 a second), so it is the reference and the fallback, not the phone's path.
    /// </summary>
    public sealed class ManagedAudioKernel : IAudioKernel
    {
        public string Name
        {
            get { return "managed"; }
        }

        public int DecimateCapture(int[] state, byte[] slots, int offset, int frames, int slotsPerFrame, int channel,
            int gainBits, short[] pcm, int pcmOffset)
        {
            int needed = DecimationFilter.OutputCount(state, frames);
            if (needed < 0 || slotsPerFrame < 1 || slotsPerFrame > 2 || channel < 0 || channel >= slotsPerFrame
                || gainBits < 0 || gainBits > DecimationFilter.MaxGainBits
                || state[0] < 0 || state[0] >= DecimationFilter.Taps)
            {
                return DecimationFilter.ErrorArgument;
            }

            int stride = slotsPerFrame * 4;
            if (frames > 0 && (slots == null || offset < 0 || offset > slots.Length || frames > (slots.Length - offset) / stride))
            {
                return DecimationFilter.ErrorArgument;
            }

            if (needed > 0 && (pcm == null || pcmOffset < 0 || pcmOffset > pcm.Length || needed > pcm.Length - pcmOffset))
            {
                return DecimationFilter.ErrorArgument;
            }

            const int Taps = DecimationFilter.Taps;
            const int History = 2;
            short[] h = DecimationFilter.Coefficients;
            int pos = state[0];
            int phase = state[1];
            int shift = 23 - gainBits;
            long round = 1L << (shift - 1);
            int p = offset + channel * 4;
            int outIndex = pcmOffset;
            for (int f = 0; f < frames; f++, p += stride)
            {
                // Top 24 bits of the little-endian slot, sign-extended.
                int x = slots[p + 1] | (slots[p + 2] << 8) | (slots[p + 3] << 16);
                if ((x & 0x800000) != 0)
                {
                    x -= 0x1000000;
                }

                state[History + pos] = x;
                state[History + pos + Taps] = x;
                pos = pos + 1 == Taps ? 0 : pos + 1;
                if (++phase < DecimationFilter.Factor)
                {
                    continue;
                }

                phase = 0;
                int w = History + pos;
                long acc = 0;
                for (int k = 0; k < Taps; k++)
                {
                    acc += (long)h[k] * state[w + k];
                }

                long y = (acc + round) >> shift;
                if (y > 32767)
                {
                    y = 32767;
                }
                else if (y < -32768)
                {
                    y = -32768;
                }

                pcm[outIndex++] = (short)y;
            }

            state[0] = pos;
            state[1] = phase;
            return outIndex - pcmOffset;
        }
    }
}
