using System;

namespace Phone.Host.Net
{
    /// <summary>A connection attempt failed for <see cref="Error"/>; the message never holds key material or passwords.</summary>
    public sealed class SipConnectException : Exception
    {
        public SipConnectException(SipSocketError error, string message, Exception inner = null)
            : base(message, inner)
        {
            Error = error;
        }

        public SipSocketError Error { get; }
    }
}
