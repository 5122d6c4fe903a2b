namespace Phone.Sdp
{
    /// <summary>One media section (RFC 8866 §5.14): the <c>m=</c> line and the media-level lines after it.</summary>
    public sealed class SdpMedia
    {
        /// <summary>An empty section for <paramref name="media"/> on <paramref name="port"/> with <paramref name="protocol"/>.</summary>
        public SdpMedia(string media, int port, string protocol)
        {
            Media = media;
            Port = port;
            Protocol = protocol;
            Formats = new SdpFormat[0];
            CryptoLines = new string[0];
        }

        /// <summary>Media type: "audio", "video", ...</summary>
        public string Media { get; set; }

        /// <summary>Transport port; 0 rejects or disables the stream (RFC 3264 §5.1, §6).</summary>
        public int Port { get; set; }

        /// <summary>Transport protocol: "RTP/AVP", "RTP/SAVP", ...</summary>
        public string Protocol { get; set; }

        /// <summary>The fmt list exactly as written on the m= line (kept for non-RTP media and rejections).</summary>
        public string FormatList { get; set; }

        /// <summary>For RTP protocols: one entry per fmt, in m= order.</summary>
        public SdpFormat[] Formats { get; set; }

        /// <summary>Media-level c= address, or null.</summary>
        public string ConnectionAddress { get; set; }

        /// <summary>True when the media-level c= is IP6.</summary>
        public bool ConnectionIsIpv6 { get; set; }

        /// <summary>Media-level direction attribute, or None.</summary>
        public SdpDirection Direction { get; set; }

        /// <summary>a=ptime in ms (RFC 8866 §6.4), 0 when absent.</summary>
        public int Ptime { get; set; }

        /// <summary>a=maxptime in ms (RFC 8866 §6.5), 0 when absent.</summary>
        public int MaxPtime { get; set; }

        /// <summary>a=rtcp port (RFC 3605 §2.1), 0 when absent.</summary>
        public int RtcpPort { get; set; }

        /// <summary>a=rtcp address when given, or null.</summary>
        public string RtcpAddress { get; set; }

        /// <summary>The a=crypto lines, each as "a=crypto:..." for <see cref="Phone.Sdes.CryptoAttributeParser"/>. Contain key material.</summary>
        public string[] CryptoLines { get; set; }

        /// <summary>The format with payload type <paramref name="pt"/>, or null.</summary>
        public SdpFormat FindFormat(int pt)
        {
            for (int i = 0; i < Formats.Length; i++)
            {
                if (Formats[i].PayloadType == pt)
                {
                    return Formats[i];
                }
            }

            return null;
        }
    }
}
