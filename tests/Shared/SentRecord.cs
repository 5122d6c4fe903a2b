using Phone.Sip.Transport;
using Phone.Sip;

namespace Phone.Tests.Sip.Transaction
{
    /// <summary>One action the core asked the fake adapter to perform, with the virtual time it was taken.</summary>
    internal sealed class SentRecord
    {
        public long Time;
        public TransportActionKind Kind;
        public int ConnectionId;
        public SipTransportKind Transport;
        public string Host;
        public int Port;
        public string ServerName;
        public string Text;

        /// <summary>The start line of the message, or the raw text when it has none.</summary>
        public string FirstLine
        {
            get
            {
                if (Text == null)
                {
                    return null;
                }

                int at = Text.IndexOf("\r\n");
                return at < 0 ? Text : Text.Substring(0, at);
            }
        }
    }
}
