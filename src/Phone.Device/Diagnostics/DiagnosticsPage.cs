namespace Phone.Device.Diagnostics
{
    /// <summary>The pages of <see cref="DiagnosticsScreen"/>, in the order Left/Right steps through them.</summary>
    public enum DiagnosticsPage
    {
        Registration = 0,
        Network = 1,
        Security = 2,
        Audio = 3,
        Memory = 4,
        Kernel = 5,
        Packets = 6,
        Signalling = 7
    }
}
