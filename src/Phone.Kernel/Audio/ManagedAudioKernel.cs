namespace Phone.Audio
{
    /// <summary>
    /// <see cref="IAudioKernel"/> in C#: the same integer arithmetic as native/phone_crypto/pc_decim.c,
    /// sample for sample. On the device it costs a 96-term 64-bit dot product in the interpreter per
    /// output sample (8000 a second), so it is the reference and the fallback, not the phone's path.
    /// G.711 here is <see cref="MuLaw"/> / <see cref="ALaw"/> (native/phone_crypto/pc_g711.c is its twin), the
    /// I2S slot conversion the arithmetic of native/phone_crypto/pc_i2s.c, the conference mix that of pc_mix.c, the
    /// comfort noise that of pc_noise.c and the frame level that of pc_level.c.
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

        /// <summary>By <see cref="MuLaw"/> / <see cref="ALaw"/>'s block methods, after checking every range so they never throw.</summary>
        public int EncodeG711(AudioCodec codec, short[] pcm, int pcmOffset, byte[] dst, int dstOffset, int count)
        {
            if (!G711RangeOk(codec, pcm, pcmOffset, dst, dstOffset, count))
            {
                return DecimationFilter.ErrorArgument;
            }

            if (count > 0)
            {
                if (codec == AudioCodec.Pcma)
                {
                    ALaw.Encode(pcm, pcmOffset, dst, dstOffset, count);
                }
                else
                {
                    MuLaw.Encode(pcm, pcmOffset, dst, dstOffset, count);
                }
            }

            return count;
        }

        public int DecodeG711(AudioCodec codec, byte[] src, int srcOffset, short[] pcm, int pcmOffset, int count)
        {
            if (!G711RangeOk(codec, src, srcOffset, pcm, pcmOffset, count))
            {
                return DecimationFilter.ErrorArgument;
            }

            if (count > 0)
            {
                if (codec == AudioCodec.Pcma)
                {
                    ALaw.Decode(src, srcOffset, pcm, pcmOffset, count);
                }
                else
                {
                    MuLaw.Decode(src, srcOffset, pcm, pcmOffset, count);
                }
            }

            return count;
        }

        /// <summary>The arithmetic of native/phone_crypto/pc_i2s.c, sample for sample.</summary>
        public int CaptureToPcm(byte[] slots, int offset, int frames, int slotsPerFrame, int channel, int gainBits, int average,
            short[] pcm, int pcmOffset)
        {
            if (!I2sSlots.CaptureArgumentsOk(slots, offset, frames, slotsPerFrame, channel, gainBits, average, pcm, pcmOffset))
            {
                return DecimationFilter.ErrorArgument;
            }

            int shift = 15 - gainBits;
            int stride = slotsPerFrame * I2sSlots.CaptureSlotBytes;
            int p = offset + channel * I2sSlots.CaptureSlotBytes;
            int outputs = frames / average;
            for (int o = 0; o < outputs; o++)
            {
                int sum = 0;
                for (int k = 0; k < average; k++, p += stride)
                {
                    int word = slots[p] | (slots[p + 1] << 8) | (slots[p + 2] << 16) | (slots[p + 3] << 24);

                    // The top 24 bits scaled by 2^-(shift+1): shifting by shift keeps one fraction bit, so adding 1
                    // and shifting once more rounds halves upward without overflowing an int.
                    int v = (((word & ~0xFF) >> shift) + 1) >> 1;
                    sum += v > 32767 ? 32767 : v < -32768 ? -32768 : v;
                }

                pcm[pcmOffset + o] = (short)(sum / average);
            }

            return outputs;
        }

        public int PcmToPlayback(short[] pcm, int pcmOffset, int count, int volumePercent, bool stereo, byte[] dst, int dstOffset)
        {
            if (!I2sSlots.PlaybackArgumentsOk(pcm, pcmOffset, count, volumePercent, stereo, dst, dstOffset))
            {
                return DecimationFilter.ErrorArgument;
            }

            int o = dstOffset;
            int end = pcmOffset + count;
            for (int i = pcmOffset; i < end; i++)
            {
                int v = pcm[i] * volumePercent / 100;
                byte lo = (byte)v;
                byte hi = (byte)(v >> 8);
                dst[o++] = lo;
                dst[o++] = hi;
                if (stereo)
                {
                    dst[o++] = lo;
                    dst[o++] = hi;
                }
            }

            return o - dstOffset;
        }

        /// <summary>The arithmetic of native/phone_crypto/pc_mix.c, sample for sample.</summary>
        public int MixClip(short[] a, int aOffset, short[] b, int bOffset, short[] into, int intoOffset, int count)
        {
            if (!PcmMix.ArgumentsOk(a, aOffset, b, bOffset, into, intoOffset, count))
            {
                return DecimationFilter.ErrorArgument;
            }

            for (int i = 0; i < count; i++)
            {
                int v = a[aOffset + i] + b[bOffset + i];
                into[intoOffset + i] = (short)(v > 32767 ? 32767 : v < -32768 ? -32768 : v);
            }

            return count;
        }

        /// <summary>The arithmetic of native/phone_crypto/pc_noise.c, sample for sample.</summary>
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

            int amplitude = PcmNoise.Amplitude(levelDbov);
            uint a = (uint)amplitude;
            uint x = (uint)state[0];
            for (int i = 0; i < count; i++)
            {
                x = x * 1664525u + 1013904223u;
                pcm[pcmOffset + i] = (short)((int)(((x >> 16) * a) >> 15) - amplitude); // (x >> 16) * a < 2^31
            }

            state[0] = (int)x;
            return count;
        }

        /// <summary>The arithmetic of native/phone_crypto/pc_level.c, bit for bit.</summary>
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

            // Each square is at most 2^30 (-32768 squared), so the sum is at most 65536 · 2^30 = 2^46.
            long sum = 0;
            int end = pcmOffset + count;
            for (int i = pcmOffset; i < end; i++)
            {
                int x = pcm[i];
                sum += x * x;
            }

            // The mean square in 1/65536 units, truncated toward zero (sum << 16 is at most 2^62).
            long e = (sum << 16) / count;
            long t = PcmLevel.FirstBoundary;
            int level = 0;
            while (level < PcmLevel.Quietest && e < t)
            {
                level++;
                t = (t * PcmLevel.StepFactor) >> 16; // t < 2^46, so t · 52057 < 2^62
            }

            return level;
        }

        /// <summary>
        /// The argument rule of <see cref="IAudioKernel.EncodeG711"/> / <see cref="IAudioKernel.DecodeG711"/>
        /// (shared with the native kernel, whose host side cannot see array lengths): a known codec,
        /// count &gt;= 0, and when count &gt; 0 both arrays present with [offset, offset + count) inside them.
        /// </summary>
        public static bool G711RangeOk(AudioCodec codec, System.Array src, int srcOffset, System.Array dst, int dstOffset, int count)
        {
            if ((codec != AudioCodec.Pcmu && codec != AudioCodec.Pcma) || count < 0)
            {
                return false;
            }

            if (count == 0)
            {
                return true;
            }

            return src != null && dst != null && srcOffset >= 0 && srcOffset <= src.Length - count
                && dstOffset >= 0 && dstOffset <= dst.Length - count;
        }
    }
}
