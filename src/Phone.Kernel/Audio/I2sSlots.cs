namespace Phone.Audio
{
    /// <summary>
    /// Limits and sizes of <see cref="IAudioKernel.CaptureToPcm"/> and <see cref="IAudioKernel.PcmToPlayback"/>,
    /// shared by every kernel (native/phone_crypto/phone_crypto.h PC_I2S_*), and the argument rule both kernels
    /// apply before any work.
    /// </summary>
    public static class I2sSlots
    {
        /// <summary>Bytes per capture slot (a 32-bit word).</summary>
        public const int CaptureSlotBytes = 4;

        /// <summary>Most capture gain, in bits (x 2^15), that still leaves a rounding bit.</summary>
        public const int MaxGainBits = 15;

        /// <summary>Most capture samples one output may average.</summary>
        public const int MaxAverage = 16;

        /// <summary>Most frames (capture) or samples (playback) one call may take.</summary>
        public const int MaxFrames = 65536;

        /// <summary>Bytes <paramref name="samples"/> playback samples take, 16-bit, mono or duplicated to stereo.</summary>
        public static int PlaybackBytes(int samples, bool stereo)
        {
            return samples * (stereo ? 4 : 2);
        }

        /// <summary>The argument rule of <see cref="IAudioKernel.CaptureToPcm"/>: true when the call may run.</summary>
        public static bool CaptureArgumentsOk(byte[] slots, int offset, int frames, int slotsPerFrame, int channel,
            int gainBits, int average, short[] pcm, int pcmOffset)
        {
            if (frames < 0 || frames > MaxFrames || slotsPerFrame < 1 || slotsPerFrame > 2 || channel < 0
                || channel >= slotsPerFrame || gainBits < 0 || gainBits > MaxGainBits || average < 1
                || average > MaxAverage || frames % average != 0)
            {
                return false;
            }

            if (frames == 0)
            {
                return true;
            }

            return slots != null && pcm != null && offset >= 0 && offset <= slots.Length
                && frames <= (slots.Length - offset) / (slotsPerFrame * CaptureSlotBytes)
                && pcmOffset >= 0 && pcmOffset <= pcm.Length - frames / average;
        }

        /// <summary>The argument rule of <see cref="IAudioKernel.PcmToPlayback"/>: true when the call may run.</summary>
        public static bool PlaybackArgumentsOk(short[] pcm, int pcmOffset, int count, int volumePercent, bool stereo,
            byte[] dst, int dstOffset)
        {
            if (count < 0 || count > MaxFrames || volumePercent < 0 || volumePercent > 100)
            {
                return false;
            }

            if (count == 0)
            {
                return true;
            }

            return pcm != null && dst != null && pcmOffset >= 0 && pcmOffset <= pcm.Length - count
                && dstOffset >= 0 && dstOffset <= dst.Length - PlaybackBytes(count, stereo);
        }
    }
}
