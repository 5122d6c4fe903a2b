using Phone.Sip.Dialog;
using Phone.Sip.Transaction;
using Phone.Sip.Transport;

namespace Phone.Sip.Mwi
{
    /// <summary>
    /// The message side of SipMwiSubscription: our identity and Contact in its SUBSCRIBEs, the answers to NOTIFY
    /// (RFC 6665 §4.1.3) and the reading of a NOTIFY's Event, Contact and message-summary body (RFC 3842 §5).
    /// One writer and buffer shared by requests and answers (never both at once: the core thread is single).
    /// </summary>
    internal sealed class SipMwiMessages
    {
        internal const string EventValue = "message-summary";
        internal const string AcceptValue = "application/simple-message-summary";

        internal readonly SipMessageWriter Writer = new SipMessageWriter();
        internal readonly byte[] Buffer = new byte[SipLimits.MaxMessageSize];
        internal readonly SipNameAddr Addr = new SipNameAddr();
        internal readonly MessageSummary Summary = new MessageSummary();

        private readonly SipTransactionLayer _layer;
        private readonly SipSettings _sip;
        private readonly SipContact _contact = new SipContact();
        private readonly SipMediaType _type = new SipMediaType();

        internal SipMwiMessages(SipTransactionLayer layer, SipSettings sip)
        {
            _layer = layer;
            _sip = sip;
        }

        private readonly string[] _challenges = new string[8];

        /// <summary>
        /// RFC 3261 §8.1.2: where a new SUBSCRIBE goes: the outbound proxy (returned as a loose Route), else the
        /// registrar (null Route), else the mailbox's own host; the port from the URI, else sip.port, else the default.
        /// </summary>
        internal string FirstHop(string mailbox, out string host, out int port)
        {
            SipNextHop hop = new SipNextHop();
            bool proxy = _sip.OutboundProxy != null && _sip.OutboundProxy.Length > 0;
            string name = proxy ? _sip.OutboundProxy : _sip.Registrar;
            bool configured = name != null && name.Length > 0 && hop.Resolve("sip:" + name, _sip.Transport);
            if (!configured)
            {
                hop.Resolve(mailbox, _sip.Transport);
            }

            host = hop.Host == null ? "0.0.0.0" : hop.Host;
            port = configured && !hop.PortGiven && _sip.Port > 0 ? _sip.Port : (hop.PortGiven ? hop.Port : SipUriText.DefaultPort(_sip.Transport));
            return proxy ? "<sip:" + host + ":" + port.ToString() + SipUriText.TransportParam(_sip.Transport) + ";lr>" : null;
        }

        /// <summary>
        /// RFC 3261 §8.1.1: the head of a new SUBSCRIBE out of any dialog, to the mailbox, with a loose Route to the
        /// outbound proxy when there is one (§8.1.2).
        /// </summary>
        internal void BeginInitial(string ruri, SipTransportKind transport, string route, string from, string to, string callId, int cseq)
        {
            Writer.Begin(Buffer, 0, Buffer.Length);
            Writer.StartRequest("SUBSCRIBE", ruri);
            Writer.AddHeader(SipHeader.Via, _layer.ViaValue(transport, _layer.NewBranch()));
            Writer.AddHeader(SipHeader.MaxForwards, 70);
            if (route != null) Writer.AddHeader(SipHeader.Route, route);
            Writer.AddHeader(SipHeader.From, from);
            Writer.AddHeader(SipHeader.To, to);
            Writer.AddHeader(SipHeader.CallId, callId);
            Writer.AddHeader(SipHeader.CSeq, cseq.ToString() + " SUBSCRIBE");
        }

        /// <summary>The WWW-Authenticate (or Proxy-Authenticate) values of a 401 (407), at most eight.</summary>
        internal string[] Challenges(SipMessage response, bool proxy)
        {
            int id = proxy ? SipHeader.ProxyAuthenticate : SipHeader.WwwAuthenticate;
            int count = 0;
            for (int at = response.FindHeader(id, 0); at >= 0 && count < _challenges.Length; at = response.FindHeader(id, at + 1))
            {
                _challenges[count++] = response.HeaderValue(at);
            }

            string[] values = new string[count];
            for (int i = 0; i < count; i++)
            {
                values[i] = _challenges[i];
                _challenges[i] = null;
            }

            return values;
        }

