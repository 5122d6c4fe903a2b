namespace Phone.Device.Audio
{
    /// <summary>What the media loop should do now (<see cref="MediaCadence.Next"/>).</summary>
    public enum CadenceAction
    {
        /// <summary>Read one 20 ms capture frame: it is complete in the DMA buffers, so the read returns at once.</summary>
        ReadCapture = 0,

        /// <summary>Write one 20 ms playback frame: the DMA buffers have room, so the write returns at once.</summary>
        WritePlayback = 1,

        /// <summary>Do socket/SIP work for at most <see cref="MediaCadence.WaitMs"/> (socket waits yield the CPU).</summary>
        Network = 2,

        /// <summary>Nothing to do: sleep <see cref="MediaCadence.WaitMs"/>.</summary>
        Sleep = 3
    }
}
