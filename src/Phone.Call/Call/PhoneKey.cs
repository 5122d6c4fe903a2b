namespace Phone.Call
{
    /// <summary>The handset's keys; the physical layout is in docs/keypad.md.</summary>
    public enum PhoneKey
    {
        D0 = 0,
        D1 = 1,
        D2 = 2,
        D3 = 3,
        D4 = 4,
        D5 = 5,
        D6 = 6,
        D7 = 7,
        D8 = 8,
        D9 = 9,
        Star = 10,
        Pound = 11,

        /// <summary>Call/Answer: dial, answer, redial, resume.</summary>
        Call = 12,
        HangUp = 13,
        Hold = 14,
        Mute = 15,
        VolumeUp = 16,
        VolumeDown = 17,
        Up = 18,
        Down = 19,

        /// <summary>Backspace while dialing, back out of the history.</summary>
        Left = 20,
        Right = 21,

        /// <summary>OK/Menu: opens the call history; rejects a waiting call.</summary>
        Ok = 22,
        Dnd = 23,

        /// <summary>Transfer: in a call, dial a target then Transfer/Call (blind); with a held and an active call, joins them (attended).</summary>
        Transfer = 24,

        /// <summary>With one call active and one held: joins them into a local three-way conference; again: splits it.</summary>
        Conference = 25
    }
}
