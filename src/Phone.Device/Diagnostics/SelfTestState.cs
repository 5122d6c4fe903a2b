namespace Phone.Device.Diagnostics
{
    /// <summary>Result of the crypto kernel self-test at boot, as the diagnostics show it.</summary>
    public enum SelfTestState
    {
        NotRun = 0,
        Passed = 1,
        Failed = 2
    }
}
