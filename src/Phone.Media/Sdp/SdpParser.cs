using System.Collections;

namespace Phone.Sdp
{
    /// <summary>
    /// Parses an SDP body (RFC 8866) into an <see cref="SdpSession"/>. Accepts CRLF or bare LF line ends
    /// (RFC 8866 §5: parsers should be tolerant of LF), skips blank lines, ignores unknown attributes and
    /// the lines this phone does not use (i, u, e, p, b, r, z, k). Bounded in size; every malformed
    /// construct stops with an <see cref="SdpError"/> and the line number; never throws.
    /// </summary>
    public static class SdpParser
    {
        /// <summary>Largest body accepted, in characters.</summary>
        public const int MaxTextLength = 8192;

        /// <summary>Most lines accepted.</summary>
        public const int MaxLines = 128;

        /// <summary>Longest line accepted, without its line end.</summary>
        public const int MaxLineLength = 512;

        /// <summary>Most media sections accepted.</summary>
        public const int MaxMedia = 8;

        /// <summary>Most formats on one m= line.</summary>
        public const int MaxFormats = 32;

        /// <summary>Most a=crypto lines in one media section.</summary>
        public const int MaxCryptoLines = 8;

        /// <summary>
        /// Parses an SDP body as received (e.g. a SIP message body): the bytes are checked for NUL first (NulByte,
        /// with the line it is on), then decoded as UTF-8 and parsed as <see cref="Parse(string)"/>. Untrusted
        /// bodies must come in this way, never as an already decoded string.
        /// </summary>
        public static SdpParseResult Parse(byte[] data, int offset, int count)
        {
            if (data == null || count <= 0 || offset < 0 || offset > data.Length - count)
            {
                return Fail(SdpError.Empty, 0);
            }

            if (count > MaxTextLength)
            {
                return Fail(SdpError.TooLong, 0);
            }

            int line = 1;
            for (int i = offset; i < offset + count; i++)
            {
                int b = data[i];
                if (b == 0)
                {
                    return Fail(SdpError.NulByte, line);
                }

                if (b == '\n')
                {
                    line++;
                }
            }

            string text;
            try
            {
                text = System.Text.Encoding.UTF8.GetString(data, offset, count);
            }
            catch (System.Exception)
            {
                return Fail(SdpError.BadCharacter, 0);
            }

            return Parse(text);
        }

