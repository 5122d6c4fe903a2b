using Phone.App.Media;

namespace Phone.App.Drivers
{
    /// <summary>
    /// The speaker's I2S transmitter with its DMA ring and the amplifier's enable line. Write blocks until the DMA
    /// takes the bytes; the media engine writes one 20 ms frame when its cadence model says there is room.
    /// Samples are 16-bit little-endian, two slots per frame (the same sample in both).
    /// </summary>
    public interface IAudioPlayback
    {
        bool IsOpen { get; }

        int Errors { get; }

        bool Open(AudioWiring wiring, int slotBits, bool stereo, int dmaBytes);

        /// <summary>Switches the amplifier (a no-op without an enable pin).</summary>
        void Enable(bool on);

        bool Write(byte[] buffer, int offset, int count);

        void Close();
    }
}
