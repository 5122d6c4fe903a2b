using Phone.Sip.Transport;
using Phone.Crypto;
using Phone.Sdp;
using Phone.Sip.Transaction;

namespace Phone.Sip.Dialog
{
    /// <summary>
    /// What the parts of the call agent share: the call slots, the transaction layer and settings, one message
    /// writer and buffer and the scratch parsers (nothing is allocated per message for them), the listener and
    /// the counters; the one place a call changes state and reports it (Enter); responses, media reports and
    /// the phone's own identity.
    /// </summary>
    internal sealed class SipCallCore
    {
        internal readonly SipTransactionLayer Layer;
        internal readonly SipSettings Sip;
        internal readonly SrtpSettings Srtp;
        internal readonly AudioSettings Audio;
        internal readonly IEntropySource Entropy;
        internal readonly string MediaAddress;
        internal readonly int FirstRtpPort;
        internal readonly SipCall[] Calls;
        internal readonly SipMessageWriter Writer = new SipMessageWriter();
        internal readonly byte[] Buffer = new byte[SipLimits.MaxMessageSize];
        internal readonly SipMessage Stored = new SipMessage();
        internal readonly SipNameAddr Addr = new SipNameAddr();
        internal readonly SipNextHop Hop = new SipNextHop();
        private readonly SipContact _contact = new SipContact();
        private readonly SipCSeq _cseq = new SipCSeq();
        private readonly SipMediaType _mediaType = new SipMediaType();
        private int _nextIncomingId = 1;

        internal ISipCallListener Listener;
        internal int UnknownDialogs;
        internal int OutOfOrder;
        internal int BusyRejects;
        internal int SendFailures;

        internal SipCallCore(SipTransactionLayer layer, SipSettings sip, SrtpSettings srtp, AudioSettings audio, IEntropySource entropy,
            string localMediaAddress, int firstRtpPort, int maxCalls)
        {
            Layer = layer;
            Sip = sip == null ? new SipSettings() : sip;
            Srtp = srtp == null ? new SrtpSettings() : srtp;
            Audio = audio == null ? new AudioSettings() : audio;
            Entropy = entropy;
            MediaAddress = localMediaAddress;
            FirstRtpPort = firstRtpPort;
            Calls = new SipCall[maxCalls < 1 ? 1 : maxCalls];
            for (int i = 0; i < Calls.Length; i++)
            {
                Calls[i] = new SipCall(i, new SipDialog(layer, Writer, Buffer, Hop));
            }
        }

        // ---------------------------------------------------------------- state and reports

        /// <summary>
        /// Applies input to the call by SipCallTransitions and, when the table allows it, reports the transition's
        /// event (null: none). False when refused: the call keeps its state and nothing is reported.
        /// </summary>
        internal bool Enter(SipCall c, SipCallInput input, SipCallEvent report, long nowMs)
        {
            if (!c.Enter(input))
            {
                return false;
            }

            if (report != null)
            {
                Report(report, nowMs);
            }

            return true;
        }

        /// <summary>Where the reports of calls placed for a REFER go while the phone does not know them; set once after construction.</summary>
        internal SipTransferee Transferee;

        /// <summary>The calls' digest state: requests in a dialog carry credentials for the realms already challenged; set once after construction.</summary>
        internal SipCallDigest Digest;

        internal void Report(SipCallEvent e, long nowMs)
        {
            SipCall hidden = e.CallId > 0 ? FindCall(e.CallId) : null;
            if (hidden != null && hidden.Hidden && Transferee != null)
            {
                Transferee.OnLegEvent(hidden, e, nowMs);
                return;
            }

            if (Listener != null)
            {
                Listener.OnCallEvent(e, nowMs);
            }
        }

        internal void StartMedia(SipCall c, SdpNegotiationResult media, long nowMs)
        {
            c.Media = media;
            c.MediaStarted = true;
            if (Listener != null && !c.UserEnded && !c.Hidden)
            {
                Listener.OnMediaUpdate(c.CallId, media, nowMs);
            }
        }