        /// <summary>Parses <paramref name="text"/>; see <see cref="SdpParseResult"/>.</summary>
        public static SdpParseResult Parse(string text)
        {
            if (text == null || text.Length == 0)
            {
                return Fail(SdpError.Empty, 0);
            }

            if (text.Length > MaxTextLength)
            {
                return Fail(SdpError.TooLong, 0);
            }

            SdpSession session = new SdpSession();
            ArrayList media = new ArrayList();
            ArrayList formats = null;
            ArrayList crypto = null;
            SdpMedia current = null;
            bool seenVersion = false;
            bool seenOrigin = false;
            bool seenName = false;
            bool seenTiming = false;
            int lineNo = 0;
            int pos = 0;
            while (pos < text.Length)
            {
                int nl = text.IndexOf('\n', pos);
                int end = nl < 0 ? text.Length : nl;
                int next = nl < 0 ? text.Length : nl + 1;
                if (end > pos && text[end - 1] == '\r')
                {
                    end--;
                }

                lineNo++;
                if (lineNo > MaxLines)
                {
                    return Fail(SdpError.TooManyLines, lineNo);
                }

                int length = end - pos;
                if (length > MaxLineLength)
                {
                    return Fail(SdpError.LineTooLong, lineNo);
                }

                string line = text.Substring(pos, length);
                pos = next;
                if (length == 0)
                {
                    continue;
                }

                if (length < 2 || line[0] < 'a' || line[0] > 'z' || line[1] != '=')
                {
                    return Fail(SdpError.BadLineSyntax, lineNo);
                }

                for (int i = 2; i < length; i++)
                {
                    char c = line[i];
                    if ((c < ' ' && c != '\t') || c == (char)127)
                    {
                        return Fail(SdpError.BadCharacter, lineNo);
                    }
                }

                char type = line[0];
                string value = line.Substring(2);

                // RFC 8866 §5.1: the description starts with v=.
                if (!seenVersion)
                {
                    if (type != 'v')
                    {
                        return Fail(SdpError.MissingVersion, lineNo);
                    }

                    if (value != "0")
                    {
                        return Fail(SdpError.BadVersion, lineNo);
                    }

                    seenVersion = true;
                    continue;
                }

                SdpError error = SdpError.None;
                switch (type)
                {
                    case 'v':
                        error = SdpError.BadVersion;
                        break;
                    case 'o':
                        error = seenOrigin || current != null ? SdpError.BadOrigin : ParseOrigin(value, session);
                        seenOrigin = true;
                        break;
                    case 's':
                        seenName = true;
                        session.SessionName = value;
                        break;
                    case 't':
                        seenTiming = true;
                        error = ParseTiming(value);
                        break;
                    case 'c':
                        error = ParseConnection(value, session, current);
                        break;
                    case 'm':
                        if (current != null)
                        {
                            Close(current, formats, crypto);
                        }

                        if (media.Count >= MaxMedia)
                        {
                            return Fail(SdpError.TooManyMedia, lineNo);
                        }

                        formats = new ArrayList();
                        crypto = new ArrayList();
                        current = ParseMedia(value, formats, out error);
                        if (current != null)
                        {
                            media.Add(current);
                        }

                        break;
                    case 'a':
                        error = current == null ? ParseSessionAttribute(value, session) : ParseMediaAttribute(value, current, formats, crypto);
                        break;
                    default:
                        // RFC 8866 §5: i, u, e, p, b, r, z, k and unknown types carry nothing this phone uses.
                        break;
                }

                if (error != SdpError.None)
                {
                    return Fail(error, lineNo);
                }
            }

            if (current != null)
            {
                Close(current, formats, crypto);
            }

            if (!seenVersion)
            {
                return Fail(SdpError.MissingVersion, 0);
            }

            if (!seenOrigin)
            {
                return Fail(SdpError.MissingOrigin, 0);
            }

            if (!seenName)
            {
                return Fail(SdpError.MissingSessionName, 0);
            }

            if (!seenTiming)
            {
                return Fail(SdpError.MissingTiming, 0);
            }

            SdpMedia[] list = new SdpMedia[media.Count];
            for (int i = 0; i < list.Length; i++)
            {
                list[i] = (SdpMedia)media[i];

                // RFC 8866 §5.7: every media section needs a c= of its own or at session level.
                if (list[i].Port != 0 && session.AddressOf(list[i]) == null)
                {
                    return Fail(SdpError.MissingConnection, 0);
                }
            }

            session.Media = list;
            return new SdpParseResult(SdpError.None, 0, session);
        }

        static SdpParseResult Fail(SdpError error, int line)
        {
            return new SdpParseResult(error, line, null);
        }

        static void Close(SdpMedia m, ArrayList formats, ArrayList crypto)
        {
            SdpFormat[] f = new SdpFormat[formats.Count];
            for (int i = 0; i < f.Length; i++)
            {
                f[i] = (SdpFormat)formats[i];
            }

            string[] c = new string[crypto.Count];
            for (int i = 0; i < c.Length; i++)
            {
                c[i] = (string)crypto[i];
            }

            m.Formats = f;
            m.CryptoLines = c;
        }

        // RFC 8866 §5.2: o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>
        static SdpError ParseOrigin(string value, SdpSession session)
        {
            string[] f = SdpText.Fields(value, 6);
            if (f == null || f.Length != 6 || !SdpText.IsDigits(f[1], 20) || f[3] != "IN")
            {
                return SdpError.BadOrigin;
            }

            long version = SdpText.Digits(f[2], 18);
            if (version < 0 || (f[4] != "IP4" && f[4] != "IP6"))
            {
                return SdpError.BadOrigin;
            }

            session.Username = f[0];
            session.SessionId = f[1];
            session.SessionVersion = version;
            session.OriginIsIpv6 = f[4] == "IP6";
            session.OriginAddress = f[5];
            return SdpError.None;
        }

        // RFC 8866 §5.9: t=<start-time> <stop-time>, decimal NTP seconds.
        static SdpError ParseTiming(string value)
        {
            string[] f = SdpText.Fields(value, 2);
            if (f == null || f.Length != 2 || !SdpText.IsDigits(f[0], 20) || !SdpText.IsDigits(f[1], 20))
            {
                return SdpError.BadTiming;
            }

            return SdpError.None;
        }

