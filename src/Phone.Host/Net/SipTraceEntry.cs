using Phone.Sip;

namespace Phone.Host.Net
{
    /// <summary>One SIP message on the wire, for a ladder diagram (start line and CSeq only, never bodies).</summary>
    public sealed class SipTraceEntry
    {
        public long AtMs { get; set; }

        public bool Outbound { get; set; }

        public SipTransportKind Transport { get; set; }

        /// <summary>host:port of the peer, when known.</summary>
        public string Remote { get; set; }

        public bool IsRequest { get; set; }

        /// <summary>Request method, or the CSeq method of a response.</summary>
        public string Method { get; set; }

        public int Status { get; set; }

        public string Reason { get; set; }

        public override string ToString() => IsRequest ? Method : Status + " " + Reason + " (" + Method + ")";
    }
}