        internal void StopMedia(SipCall c, long nowMs)
        {
            if (!c.MediaStarted)
            {
                return;
            }

            c.MediaStarted = false;
            if (Listener != null && !c.Hidden)
            {
                Listener.OnMediaStop(c.CallId, nowMs);
            }
        }

        internal void UpdateRemoteHold(SipCall c, bool held, long nowMs)
        {
            if (held == c.RemoteHold)
            {
                return;
            }

            c.RemoteHold = held;
            Report(SipCallEvent.RemoteHold(c.CallId, held), nowMs);
        }

        // ---------------------------------------------------------------- slots

        internal SipCall FindCall(int callId)
        {
            for (int i = 0; i < Calls.Length; i++)
            {
                if (Calls[i].State != SipCallState.Idle && Calls[i].CallId == callId)
                {
                    return Calls[i];
                }
            }

            return null;
        }

        internal SipCall FreeSlot()
        {
            for (int i = 0; i < Calls.Length; i++)
            {
                if (Calls[i].State == SipCallState.Idle)
                {
                    Calls[i].Reset();
                    return Calls[i];
                }
            }

            return null;
        }

        /// <summary>RFC 3261 §12.2.2: the dialog of a request by Call-ID, local tag (To) and remote tag (From).</summary>
        internal SipCall FindDialog(string callId, string localTag, string remoteTag)
        {
            if (callId == null || localTag == null)
            {
                return null;
            }

            for (int i = 0; i < Calls.Length; i++)
            {
                SipCall c = Calls[i];
                if (c.State != SipCallState.Idle && c.Dialog.Matches(callId, localTag, remoteTag))
                {
                    return c;
                }
            }

            return null;
        }

        internal int NextIncomingId()
        {
            int id = _nextIncomingId;
            _nextIncomingId = _nextIncomingId >= 0x3fffffff ? 1 : _nextIncomingId + 1;
            return id;
        }

        // ---------------------------------------------------------------- server transactions and responses

        /// <summary>Keeps the INVITE (bytes) and its server transaction to answer later.</summary>
        internal void Remember(SipCall c, SipTransaction tx, SipMessage m, int cseq)
        {
            c.ServerTx = tx;
            c.ServerGen = tx.Generation;
            c.ServerCSeq = cseq;
            c.ServerRequest = new byte[m.Length];
            System.Array.Copy(m.Buffer, m.Offset, c.ServerRequest, 0, m.Length);
        }

        /// <summary>Parses the remembered INVITE into Stored.</summary>
        internal bool LoadStoredRequest(SipCall c)
        {
            return c.ServerRequest != null &&
                   SipParser.Parse(c.ServerRequest, 0, c.ServerRequest.Length, false, Stored) == SipError.Ok;
        }

        /// <summary>Sends a response to request on tx; a final error response is reported as RequestRejected.</summary>
        internal void Respond(SipTransaction tx, SipMessage request, int status, string reason, string toTag, bool contact, string body,
            string extraName, string extraValue, long nowMs)
        {
            if (tx == null || request == null)
            {
                return;
            }

            int length = BuildResponse(request, status, reason, toTag, contact, body, extraName, extraValue, null, null);
            if (length <= 0 || Layer.SendResponse(tx, Buffer, 0, length, nowMs) != SipTransactionStatus.Ok)
            {
                SendFailures++;
            }

            if (status >= 300)
            {
                Report(SipCallEvent.RequestRejected(0, request.Method, status, reason), nowMs);
            }
        }