        // RFC 8866 §5.7: c=IN IP4 <address> or c=IN IP6 <address>; one per level.
        static SdpError ParseConnection(string value, SdpSession session, SdpMedia current)
        {
            string[] f = SdpText.Fields(value, 3);
            if (f == null || f.Length != 3 || f[0] != "IN")
            {
                return SdpError.BadConnection;
            }

            bool ipv6;
            if (f[1] == "IP4")
            {
                if (!SdpText.IsIpv4(f[2]))
                {
                    return SdpError.BadConnection;
                }

                ipv6 = false;
            }
            else if (f[1] == "IP6")
            {
                // Recognised so the negotiator can report Ipv6Unsupported; not validated further.
                if (f[2].IndexOf(':') < 0)
                {
                    return SdpError.BadConnection;
                }

                ipv6 = true;
            }
            else
            {
                return SdpError.BadConnection;
            }

            if (current == null)
            {
                if (session.ConnectionAddress != null)
                {
                    return SdpError.DuplicateLine;
                }

                session.ConnectionAddress = f[2];
                session.ConnectionIsIpv6 = ipv6;
            }
            else
            {
                if (current.ConnectionAddress != null)
                {
                    return SdpError.DuplicateLine;
                }

                current.ConnectionAddress = f[2];
                current.ConnectionIsIpv6 = ipv6;
            }

            return SdpError.None;
        }

        // RFC 8866 §5.14: m=<media> <port>[/<number of ports>] <proto> <fmt> ...
        static SdpMedia ParseMedia(string value, ArrayList formats, out SdpError error)
        {
            error = SdpError.BadMedia;
            int spaces = 0;
            for (int i = 0; i < value.Length; i++)
            {
                if (value[i] == ' ')
                {
                    spaces++;
                }
            }

            if (spaces > MaxFormats + 2)
            {
                error = SdpError.TooManyFormats;
                return null;
            }

            string[] f = SdpText.Fields(value, MaxFormats + 3);
            if (f == null)
            {
                return null;
            }

            if (f.Length < 4)
            {
                return null;
            }

            string portText = f[1];
            int slash = portText.IndexOf('/');
            if (slash >= 0)
            {
                if (SdpText.Digits(portText, slash + 1, portText.Length, 5) < 1)
                {
                    return null;
                }

                portText = portText.Substring(0, slash);
            }

            long port = SdpText.Digits(portText, 5);
            if (port < 0 || port > 65535)
            {
                return null;
            }

            SdpMedia m = new SdpMedia(f[0], (int)port, f[2]);
            int listStart = f[0].Length + f[1].Length + f[2].Length + 3;
            m.FormatList = value.Substring(listStart);
            if (SdpText.IsRtpProtocol(f[2]))
            {
                for (int i = 3; i < f.Length; i++)
                {
                    long pt = SdpText.Digits(f[i], 3);
                    if (pt < 0 || pt > 127)
                    {
                        return null;
                    }

                    formats.Add(new SdpFormat((int)pt));
                }
            }

            error = SdpError.None;
            return m;
        }

        static SdpError ParseSessionAttribute(string value, SdpSession session)
        {
            SdpDirection d = DirectionOf(value);
            if (d == SdpDirection.None)
            {
                return SdpError.None;
            }

            if (session.Direction != SdpDirection.None)
            {
                return SdpError.DuplicateLine;
            }

            session.Direction = d;
            return SdpError.None;
        }

        static SdpError ParseMediaAttribute(string value, SdpMedia m, ArrayList formats, ArrayList crypto)
        {
            SdpDirection d = DirectionOf(value);
            if (d != SdpDirection.None)
            {
                if (m.Direction != SdpDirection.None)
                {
                    return SdpError.DuplicateLine;
                }

                m.Direction = d;
                return SdpError.None;
            }

            int colon = value.IndexOf(':');
            if (colon < 0)
            {
                return SdpError.None;
            }

            string name = value.Substring(0, colon);
            string arg = value.Substring(colon + 1);
            switch (name)
            {
                case "rtpmap":
                    return ParseRtpmap(arg, formats);
                case "fmtp":
                    return ParseFmtp(arg, formats);
                case "ptime":
                    {
                        int ms = Milliseconds(arg);
                        if (ms <= 0)
                        {
                            return SdpError.BadPtime;
                        }

                        m.Ptime = ms;
                        return SdpError.None;
                    }

                case "maxptime":
                    {
                        int ms = Milliseconds(arg);
                        if (ms <= 0)
                        {
                            return SdpError.BadPtime;
                        }

                        m.MaxPtime = ms;
                        return SdpError.None;
                    }

                case "rtcp":
                    return ParseRtcp(arg, m);
                case "crypto":
                    if (crypto.Count >= MaxCryptoLines)
                    {
                        return SdpError.TooManyCrypto;
                    }

                    // RFC 4568 §9.1: handed whole to the SDES parser, which reports its own reasons.
                    crypto.Add("a=" + value);
                    return SdpError.None;
                default:
                    return SdpError.None;
            }
        }

