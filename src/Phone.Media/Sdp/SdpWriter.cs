using System.Text;

namespace Phone.Sdp
{
    /// <summary>
    /// Writes an <see cref="SdpSession"/> as SDP text with CRLF line ends (RFC 8866 §5), in the order
    /// RFC 8866 §5 requires: v, o, s, c, t, then per media m, c, a=rtpmap/fmtp per format, ptime, maxptime,
    /// rtcp, direction, crypto. The output contains any SDES keys in the media's crypto lines.
    /// </summary>
    public static class SdpWriter
    {
        const string Crlf = "\r\n";

        /// <summary>The SDP text of <paramref name="session"/>.</summary>
        public static string Write(SdpSession session)
        {
            StringBuilder sb = new StringBuilder();
            sb.Append("v=0").Append(Crlf);
            sb.Append("o=").Append(session.Username).Append(' ').Append(session.SessionId).Append(' ')
                .Append(session.SessionVersion.ToString()).Append(' ').Append(AddressPart(session.OriginAddress, session.OriginIsIpv6)).Append(Crlf);
            sb.Append("s=").Append(session.SessionName).Append(Crlf);
            if (session.ConnectionAddress != null)
            {
                sb.Append("c=").Append(AddressPart(session.ConnectionAddress, session.ConnectionIsIpv6)).Append(Crlf);
            }

            sb.Append("t=0 0").Append(Crlf);
            AppendDirection(sb, session.Direction);
            for (int i = 0; i < session.Media.Length; i++)
            {
                AppendMedia(sb, session.Media[i]);
            }

            return sb.ToString();
        }

        static void AppendMedia(StringBuilder sb, SdpMedia m)
        {
            sb.Append("m=").Append(m.Media).Append(' ').Append(m.Port.ToString()).Append(' ').Append(m.Protocol).Append(' ');
            if (m.FormatList != null)
            {
                sb.Append(m.FormatList);
            }
            else
            {
                for (int i = 0; i < m.Formats.Length; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(' ');
                    }

                    sb.Append(m.Formats[i].PayloadType.ToString());
                }
            }

            sb.Append(Crlf);
            if (m.ConnectionAddress != null)
            {
                sb.Append("c=").Append(AddressPart(m.ConnectionAddress, m.ConnectionIsIpv6)).Append(Crlf);
            }

            for (int i = 0; i < m.Formats.Length; i++)
            {
                SdpFormat f = m.Formats[i];
                if (f.EncodingName != null)
                {
                    sb.Append("a=rtpmap:").Append(f.PayloadType.ToString()).Append(' ').Append(f.EncodingName).Append('/').Append(f.ClockRate.ToString());
                    if (f.Channels > 0)
                    {
                        sb.Append('/').Append(f.Channels.ToString());
                    }

                    sb.Append(Crlf);
                }

                if (f.Parameters != null)
                {
                    sb.Append("a=fmtp:").Append(f.PayloadType.ToString()).Append(' ').Append(f.Parameters).Append(Crlf);
                }
            }

            if (m.Ptime > 0)
            {
                sb.Append("a=ptime:").Append(m.Ptime.ToString()).Append(Crlf);
            }

            if (m.MaxPtime > 0)
            {
                sb.Append("a=maxptime:").Append(m.MaxPtime.ToString()).Append(Crlf);
            }

            if (m.RtcpPort > 0)
            {
                sb.Append("a=rtcp:").Append(m.RtcpPort.ToString());
                if (m.RtcpAddress != null)
                {
                    sb.Append(" IN IP4 ").Append(m.RtcpAddress);
                }

                sb.Append(Crlf);
            }

            AppendDirection(sb, m.Direction);
            for (int i = 0; i < m.CryptoLines.Length; i++)
            {
                sb.Append(m.CryptoLines[i]).Append(Crlf);
            }
        }

        static void AppendDirection(StringBuilder sb, SdpDirection d)
        {
            string name = NameOf(d);
            if (name != null)
            {
                sb.Append("a=").Append(name).Append(Crlf);
            }
        }

        /// <summary>The attribute name of a direction (RFC 8866 §6.7), or null for None.</summary>
        public static string NameOf(SdpDirection d)
        {
            switch (d)
            {
                case SdpDirection.SendRecv:
                    return "sendrecv";
                case SdpDirection.SendOnly:
                    return "sendonly";
                case SdpDirection.RecvOnly:
                    return "recvonly";
                case SdpDirection.Inactive:
                    return "inactive";
                default:
                    return null;
            }
        }

        static string AddressPart(string address, bool ipv6)
        {
            return (ipv6 ? "IN IP6 " : "IN IP4 ") + address;
        }
    }
}
