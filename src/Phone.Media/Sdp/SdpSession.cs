namespace Phone.Sdp
{
    /// <summary>A session description (RFC 8866 §5): origin, session-level connection and direction, media sections.</summary>
    public sealed class SdpSession
    {
        /// <summary>An empty description; <see cref="Media"/> is empty.</summary>
        public SdpSession()
        {
            Username = "-";
            SessionId = "0";
            SessionName = "-";
            Media = new SdpMedia[0];
        }

        /// <summary>o= username (RFC 8866 §5.2; "-" when none).</summary>
        public string Username { get; set; }

        /// <summary>o= sess-id, digits as written.</summary>
        public string SessionId { get; set; }

        /// <summary>o= sess-version (RFC 3264 §8: incremented on every change).</summary>
        public long SessionVersion { get; set; }

        /// <summary>o= unicast-address.</summary>
        public string OriginAddress { get; set; }

        /// <summary>True when o= is IP6.</summary>
        public bool OriginIsIpv6 { get; set; }

        /// <summary>s= text.</summary>
        public string SessionName { get; set; }

        /// <summary>Session-level c= address, or null.</summary>
        public string ConnectionAddress { get; set; }

        /// <summary>True when the session-level c= is IP6.</summary>
        public bool ConnectionIsIpv6 { get; set; }

        /// <summary>Session-level direction attribute, or None (RFC 8866 §6.7).</summary>
        public SdpDirection Direction { get; set; }

        /// <summary>Media sections in order.</summary>
        public SdpMedia[] Media { get; set; }

        /// <summary>The address that applies to <paramref name="m"/>: media-level c= over session-level (RFC 8866 §5.7).</summary>
        public string AddressOf(SdpMedia m)
        {
            return m.ConnectionAddress != null ? m.ConnectionAddress : ConnectionAddress;
        }

        /// <summary>Whether the address that applies to <paramref name="m"/> is IPv6.</summary>
        public bool IsIpv6(SdpMedia m)
        {
            return m.ConnectionAddress != null ? m.ConnectionIsIpv6 : ConnectionIsIpv6;
        }

        /// <summary>The direction that applies to <paramref name="m"/>: media-level over session-level, sendrecv by default (RFC 8866 §6.7).</summary>
        public SdpDirection DirectionOf(SdpMedia m)
        {
            if (m.Direction != SdpDirection.None)
            {
                return m.Direction;
            }

            return Direction != SdpDirection.None ? Direction : SdpDirection.SendRecv;
        }

        /// <summary>Index of the first audio section with a non-zero port, or -1 (the only stream this phone uses).</summary>
        public int FirstActiveAudio()
        {
            for (int i = 0; i < Media.Length; i++)
            {
                if (Media[i].Media == "audio" && Media[i].Port != 0)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