        internal string FromTag(SipMessage m)
        {
            return m.GetFrom(Addr) == SipError.Ok ? Addr.Tag : null;
        }

        internal string ToTag(SipMessage m)
        {
            return m.GetTo(Addr) == SipError.Ok ? Addr.Tag : null;
        }

        /// <summary>RFC 6665 §8.2.1: the Event package name, compared case-insensitively; no id parameter is used.</summary>
        internal bool IsOurEvent(SipMessage m)
        {
            string v = m.GetValue(SipHeader.Event);
            if (v == null) return false;
            int semi = v.IndexOf(';');
            return (semi >= 0 ? v.Substring(0, semi) : v).Trim().ToLower() == EventValue;
        }

        /// <summary>
        /// 200 (Summary filled when there is a body), or 415 for another Content-Type (RFC 3261 §21.4.13), or 400 for
        /// a malformed summary (§21.4.1). A NOTIFY without a body (e.g. pending) is 200 and changes no counts.
        /// </summary>
        internal int ReadBody(SipMessage m)
        {
            if (m.BodyLength <= 0)
            {
                return 200;
            }

            if (m.FindHeader(SipHeader.ContentType, 0) < 0 || m.GetContentType(_type) != SipError.Ok || _type.Type == null ||
                _type.Subtype == null || (_type.Type + "/" + _type.Subtype).ToLower() != AcceptValue)
            {
                return 415;
            }

            return Summary.Parse(m.Buffer, m.BodyOffset, m.BodyLength) ? 200 : 400;
        }

        /// <summary>Answers a NOTIFY: a To tag when it had none, Contact on 200, Accept on 415.</summary>
        internal void Respond(SipTransaction tx, SipMessage request, int status, string reason, bool addTag, SipTransportKind transport,
            long nowMs)
        {
            Writer.Begin(Buffer, 0, Buffer.Length);
            if (SipResponseBuilder.Start(Writer, request, status, reason, addTag ? _layer.NewTag() : null, Addr) != SipError.Ok)
            {
                return;
            }

            if (status == 200)
            {
                Writer.AddHeader(SipHeader.Contact, ContactValue(transport));
            }
            else if (status == 415)
            {
                Writer.AddHeader(SipHeader.Accept, AcceptValue); // RFC 3261 §21.4.13
            }

            if (Writer.Finish(null, 0, 0) == SipError.Ok)
            {
                _layer.SendResponse(tx, Buffer, 0, Writer.Length, nowMs);
            }
        }

        /// <summary>The URI of the first Contact, or null.</summary>
        internal string ContactUri(SipMessage m)
        {
            if (m.GetContact(0, _contact) != SipError.Ok || _contact.IsStar || _contact.Address == null || _contact.Address.Uri == null)
            {
                return null;
            }

            return _contact.Address.Uri.Text;
        }

        /// <summary>Our address of record with the display name, as From (RFC 3261 §8.1.1.3).</summary>
        internal string LocalIdentity()
        {
            string display = _sip.DisplayName == null || _sip.DisplayName.Length == 0 ? "" : SipUriText.Quote(_sip.DisplayName) + " ";
            return display + "<sip:" + SipUriText.Nz(_sip.User, "phone") + "@" + SipUriText.Nz(_sip.Domain, SipUriText.Nz(_sip.Registrar, ContactHost())) + ">";
        }

        /// <summary>Where NOTIFYs reach us (RFC 6665 §4.1.2: the SUBSCRIBE's Contact is the subscriber's remote target).</summary>
        internal string ContactValue(SipTransportKind transport)
        {
            string hostPort = _layer.LocalPort > 0 ? ContactHost() + ":" + _layer.LocalPort.ToString() : ContactHost();
            return SipUriText.Contact(SipUriText.Nz(_sip.User, "phone"), hostPort, transport, "");
        }

        internal string ContactHost()
        {
            string h = _layer.LocalHost;
            return h == null || h.Length == 0 ? "0.0.0.0" : h;
        }

        /// <summary>sip.voicemail as a URI: a sip:/sips: URI as it is, a number or user in the domain (as the keypad dials).</summary>
        internal static string MailboxUri(string voicemail, string domain)
        {
            if (voicemail == null || voicemail.Length == 0) return null;
            if (voicemail.StartsWith("sip:") || voicemail.StartsWith("sips:")) return voicemail;
            return "sip:" + voicemail + "@" + domain;
        }
    }
}
