namespace Phone.Audio
{
    /// <summary>
    /// The per-sample audio work of the handset behind one seam, as <see cref="Phone.Crypto.ICryptoKernel"/>
    /// does for SRTP: on the device the native kernel (Phone.Crypto.Native) runs it in C, because a
    /// 96-tap filter over 32000 samples a second is far beyond the interpreter; the managed kernel
    /// gives the same samples everywhere and is the reference in tests. G.711 of a whole frame is here
    /// too: per sample it is cheap, but 160 samples a frame in IL cost half the device's frame time; and so is
    /// the I2S slot conversion each way, with the microphone gain and the speaker volume, the saturating
    /// mix of two frames for the local conference, the comfort noise played while the peer is silent, and the level of a
    /// frame for voice activity detection and the comfort noise sent while the user is silent.
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

        /// <summary>
        /// G.711-encodes <paramref name="count"/> samples from <c>pcm[pcmOffset..]</c> into
        /// <c>dst[dstOffset..]</c>: µ-law for <see cref="AudioCodec.Pcmu"/>, A-law for
        /// <see cref="AudioCodec.Pcma"/>, bit for bit <see cref="MuLaw"/> / <see cref="ALaw"/> (docs/g711.md).
        /// One call per frame. Returns <paramref name="count"/>, or <see cref="DecimationFilter.ErrorArgument"/>
        /// with nothing written for an unknown codec, a negative count or a range that does not fit the
        /// arrays. Allocates nothing and never throws.
        /// </summary>
        int EncodeG711(AudioCodec codec, short[] pcm, int pcmOffset, byte[] dst, int dstOffset, int count);

        /// <summary>
        /// G.711-decodes <paramref name="count"/> codes from <c>src[srcOffset..]</c> into
        /// <c>pcm[pcmOffset..]</c>, as <see cref="EncodeG711"/> the other way round.
        /// </summary>
        int DecodeG711(AudioCodec codec, byte[] src, int srcOffset, short[] pcm, int pcmOffset, int count);

        /// <summary>
        /// Converts captured I2S data to PCM without filtering: reads <paramref name="frames"/> frames of
        /// <paramref name="slotsPerFrame"/> (1 or 2) little-endian 32-bit slots from <c>slots[offset..]</c>, takes
        /// slot <paramref name="channel"/> of each, scales the top 24 bits by 2^<paramref name="gainBits"/> / 2^16
        /// (gainBits 0..<see cref="I2sSlots.MaxGainBits"/>), rounded to nearest with halves upward and saturated to
        /// 16 bits, and writes the mean of every <paramref name="average"/> (1..<see cref="I2sSlots.MaxAverage"/>)
        /// consecutive samples, truncated toward zero, to <c>pcm[pcmOffset..]</c> (a boxcar down to the call rate;
        /// 1 converts only). One call per frame. Returns <paramref name="frames"/> / <paramref name="average"/>, or
        /// <see cref="DecimationFilter.ErrorArgument"/> with nothing written when an argument is out of range or
        /// frames is not a multiple of average. Allocates nothing and never throws.
        /// </summary>
        int CaptureToPcm(byte[] slots, int offset, int frames, int slotsPerFrame, int channel, int gainBits, int average,
            short[] pcm, int pcmOffset);

        /// <summary>
        /// Writes <paramref name="count"/> samples from <c>pcm[pcmOffset..]</c>, each multiplied by
        /// <paramref name="volumePercent"/> (0..100) / 100 truncated toward zero, as I2S playback bytes at
        /// <c>dst[dstOffset..]</c>: 16-bit little-endian, twice (left, right) when <paramref name="stereo"/>.
        /// pcm is not changed. One call per frame. Returns the bytes written (<see cref="I2sSlots.PlaybackBytes"/>),
        /// or <see cref="DecimationFilter.ErrorArgument"/> with nothing written when an argument is out of range.
        /// Allocates nothing and never throws.
        /// </summary>
        int PcmToPlayback(short[] pcm, int pcmOffset, int count, int volumePercent, bool stereo, byte[] dst, int dstOffset);

        /// <summary>
        /// Mixes two frames for the local conference: <c>into[intoOffset + i]</c> = <c>a[aOffset + i]</c> +
        /// <c>b[bOffset + i]</c> saturated to -32768..32767, for <paramref name="count"/> samples
        /// (0..<see cref="PcmMix.MaxCount"/>). The samples are taken in order and each is read before it is written,
        /// so <paramref name="into"/> may be <paramref name="a"/> or <paramref name="b"/> at the same offset. One call
        /// per frame. Returns <paramref name="count"/>, or <see cref="DecimationFilter.ErrorArgument"/> with nothing
        /// written when an argument is out of range. Allocates nothing and never throws.
        /// </summary>
        int MixClip(short[] a, int aOffset, short[] b, int bOffset, short[] into, int intoOffset, int count);

        /// <summary>
        /// Comfort noise (RFC 3389) for the receive path: fills <c>pcm[pcmOffset..]</c> with <paramref name="count"/>
        /// (0..<see cref="PcmNoise.MaxCount"/>) samples of white noise whose RMS is about 32767 · 10^(-level/20),
        /// <paramref name="levelDbov"/> being the CN packet's level in -dBov (0..<see cref="PcmNoise.MaxLevel"/>).
        /// Samples are uniform on -A..A-1, A = <see cref="PcmNoise.Amplitude"/> (at most 32767, so levels 0..4 come out
        /// quieter than asked), from a 32-bit linear congruential generator in <c>state[0]</c>
        /// (<see cref="PcmNoise.NewState"/>), which is advanced: a stream split into calls of any sizes gives the
        /// same samples as one call. One call per frame. Returns <paramref name="count"/>, or
        /// <see cref="DecimationFilter.ErrorArgument"/> with nothing written and the state unchanged when an argument
        /// is out of range. Allocates nothing and never throws.
        /// </summary>
        int ComfortNoise(int[] state, short[] pcm, int pcmOffset, int count, int levelDbov);

        /// <summary>
        /// The RFC 3389 §3.1 level, in -dBov (0..<see cref="PcmLevel.Quietest"/>, rounded to the nearest dB), of
        /// <paramref name="count"/> (0..<see cref="PcmLevel.MaxCount"/>) samples at <c>pcm[pcmOffset..]</c>: their mean
        /// square, in 1/65536 units truncated toward zero, compared with the boundaries half a dB between levels
        /// (<see cref="PcmLevel.FirstBoundary"/>, <see cref="PcmLevel.StepFactor"/>). 0 dBov is a full-scale square wave
        /// (RMS 32767); count 0 or all-zero samples give <see cref="PcmLevel.Quietest"/>. One call per frame; reads
        /// nothing outside the range. Returns the level, or <see cref="DecimationFilter.ErrorArgument"/> when an argument
        /// is out of range. Allocates nothing and never throws.
        /// </summary>
        int MeasureLevel(short[] pcm, int pcmOffset, int count);
    }
}
