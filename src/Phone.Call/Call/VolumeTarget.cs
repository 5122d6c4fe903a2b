namespace Phone.Call
{
    /// <summary>Which output a volume applies to: the earpiece/speaker during calls, the ringer otherwise.</summary>
    public enum VolumeTarget
    {
        Speaker = 0,
        Ring = 1
    }
}
