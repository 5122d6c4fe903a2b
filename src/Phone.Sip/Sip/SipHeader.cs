namespace Phone.Sip
{
    /// <summary>
    /// Header field identities (RFC 3261 §20) with their canonical and compact names (RFC 3261 §7.3.3 and the
    /// IANA SIP parameter registry). Names compare case-insensitively (RFC 3261 §7.3.1).
    /// </summary>
    public static class SipHeader
    {
        public const int Unknown = 0;
        public const int Via = 1;
        public const int To = 2;
        public const int From = 3;
        public const int CallId = 4;
        public const int CSeq = 5;
        public const int Contact = 6;
        public const int MaxForwards = 7;
        public const int Expires = 8;
        public const int MinExpires = 9;
        public const int ContentLength = 10;
        public const int ContentType = 11;
        public const int Allow = 12;
        public const int Supported = 13;
        public const int Require = 14;
        public const int Unsupported = 15;
        public const int UserAgent = 16;
        public const int WwwAuthenticate = 17;
        public const int ProxyAuthenticate = 18;
        public const int Authorization = 19;
        public const int ProxyAuthorization = 20;
        public const int Route = 21;
        public const int RecordRoute = 22;
        public const int Subject = 23;
        public const int ContentEncoding = 24;
        public const int Event = 25;
        public const int ReferTo = 26;
        public const int ReferredBy = 27;
        public const int AllowEvents = 28;
        public const int Server = 29;
        public const int Accept = 30;
        public const int SessionExpires = 31;
        public const int Count = 32;

        // Index = id. Canonical spelling used by the serializer.
        private static readonly string[] Names = new string[]
        {
            null, "Via", "To", "From", "Call-ID", "CSeq", "Contact", "Max-Forwards", "Expires", "Min-Expires",
            "Content-Length", "Content-Type", "Allow", "Supported", "Require", "Unsupported", "User-Agent",
            "WWW-Authenticate", "Proxy-Authenticate", "Authorization", "Proxy-Authorization", "Route",
            "Record-Route", "Subject", "Content-Encoding", "Event", "Refer-To", "Referred-By", "Allow-Events",
            "Server", "Accept", "Session-Expires"
        };

        // RFC 3261 §7.3.3 compact forms, plus o/r/b/u/x from RFC 6665, RFC 3515, RFC 3892, RFC 4028.
        private const string CompactLetters = "vtfimlcekorbux";
        private static readonly int[] CompactIds = new int[]
        {
            Via, To, From, CallId, Contact, ContentLength, ContentType, ContentEncoding, Supported, Event, ReferTo,
            ReferredBy, AllowEvents, SessionExpires
        };

        /// <summary>Canonical name of a known id, or null.</summary>
        public static string NameOf(int id)
        {
            if (id <= 0 || id >= Count)
            {
                return null;
            }

            return Names[id];
        }

        /// <summary>The id of the header name at buffer[start..start+length), or Unknown. Accepts compact forms.</summary>
        public static int Identify(byte[] buffer, int start, int length)
        {
            if (length == 1)
            {
                int c = buffer[start] | 0x20;
                for (int i = 0; i < CompactLetters.Length; i++)
                {
                    if (CompactLetters[i] == c)
                    {
                        return CompactIds[i];
                    }
                }

                // "s" is Subject (RFC 3261 §7.3.3).
                return c == 's' ? Subject : Unknown;
            }

            for (int id = 1; id < Count; id++)
            {
                if (SipText.EqualsIgnoreCase(buffer, start, length, Names[id]))
                {
                    return id;
                }
            }

            return Unknown;
        }

        /// <summary>The id of a header name given as a string, or Unknown.</summary>
        public static int Identify(string name)
        {
            if (name == null || name.Length == 0 || name.Length > 64)
            {
                return Unknown;
            }

            byte[] b = new byte[name.Length];
            for (int i = 0; i < name.Length; i++)
            {
                char c = name[i];
                b[i] = c < 128 ? (byte)c : (byte)0;
            }

            return Identify(b, 0, b.Length);
        }
    }
}
