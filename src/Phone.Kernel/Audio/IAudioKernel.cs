namespace Phone.Audio
{
    /// <summary>
    /// The per-sample audio work of the handset behind one seam, as <see cref="Phone.Crypto.ICryptoKernel"/>
    /// does for SRTP: on the device the native kernel (Phone.Crypto.Native) runs it in C, because a
    /// 96-tap filter over 32000 samples a second is far beyond the interpreter; the managed kernel
    /// gives the same samples everywhere and is the reference in tests.
    /// </summary>
    public interface IAudioKernel
    {
        /// <summary>Short name for diagnostics, e.g. "managed" or "native".</summary>
        string Name { get; }

        /// <summary>
        /// Converts captured I2S data to 8 kHz PCM: reads <paramref name="frames"/> frames of
        /// <paramref name="slotsPerFrame"/> (1 or 2) little-endian 32-bit slots from
        /// <c>slots[offset..]</c>, takes slot <paramref name="channel"/> of each (the microphone's
        /// 24-bit sample in the top three bytes), low-pass filters and keeps every 4th sample
        /// (<see cref="DecimationFilter"/>), multiplies by 2^<paramref name="gainBits"/> (0..12) and
        /// saturates to 16 bits, writing to <c>pcm[pcmOffset..]</c>. The filter state
        /// (<see cref="DecimationFilter.NewState"/>) carries over between calls, so a stream may be
        /// fed in chunks of any size. Returns the samples written, or
        /// <see cref="DecimationFilter.ErrorArgument"/> with nothing changed when an argument is
        /// out of range (including too little room in pcm). Allocates nothing and never throws.
        /// </summary>
        int DecimateCapture(int[] state, byte[] slots, int offset, int frames, int slotsPerFrame, int channel,
            int gainBits, short[] pcm, int pcmOffset);
    }
}
