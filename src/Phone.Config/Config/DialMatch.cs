namespace Phone.Config
{
    /// <summary>How a dialled prefix stands against a <see cref="DialPlan"/>.</summary>
    public enum DialMatch
    {
        /// <summary>No pattern matches it and no more digits can make one match.</summary>
        NoMatch = 0,

        /// <summary>Not a whole number yet, but more digits can make a match.</summary>
        Partial = 1,

        /// <summary>A whole number of some pattern, and no pattern takes a longer one: dial now.</summary>
        Complete = 2,

        /// <summary>A whole number, but some pattern could take more digits: dial after the inter-digit timeout.</summary>
        CompleteCanGrow = 3
    }
}