        /// <summary>Writes a response to request into Buffer; its length, or -1.</summary>
        internal int BuildResponse(SipMessage request, int status, string reason, string toTag, bool contact, string body, string extraName,
            string extraValue, string extraName2, string extraValue2)
        {
            Writer.Begin(Buffer, 0, Buffer.Length);
            SipError e = SipResponseBuilder.Start(Writer, request, status, reason, toTag, Addr);
            if (e != SipError.Ok)
            {
                return -1;
            }

            if (status >= 180 && status < 300 && request.IsMethod("INVITE"))
            {
                // RFC 3261 §12.1.1: the UAS copies Record-Route into dialog-creating responses.
                for (int i = 0; i < request.HeaderCount; i++)
                {
                    if (request.HeaderId(i) == SipHeader.RecordRoute)
                    {
                        Writer.CopyHeader(request, i);
                    }
                }
            }

            if (contact)
            {
                Writer.AddHeader(SipHeader.Contact, ContactValue(TransportOf(request)));
                Writer.AddHeader(SipHeader.Allow, SipCallAgent.AllowValue);
            }

            if (extraName != null)
            {
                Writer.AddHeader(extraName, extraValue);
            }

            if (extraName2 != null)
            {
                Writer.AddHeader(extraName2, extraValue2);
            }

            byte[] b = null;
            if (body != null)
            {
                Writer.AddHeader(SipHeader.ContentType, "application/sdp");
                b = System.Text.Encoding.UTF8.GetBytes(body);
            }

            if (Writer.Finish(b, 0, b == null ? 0 : b.Length) != SipError.Ok)
            {
                return -1;
            }

            return Writer.Length;
        }

        private SipTransportKind TransportOf(SipMessage request)
        {
            for (int i = 0; i < Calls.Length; i++)
            {
                SipCall c = Calls[i];
                if (c.State != SipCallState.Idle && c.Dialog.CallIdValue == request.CallId)
                {
                    return c.Dialog.Transport;
                }
            }

            return Sip.Transport;
        }

        internal string WarningValue(SdpNegotiationResult r)
        {
            // RFC 3261 §20.43: 305 incompatible media format for codec/profile refusals, else 399 miscellaneous.
            int code = r.Error == SdpError.NoCommonCodec ? 305 : 399;
            return code.ToString() + " " + ContactHost() + " \"" + r.ToString() + "\"";
        }

        /// <summary>
        /// A request in the call's dialog (RFC 3261 §12.2.1.1) with credentials for the realms already challenged
        /// (§22.3, through our proxy only), up to three extra headers and an optional body of contentType; the
        /// transaction, or null when it could not be built or sent.
        /// </summary>
        internal SipTransaction SendInDialog(SipCall c, string method, string[] names, string[] values, string contentType, string body, long nowMs)
        {
            int cseq = c.Dialog.NextLocalCSeq();
            string ruri;
            SipTransportKind transport;
            string host;
            int port;
            string serverName;
            c.Dialog.BeginRequest(method, cseq, out ruri, out transport, out host, out port, out serverName);
            Writer.AddHeader(SipHeader.Contact, ContactValue(transport));
            if (Digest != null)
            {
                Digest.AddCredentials(c, method, ruri, true);
            }

            for (int i = 0; i < names.Length; i++)
            {
                Writer.AddHeader(names[i], values[i]);
            }

            byte[] b = null;
            if (body != null)
            {
                Writer.AddHeader(SipHeader.ContentType, contentType);
                b = System.Text.Encoding.UTF8.GetBytes(body);
            }

            SipTransaction tx = null;
            SipTransactionStatus st = Writer.Finish(b, 0, b == null ? 0 : b.Length) == SipError.Ok
                ? Layer.SendRequest(Buffer, 0, Writer.Length, transport, host, port, serverName, nowMs, out tx)
                : SipTransactionStatus.BadMessage;
            if (st != SipTransactionStatus.Ok || tx == null)
            {
                SendFailures++;
                return null;
            }

            return tx;
        }

        // ---------------------------------------------------------------- reading messages

        /// <summary>The CSeq number, or fallback when it does not parse.</summary>
        internal int CSeqOf(SipMessage m, int fallback)
        {
            return m.GetCSeq(_cseq) == SipError.Ok ? _cseq.Number : fallback;
        }

        internal string ToTag(SipMessage m)
        {
            return m.GetTo(Addr) == SipError.Ok ? Addr.Tag : null;
        }

