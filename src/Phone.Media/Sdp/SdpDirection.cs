namespace Phone.Sdp
{
    /// <summary>Media direction attributes (RFC 8866 §6.7; RFC 3264 §5.1, §6.1).</summary>
    public enum SdpDirection
    {
        /// <summary>No direction attribute at this level (RFC 8866 §6.7: sendrecv is then the default).</summary>
        None = 0,
        SendRecv = 1,
        SendOnly = 2,
        RecvOnly = 3,
        Inactive = 4,
    }
}
