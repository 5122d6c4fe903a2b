using Phone.App.Media;

namespace Phone.App.Drivers
{
    /// <summary>
    /// The microphone's I2S receiver with its DMA ring. Read blocks until count bytes of slots are there; the media
    /// engine only calls it when its cadence model (Phone.Device's MediaCadence) says a DMA buffer is full, so on
    /// time it returns at once. Slots are 32-bit little-endian words, both channels of a frame (left first).
    /// </summary>
    public interface IAudioCapture
    {
        bool IsOpen { get; }

        int Errors { get; }

        /// <summary>Starts the bus at wiring.MicSampleRate with dmaBytes of DMA memory; false when it cannot.</summary>
        bool Open(AudioWiring wiring, int dmaBytes);

        bool Read(byte[] buffer, int offset, int count);

        void Close();
    }
}