        internal string FromTag(SipMessage m)
        {
            return m.GetFrom(Addr) == SipError.Ok ? Addr.Tag : null;
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

        /// <summary>
        /// Every Record-Route value, one per element, in order (UAS, §12.1.1) or reversed (UAC, §12.1.2); null when
        /// the list is malformed or longer than SipLimits.MaxElements (a truncated route set would misroute).
        /// </summary>
        internal static string[] RecordRoutes(SipMessage m, bool reverse)
        {
            int n = m.ElementCount(SipHeader.RecordRoute);
            if (n < 0)
            {
                return null;
            }

            string[] set = new string[n];
            for (int i = 0; i < set.Length; i++)
            {
                int s;
                int e;
                string v = m.GetElement(SipHeader.RecordRoute, i, out s, out e) == SipError.Ok
                    ? System.Text.Encoding.UTF8.GetString(m.Buffer, s, e - s).Trim()
                    : "";
                set[reverse ? set.Length - 1 - i : i] = v;
            }

            return set;
        }

        internal bool HasSdp(SipMessage m)
        {
            if (m.BodyLength <= 0)
            {
                return false;
            }

            if (m.GetContentType(_mediaType) != SipError.Ok)
            {
                return false;
            }

            return SipText.EqualsIgnoreCase(_mediaType.Type, "application") && SipText.EqualsIgnoreCase(_mediaType.Subtype, "sdp");
        }

        // ---------------------------------------------------------------- our identity and per-call objects

        internal SdpOfferAnswer NewNegotiator(SipCall c)
        {
            // RFC 8866 §5.2: a numeric session id; the version starts anywhere and increases (RFC 3264 §8).
            long id = ((long)SipRandom.UInt16(Entropy) << 16) | (long)SipRandom.UInt16(Entropy);
            return new SdpOfferAnswer(Srtp, Audio, Entropy, MediaHost(), FirstRtpPort + 2 * c.Slot, id.ToString(), 1);
        }

        /// <summary>
        /// The address our SDP names for media (c=, RFC 8866 §5.7): over UDP signalling the public address the server's
        /// responses showed (Via received, RFC 3581 §4) once learned, since behind a NAT the interface address cannot
        /// be reached; the RTP port stays ours (NATs that keep ports, and peers that latch onto where our media comes
        /// from, RFC 4961). Over TCP/TLS, and before anything is learned, the interface address.
        /// </summary>
        internal string MediaHost()
        {
            SipTransport t = Layer.Transport;
            if (Sip.Transport == SipTransportKind.Udp && t != null && t.PublicHost != null && t.PublicHost.Length > 0)
            {
                return t.PublicHost;
            }

            return MediaAddress;
        }

        internal string LocalIdentity()
        {
            string domain = SipUriText.Nz(Sip.Domain, SipUriText.Nz(Sip.Registrar, ContactHost()));
            string display = Sip.DisplayName == null || Sip.DisplayName.Length == 0 ? "" : SipUriText.Quote(Sip.DisplayName) + " ";
            return display + "<sip:" + SipUriText.Nz(Sip.User, "phone") + "@" + domain + ">";
        }

        /// <summary>
        /// The registration's flow is an RFC 5626 outbound flow: our Contacts carry ;ob (§4.3), so the edge proxy
        /// sends in-dialog requests back over the flow that carried the dialog-forming request.
        /// </summary>
        internal bool OutboundFlow;

        /// <summary>
        /// Our Contact (RFC 3261 §8.1.1.8): sips: over TLS (the request may be sips, and a sips Contact asks peers
        /// to reach us over TLS), sip: with ;transport= otherwise; the transport's public address when learned
        /// (RFC 3581), else the interface address; ;ob on an outbound flow (RFC 5626 §4.3).
        /// </summary>
        internal string ContactValue(SipTransportKind transport)
        {
            string host = ContactHost();
            int port = Layer.Transport != null && Layer.Transport.PublicHost != null && Layer.Transport.PublicPort > 0
                ? Layer.Transport.PublicPort
                : Layer.LocalPort;
            string hostPort = port > 0 ? host + ":" + port.ToString() : host;
            string user = SipUriText.Nz(Sip.User, "phone");
            return SipUriText.Contact(user, hostPort, transport, OutboundFlow ? ";ob" : "");
        }

        internal string ContactHost()
        {
            string h = Layer.Transport != null && Layer.Transport.PublicHost != null && Layer.Transport.PublicHost.Length > 0
                ? Layer.Transport.PublicHost
                : Layer.LocalHost;
            return h == null || h.Length == 0 ? "0.0.0.0" : h;
        }
    }
}
