using Phone.Config;
using Phone.Media;
using Phone.Audio;

namespace Phone.Device.Audio
{
    /// <summary>
    /// Converts between the byte layouts the nanoFramework I2S driver (System.Device.I2s on ESP32) reads and
    /// writes and the phone's 16-bit PCM / G.711 frames. Per-frame methods allocate nothing and never throw:
    /// bad arguments convert nothing and return 0.
    /// </summary>
    /// <remarks>
    /// Capture (I2sDevice.Read, Mode = Master|Rx, BitsPerSample = Bit32): the driver always runs the DMA at 32-bit
    /// slots and copies whole 32-bit words into the SpanByte, little-endian, one word per slot: with ChannelFormat
    /// RightLeft two words per frame, with OnlyLeft/OnlyRight one (nf-interpreter
    /// targets/ESP32/_nanoCLR/System.Device.I2s, frame map "Stereo, 32-bits" / "Mono, 32-bits"). Which word holds
    /// the microphone depends on its L/R pin and on that driver's channel swap, so the board profile names the
    /// slot (UNCONFIRMED per board: check with a tone on one channel). I2S MEMS microphones (INMP441, SPH0645)
    /// send 24 (or 18) significant bits MSB first, left-justified in the 32-bit slot (Philips I2S format: data
    /// starts one bit clock after the WS edge, the remaining bits of the slot are tri-stated), so the sample is
    /// the word's top 24 bits as a signed value; bits 7..0 are whatever the idle line read and are masked off.
    /// To 16 bits: word * 2^gainBits / 2^16, rounded to nearest (halves upward) and saturated to
    /// -32768..32767. Reading Bit16 instead would make the driver keep only the word's top two bytes: truncated
    /// and without gain, which is why the phone reads Bit32 and converts here.
    ///
    /// Playback (I2sDevice.Write, Mode = Master|Tx, BitsPerSample = Bit16): the driver hands the bytes to the DMA
    /// unchanged (only Bit32 gets its word pairs swapped), so the buffer is what goes on the wire: 16-bit
    /// little-endian samples, per frame left then right with RightLeft, or one sample per frame with a mono
    /// ChannelFormat. The phone's audio is mono; in stereo it is written into both slots, so the speaker amplifier
    /// (e.g. MAX98357A, which plays L, R or (L+R)/2 by its SD pin) gets it whichever slot it listens to, and the
    /// ESP32's 16-bit left/right order quirk (esp-idf issue 6625) cannot swap it into silence.
    /// </remarks>
    public static class I2sSampleConverter
    {
        /// <summary>Bytes per capture slot (a 32-bit word).</summary>
        public const int CaptureSlotBytes = 4;

        /// <summary>Most gain, in bits (x 2^15), that still leaves a rounding bit.</summary>
        public const int MaxGainBits = 15;

        /// <summary>Bytes the capture buffer needs for frames frames of slotsPerFrame 32-bit slots.</summary>
        public static int CaptureBytes(int frames, int slotsPerFrame)
        {
            return frames * slotsPerFrame * CaptureSlotBytes;
        }

        /// <summary>Bytes the playback buffer needs for samples samples, 16-bit, mono or duplicated to stereo.</summary>
        public static int PlaybackBytes(int samples, bool stereo)
        {
            return samples * (stereo ? 4 : 2);
        }

        /// <summary>One capture slot word (little-endian at src[offset]) to a 16-bit sample, as described in the remarks.</summary>
        public static short SlotToPcm(byte[] src, int offset, int gainBits)
        {
            if (src == null || offset < 0 || offset > src.Length - CaptureSlotBytes) return 0;
            if (gainBits < 0) gainBits = 0;
            if (gainBits > MaxGainBits) gainBits = MaxGainBits;
            int word = src[offset] | (src[offset + 1] << 8) | (src[offset + 2] << 16) | (src[offset + 3] << 24);
            return Round(word, 15 - gainBits);
        }

        /// <summary>
        /// Converts frames capture frames from src[srcOffset..] (slotsPerFrame 32-bit words each; the microphone in
        /// word slot) to 16-bit samples at dst[dstOffset..]. Returns frames, or 0 when an argument is out of range.
        /// </summary>
        public static int CaptureToPcm(byte[] src, int srcOffset, int frames, int slotsPerFrame, int slot, int gainBits,
            short[] dst, int dstOffset)
        {
            if (!CaptureArgsOk(src, srcOffset, frames, slotsPerFrame, slot)) return 0;
            if (dst == null || dstOffset < 0 || dstOffset > dst.Length - frames) return 0;
            int shift = 15 - ClampGain(gainBits);
            int stride = slotsPerFrame * CaptureSlotBytes;
            int i = srcOffset + slot * CaptureSlotBytes;
            int end = dstOffset + frames;
            for (int o = dstOffset; o < end; o++)
            {
                int word = src[i] | (src[i + 1] << 8) | (src[i + 2] << 16) | (src[i + 3] << 24);
                dst[o] = Round(word, shift);
                i += stride;
            }
            return frames;
        }

