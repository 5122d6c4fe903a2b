namespace Phone.Sdp
{
    /// <summary>One RTP payload format of an <c>m=</c> line with its <c>a=rtpmap</c> and <c>a=fmtp</c> (RFC 8866 §6.6, §6.15).</summary>
    public sealed class SdpFormat
    {
        /// <summary>A format with no rtpmap/fmtp yet.</summary>
        public SdpFormat(int payloadType)
        {
            PayloadType = payloadType;
        }

        /// <summary>RTP payload type 0..127.</summary>
        public int PayloadType { get; set; }

        /// <summary>Encoding name from a=rtpmap, as written; null when there was no rtpmap (static type).</summary>
        public string EncodingName { get; set; }

        /// <summary>Clock rate from a=rtpmap; 0 without rtpmap.</summary>
        public int ClockRate { get; set; }

        /// <summary>Channels from a=rtpmap; 0 when not written (RFC 8866 §6.6: then 1).</summary>
        public int Channels { get; set; }

        /// <summary>The a=fmtp parameters, or null.</summary>
        public string Parameters { get; set; }
    }
}