        static SdpDirection DirectionOf(string value)
        {
            switch (value)
            {
                case "sendrecv":
                    return SdpDirection.SendRecv;
                case "sendonly":
                    return SdpDirection.SendOnly;
                case "recvonly":
                    return SdpDirection.RecvOnly;
                case "inactive":
                    return SdpDirection.Inactive;
                default:
                    return SdpDirection.None;
            }
        }

        // RFC 8866 §6.6: a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]
        static SdpError ParseRtpmap(string arg, ArrayList formats)
        {
            int space = arg.IndexOf(' ');
            if (space <= 0)
            {
                return SdpError.BadRtpmap;
            }

            long pt = SdpText.Digits(arg, 0, space, 3);
            if (pt < 0 || pt > 127)
            {
                return SdpError.BadRtpmap;
            }

            string spec = arg.Substring(space + 1);
            int slash = spec.IndexOf('/');
            if (slash <= 0)
            {
                return SdpError.BadRtpmap;
            }

            int slash2 = spec.IndexOf('/', slash + 1);
            int rateEnd = slash2 < 0 ? spec.Length : slash2;
            long rate = SdpText.Digits(spec, slash + 1, rateEnd, 9);
            long channels = 0;
            if (slash2 >= 0)
            {
                channels = SdpText.Digits(spec, slash2 + 1, spec.Length, 3);
            }

            if (rate <= 0 || channels < 0 || (slash2 >= 0 && channels == 0) || spec.IndexOf(' ') >= 0)
            {
                return SdpError.BadRtpmap;
            }

            SdpFormat f = Find(formats, (int)pt);
            if (f == null)
            {
                // RFC 8866 §6.6: an rtpmap for a type not on the m= line has nothing to describe.
                return SdpError.None;
            }

            if (f.EncodingName != null)
            {
                return SdpError.DuplicateLine;
            }

            f.EncodingName = spec.Substring(0, slash);
            f.ClockRate = (int)rate;
            f.Channels = (int)channels;
            return SdpError.None;
        }

        // RFC 8866 §6.15: a=fmtp:<format> <format specific parameters>
        static SdpError ParseFmtp(string arg, ArrayList formats)
        {
            int space = arg.IndexOf(' ');
            if (space <= 0 || space == arg.Length - 1)
            {
                return SdpError.BadFmtp;
            }

            long pt = SdpText.Digits(arg, 0, space, 3);
            if (pt < 0 || pt > 127)
            {
                return SdpError.BadFmtp;
            }

            SdpFormat f = Find(formats, (int)pt);
            if (f == null)
            {
                return SdpError.None;
            }

            if (f.Parameters != null)
            {
                return SdpError.DuplicateLine;
            }

            f.Parameters = arg.Substring(space + 1);
            return SdpError.None;
        }

        // RFC 3605 §2.1: a=rtcp:<port> [<nettype> <addrtype> <connection-address>]
        static SdpError ParseRtcp(string arg, SdpMedia m)
        {
            string[] f = SdpText.Fields(arg, 4);
            if (f == null || (f.Length != 1 && f.Length != 4))
            {
                return SdpError.BadRtcp;
            }

            long port = SdpText.Digits(f[0], 5);
            if (port <= 0 || port > 65535)
            {
                return SdpError.BadRtcp;
            }

            if (f.Length == 4)
            {
                if (f[1] != "IN" || (f[2] == "IP4" && !SdpText.IsIpv4(f[3])) || (f[2] != "IP4" && f[2] != "IP6"))
                {
                    return SdpError.BadRtcp;
                }

                m.RtcpAddress = f[3];
            }

            m.RtcpPort = (int)port;
            return SdpError.None;
        }

        // RFC 8866 §6.4: ptime is milliseconds; some stacks write "20.0", so a fraction is accepted and dropped.
        static int Milliseconds(string arg)
        {
            int dot = arg.IndexOf('.');
            int end = dot < 0 ? arg.Length : dot;
            if (dot >= 0 && dot < arg.Length - 1 && SdpText.Digits(arg, dot + 1, arg.Length, 6) < 0)
            {
                return -1;
            }

            long v = SdpText.Digits(arg, 0, end, 5);
            return v > 0 && v <= 10000 ? (int)v : -1;
        }

        static SdpFormat Find(ArrayList formats, int pt)
        {
            for (int i = 0; i < formats.Count; i++)
            {
                SdpFormat f = (SdpFormat)formats[i];
                if (f.PayloadType == pt)
                {
                    return f;
                }
            }

            return null;
        }
    }
}
