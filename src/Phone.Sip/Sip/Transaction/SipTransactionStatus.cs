namespace Phone.Sip.Transaction
{
    /// <summary>Outcome of a call into SipTransactionLayer.</summary>
    public enum SipTransactionStatus
    {
        Ok = 0,

        /// <summary>Every transaction slot is in use (bounded memory); nothing was sent.</summary>
        TableFull = 1,

        /// <summary>Every connection slot is in use; nothing was sent.</summary>
        ConnectionTableFull = 2,

        /// <summary>The message does not parse, lacks a z9hG4bK branch, or is of the wrong kind (e.g. ACK as a transaction).</summary>
        BadMessage = 3,

        /// <summary>The transaction is not in a state that allows this (e.g. a response after the final one).</summary>
        WrongState = 4,

        /// <summary>The transport refused the send (action queue full, connection gone).</summary>
        TransportError = 5,

        /// <summary>Null or out-of-range arguments.</summary>
        BadArgument = 6
    }
}
