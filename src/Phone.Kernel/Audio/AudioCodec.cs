namespace Phone.Audio
{
    /// <summary>Narrow-band codecs the phone implements.</summary>
    public enum AudioCodec
    {
        Pcmu = 0,
        Pcma = 1
    }
}
