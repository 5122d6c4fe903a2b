namespace Phone.Sdp
{
    /// <summary>Whether media must be, may be, or is never encrypted; mandatory is the default.</summary>
    public enum SrtpMode
    {
        Mandatory = 0,
        Optional = 1,
        Off = 2
    }
}