        /// <summary>
        /// As <see cref="CaptureToPcm"/>, then G.711-encodes each sample straight into dst (one code per frame),
        /// so the capture path needs no PCM buffer. Returns frames, or 0 when an argument is out of range.
        /// </summary>
        public static int CaptureToG711(byte[] src, int srcOffset, int frames, int slotsPerFrame, int slot, int gainBits,
            AudioCodec codec, byte[] dst, int dstOffset)
        {
            if (!CaptureArgsOk(src, srcOffset, frames, slotsPerFrame, slot)) return 0;
            if (dst == null || dstOffset < 0 || dstOffset > dst.Length - frames) return 0;
            int shift = 15 - ClampGain(gainBits);
            int stride = slotsPerFrame * CaptureSlotBytes;
            int i = srcOffset + slot * CaptureSlotBytes;
            int end = dstOffset + frames;
            bool alaw = codec == AudioCodec.Pcma;
            for (int o = dstOffset; o < end; o++)
            {
                int word = src[i] | (src[i + 1] << 8) | (src[i + 2] << 16) | (src[i + 3] << 24);
                short s = Round(word, shift);
                dst[o] = alaw ? ALaw.Encode(s) : MuLaw.Encode(s);
                i += stride;
            }
            return frames;
        }

        /// <summary>
        /// Writes count 16-bit samples from src[srcOffset..] as I2S playback bytes at dst[dstOffset..]: little-endian,
        /// each sample twice (left, right) when stereo. Returns the bytes written, 0 when an argument is out of range.
        /// </summary>
        public static int PcmToPlayback(short[] src, int srcOffset, int count, bool stereo, byte[] dst, int dstOffset)
        {
            if (src == null || count < 0 || srcOffset < 0 || srcOffset > src.Length - count) return 0;
            int bytes = PlaybackBytes(count, stereo);
            if (dst == null || dstOffset < 0 || dstOffset > dst.Length - bytes) return 0;
            int o = dstOffset;
            int end = srcOffset + count;
            for (int i = srcOffset; i < end; i++)
            {
                int s = src[i];
                byte lo = (byte)s;
                byte hi = (byte)(s >> 8);
                dst[o++] = lo;
                dst[o++] = hi;
                if (stereo)
                {
                    dst[o++] = lo;
                    dst[o++] = hi;
                }
            }
            return bytes;
        }

        /// <summary>
        /// Decodes count G.711 codes from codes[offset..] (ITU-T G.711 µ-law for Pcmu, A-law for Pcma) straight into
        /// I2S playback bytes at dst[dstOffset..], as <see cref="PcmToPlayback"/>. Returns the bytes written, 0 when
        /// an argument is out of range.
        /// </summary>
        public static int G711ToPlayback(byte[] codes, int offset, int count, AudioCodec codec, bool stereo, byte[] dst, int dstOffset)
        {
            if (codes == null || count < 0 || offset < 0 || offset > codes.Length - count) return 0;
            int bytes = PlaybackBytes(count, stereo);
            if (dst == null || dstOffset < 0 || dstOffset > dst.Length - bytes) return 0;
            bool alaw = codec == AudioCodec.Pcma;
            int o = dstOffset;
            int end = offset + count;
            for (int i = offset; i < end; i++)
            {
                int s = alaw ? ALaw.Decode(codes[i]) : MuLaw.Decode(codes[i]);
                byte lo = (byte)s;
                byte hi = (byte)(s >> 8);
                dst[o++] = lo;
                dst[o++] = hi;
                if (stereo)
                {
                    dst[o++] = lo;
                    dst[o++] = hi;
                }
            }
            return bytes;
        }

        private static bool CaptureArgsOk(byte[] src, int srcOffset, int frames, int slotsPerFrame, int slot)
        {
            if (src == null || frames < 0 || srcOffset < 0) return false;
            if (slotsPerFrame < 1 || slotsPerFrame > 2 || slot < 0 || slot >= slotsPerFrame) return false;
            return srcOffset <= src.Length - frames * slotsPerFrame * CaptureSlotBytes;
        }

        private static int ClampGain(int gainBits)
        {
            return gainBits < 0 ? 0 : gainBits > MaxGainBits ? MaxGainBits : gainBits;
        }

        // The slot's top 24 bits, scaled by 2^-(shift+1) with round-half-up, then saturated. Shifting by shift
        // first keeps one fraction bit, so adding 1 and shifting once more rounds without overflowing an int.
        private static short Round(int word, int shift)
        {
            int v = (((word & ~0xFF) >> shift) + 1) >> 1;
            if (v > 32767) return 32767;
            if (v < -32768) return -32768;
            return (short)v;
        }
    }
}
