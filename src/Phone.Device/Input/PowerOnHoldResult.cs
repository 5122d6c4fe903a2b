namespace Phone.Device.Input
{
    /// <summary>Outcome of the hold-at-power-on check.</summary>
    public enum PowerOnHoldResult
    {
        /// <summary>Not decided yet: keep feeding, and do not pass keys to the phone.</summary>
        Undecided = 0,

        /// <summary>Start the phone as usual.</summary>
        Normal = 1,

        /// <summary>The key was held from power-on for the whole hold time: start provisioning mode.</summary>
        Provisioning = 2
    }
}
