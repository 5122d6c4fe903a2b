using Phone.Sdp;
using Phone.Sip.Transaction;
using Phone.Sip.Transport;

namespace Phone.Sip.Dialog
{
    /// <summary>
    /// The INVITE client of RFC 3261 §13.2 for calls we place and for our re-INVITEs: the INVITE with its offer
    /// and first hop (§8.1.2), provisional and final responses, the retry with credentials after 401/407 (§22.2),
    /// CANCEL only after a provisional (§9.1), the ACK the core builds for a 2xx (§13.2.2.4) and the BYE to a
    /// second fork. Re-INVITE outcomes go to SipSessionModification.
    /// </summary>
    internal sealed class SipInviteClient
    {
        private readonly SipCallCore _core;
        private readonly SipCallDigest _digest;
        private readonly SipCallTermination _termination;

        internal SipInviteClient(SipCallCore core, SipCallDigest digest, SipCallTermination termination)
        {
            _core = core;
            _digest = digest;
            _termination = termination;
        }

        /// <summary>Where re-INVITE answers and failures go; set once after construction.</summary>
        internal SipSessionModification Modification;

        /// <summary>Session timers (RFC 4028), shared with the INVITE server.</summary>
        internal SipSessionTimer Timer;

        /// <summary>Places a call to uri under the phone's id callId (the caller checked the id is free).</summary>
        internal void Place(int callId, string uri, long nowMs)
        {
            Place(callId, uri, null, null, null, nowMs);
        }

        /// <summary>
        /// Places a call; with transferOf, the call a REFER of that call asks for (RFC 3515 §2.4.3), hidden from the
        /// phone until it is answered, its INVITE carrying referredBy (RFC 3892) and replaces (RFC 3891) when given.
        /// False when it could not be started (no slot, bad address); the failure is reported.
        /// </summary>
        internal bool Place(int callId, string uri, SipCall transferOf, string referredBy, string replaces, long nowMs)
        {
            SipCall c = _core.FreeSlot();
            string target = SipUriText.Unbracket(uri);
            if (c == null || !_core.Hop.Resolve(target, _core.Sip.Transport))
            {
                if (transferOf == null)
                {
                    _core.Report(SipCallEvent.CallFailed(callId, 0, c == null ? "no free call slot" : "bad address"), nowMs);
                }

                return false;
            }

            SipDialog d = c.Dialog;
            c.Hidden = transferOf != null;
            c.TransferOf = transferOf;
            c.TransferOfId = transferOf == null ? 0 : transferOf.CallId;
            c.ReferredBy = referredBy;
            c.ReplacesValue = replaces;
            c.CallId = callId;
            c.IsOutgoing = true;
            _core.Enter(c, SipCallInput.Place, null, nowMs);
            c.RequestUri = target;
            c.RemoteUri = target;
            d.RemoteTarget = target;
            d.Secure = _core.Hop.IsSips;
            d.CallIdValue = SipRandom.Hex(_core.Entropy, 12) + "@" + _core.ContactHost();
            d.LocalTag = _core.Layer.NewTag();
            d.LocalParty = _core.LocalIdentity() + ";tag=" + d.LocalTag;
            d.RemoteParty = "<" + target + ">";
            d.LocalCSeq = 0;
            ChooseFirstHop(c);
            c.Auth = _digest.NewAuthenticator();
            c.Negotiator = _core.NewNegotiator(c);

            // RFC 3264 §5: the offer goes in the INVITE; keys only over protected signalling (RFC 4568 §8.3).
            SdpNegotiationResult offer = c.Negotiator.CreateOffer(SdpDirection.SendRecv, c.SignallingProtected);
            if (!offer.Succeeded)
            {
                _termination.Fail(c, 0, "SDP: " + offer.ToString(), nowMs);
                return true;
            }

            c.OfferBody = offer.Text;
            SendInvite(c, false, nowMs);
            return true;
        }

        /// <summary>
        /// Out-of-dialog first hop (RFC 3261 §8.1.2): the outbound proxy (named in a loose Route), else the registrar,
        /// over the configured transport and on the registration flow when one is given; with neither, the
        /// Request-URI itself (RFC 3263 §4 without DNS).
        /// </summary>
        internal void ChooseFirstHop(SipCall c)
        {
            SipSettings sip = _core.Sip;
            SipNextHop hopParser = _core.Hop;
            bool proxy = sip.OutboundProxy != null && sip.OutboundProxy.Length > 0;
            string hop = proxy ? sip.OutboundProxy : sip.Registrar;
            if (hop == null || hop.Length == 0 ||
                !hopParser.Resolve(hop.IndexOf(':') >= 0 && (hop.StartsWith("sip:") || hop.StartsWith("sips:")) ? hop : "sip:" + hop, sip.Transport))
            {
                hopParser.Resolve(c.RequestUri, sip.Transport);
                c.Dialog.Transport = hopParser.Transport;
                c.HopHost = hopParser.Host;
                c.HopPort = hopParser.Port;
                c.HopServerName = hopParser.ServerName;
                return;
            }

            c.Dialog.Transport = sip.Transport;
            c.ViaOurProxy = true;
            c.HopHost = hopParser.Host;
            c.HopServerName = hopParser.ServerName;
            c.HopPort = hopParser.PortGiven ? hopParser.Port : (sip.Port > 0 ? sip.Port : SipUriText.DefaultPort(c.Dialog.Transport));
            if (proxy)
            {
                c.PreloadedRoute = "<sip:" + c.HopHost + ":" + c.HopPort.ToString() + SipUriText.TransportParam(c.Dialog.Transport) + ";lr>";
            }

            SipTransactionLayer layer = _core.Layer;
            SipConnection flow = ConnectionIdHint > 0 && layer.Transport != null ? layer.Transport.Find(ConnectionIdHint) : null;
            if (flow != null && flow.State != SipConnectionState.Free && flow.Transport == c.Dialog.Transport)
            {
                // RFC 5626 §5.2 / RFC 5923: requests to the proxy reuse the registration flow (same connection key).
                c.HopHost = flow.Host;
                c.HopPort = flow.Port;
                c.HopServerName = flow.ServerName;
            }
        }

        /// <summary>The registration flow to reuse for requests to the proxy/registrar; -1 or 0 for none.</summary>
        internal int ConnectionIdHint = -1;

        /// <summary>The INVITE (initial, or a re-INVITE in the dialog) with the call's current offer and credentials.</summary>
        internal void SendInvite(SipCall c, bool reinvite, long nowMs)
        {
            SipDialog d = c.Dialog;
            SipMessageWriter w = _core.Writer;
            SipTransactionLayer layer = _core.Layer;
            int cseq = d.NextLocalCSeq();
            string branch = layer.NewBranch();
            SipTransportKind transport;
            string host;
            int port;
            string serverName;
            string ruri;
            string[] routes;
            if (reinvite)
            {
                d.Target(out ruri, out routes);
                d.Destination(ruri, out transport, out host, out port, out serverName);
            }
            else
            {
                ruri = c.RequestUri;
                routes = c.PreloadedRoute == null ? new string[0] : new string[] { c.PreloadedRoute };
                transport = d.Transport;
                host = c.HopHost;
                port = c.HopPort;
                serverName = c.HopServerName;
            }

            string via = layer.ViaValue(transport, branch);
            w.Begin(_core.Buffer, 0, _core.Buffer.Length);
            w.StartRequest("INVITE", ruri);
            w.AddHeader(SipHeader.Via, via);
            w.AddHeader(SipHeader.MaxForwards, 70);
            for (int i = 0; i < routes.Length; i++)
            {
                w.AddHeader(SipHeader.Route, routes[i]);
            }

            w.AddHeader(SipHeader.From, d.LocalParty);
            w.AddHeader(SipHeader.To, d.RemoteParty);
            w.AddHeader(SipHeader.CallId, d.CallIdValue);
            w.AddHeader(SipHeader.CSeq, cseq.ToString() + " INVITE");
            w.AddHeader(SipHeader.Contact, _core.ContactValue(transport));
            w.AddHeader(SipHeader.Allow, SipCallAgent.AllowValue);
            if (!reinvite && c.ReferredBy != null)
            {
                // RFC 3892 §3: the referred request carries the REFER's Referred-By.
                w.AddHeader(SipHeader.ReferredBy, c.ReferredBy);
            }

            if (!reinvite && c.ReplacesValue != null)
            {
                // RFC 3891 §3: the Replaces from the Refer-To goes into the new INVITE as a header.
                w.AddHeader("Replaces", c.ReplacesValue);
            }

            SipSessionTimer.AddToInvite(w, c, reinvite);
            _digest.AddCredentials(c, "INVITE", ruri, reinvite);
            w.AddHeader(SipHeader.ContentType, "application/sdp");
            byte[] body = System.Text.Encoding.UTF8.GetBytes(c.OfferBody == null ? "" : c.OfferBody);
            if (w.Finish(body, 0, body.Length) != SipError.Ok)
            {
                _core.SendFailures++;
                OnInviteNotSent(c, reinvite, "request too large", nowMs);
                return;
            }

            SipTransaction tx;
            SipTransactionStatus st = layer.SendRequest(_core.Buffer, 0, w.Length, transport, host, port, serverName, nowMs, out tx);
            if (st != SipTransactionStatus.Ok || tx == null)
            {
                _core.SendFailures++;
                OnInviteNotSent(c, reinvite, "cannot send", nowMs);
                return;
            }

            c.InviteTx = tx;
            c.InviteGen = tx.Generation;
            c.InviteCSeq = cseq;
            c.InviteBranch = branch;
            c.InviteVia = via;
            c.InviteRequestUri = ruri;
            c.InviteRoutes = routes;
            c.InviteTransport = transport;
            c.InviteHost = host;
            c.InvitePort = port;
            c.InviteServerName = serverName;
            c.InviteIsReinvite = reinvite;
            if (tx.ConnectionId != 0)
            {
                d.ConnectionId = tx.ConnectionId;
            }
        }

        private void OnInviteNotSent(SipCall c, bool reinvite, string reason, long nowMs)
        {
            if (reinvite)
            {
                c.Negotiator.DropOffer();
                return;
            }

            _termination.Fail(c, 0, reason, nowMs);
        }

        /// <summary>A response to our INVITE or re-INVITE.</summary>
        internal void OnResponse(SipCall c, SipMessage m, long nowMs)
        {
            int status = m.StatusCode;
            if (status < 200)
            {
                OnProvisional(c, m, status, nowMs);
                return;
            }

            if (status < 300)
            {
                On2xx(c, m, nowMs);
                return;
            }

            // Final non-2xx: the transaction layer has ACKed it (§17.1.1.3).
            c.InviteTx = null;
            string reason = m.ReasonPhrase;
            if ((status == 401 || status == 407) && !c.UserEnded && c.State != SipCallState.Cancelling)
            {
                DigestError e = _digest.Challenge(c, m, status == 407, c.InviteIsReinvite ? _digest.DialogViaOurProxy(c) : c.ViaOurProxy);
                if (e == DigestError.Ok)
                {
                    // RFC 3261 §22.2: the same request again with credentials, CSeq + 1 (§8.1.3.5), same offer.
                    SendInvite(c, c.InviteIsReinvite, nowMs);
                    return;
                }

                if (e == DigestError.UntrustedHop || DigestRealmPolicy.IsPolicyRefusal(e))
                {
                    reason = "not authorised: " + DigestErrorText.Describe(e);
                }
            }

            if (status == 422 && !c.UserEnded && c.State != SipCallState.Cancelling && SipSessionTimer.RaiseAfter422(c, m))
            {
                // RFC 4028 §7.4: the same request again, CSeq + 1, asking for at least the Min-SE of the 422.
                SendInvite(c, c.InviteIsReinvite, nowMs);
                return;
            }

            if (c.InviteIsReinvite)
            {
                Modification.OnReinviteFailed(c, status, reason, nowMs);
                return;
            }

            if (status < 400 && !c.UserEnded && c.State != SipCallState.Cancelling && SipRedirect.Follow(_core, this, c, m, nowMs))
            {
                return;
            }

            if (c.UserEnded)
            {
                _termination.Free(c, nowMs);
                return;
            }

            _termination.Fail(c, status, reason, nowMs);
        }

        private void OnProvisional(SipCall c, SipMessage m, int status, long nowMs)
        {
            if (c.InviteIsReinvite)
            {
                return;
            }

            if (c.CancelPending)
            {
                // RFC 3261 §9.1: the provisional response now allows the CANCEL.
                _core.Enter(c, SipCallInput.Provisional, null, nowMs);
                c.CancelPending = false;
                SendCancel(c, nowMs);
                return;
            }

            SipCallState next;
            if (!SipCallTransitions.TryNext(c.State, SipCallInput.Provisional, out next))
            {
                // A late 1xx (after our CANCEL or the 2xx) changes nothing.
                return;
            }

            _core.Enter(c, SipCallInput.Provisional, status >= 180 ? SipCallEvent.CallProgress(c.CallId, status == 180 ? 180 : 183) : null, nowMs);

            if (status > 100 && !c.MediaStarted && _core.HasSdp(m))
            {
                // Early media: the answer in a provisional response (RFC 3261 §13.2.1; RFC 3960 §3).
                SdpNegotiationResult early = c.Negotiator.AcceptAnswer(m.Buffer, m.BodyOffset, m.BodyLength);
                if (early.Succeeded)
                {
                    _core.StartMedia(c, early, nowMs);
                }
            }
        }

        private void On2xx(SipCall c, SipMessage m, long nowMs)
        {
            SipDialog d = c.Dialog;
            int cseq = _core.CSeqOf(m, -1);
            string toTag = _core.ToTag(m);
            if (c.LastAck != null && cseq == c.LastAckCSeq)
            {
                if (toTag == d.RemoteTag)
                {
                    // RFC 3261 §13.2.2.4: a retransmitted 2xx is answered with the same ACK, not passed up again.
                    SendAckBytes(c, nowMs);
                }
                else if (!c.InviteIsReinvite)
                {
                    // §13.2.2.4: a 2xx from another fork creates another dialog: ACK it and end it with BYE.
                    EndFork(c, m, cseq, nowMs);
                }

                return;
            }

            c.Auth.OnAccepted();
            bool initial = !c.InviteIsReinvite;
            string target = _core.ContactUri(m);
            if (initial)
            {
                // RFC 3261 §12.1.2: the dialog: remote tag from To, remote target from Contact, route set from
                // Record-Route in reverse order.
                d.RemoteTag = toTag;
                int at = m.FindHeader(SipHeader.To, 0);
                if (at >= 0)
                {
                    d.RemoteParty = m.HeaderValue(at);
                }

                if (target != null)
                {
                    d.RemoteTarget = target;
                }

                string[] set = SipCallCore.RecordRoutes(m, true);
                d.RouteSet = set == null ? new string[0] : set;
                if (c.InviteTx != null && c.InviteTx.ConnectionId != 0)
                {
                    d.ConnectionId = c.InviteTx.ConnectionId;
                }
            }
            else if (target != null)
            {
                // §12.2.1.2: a 2xx to a re-INVITE refreshes the remote target.
                d.RemoteTarget = target;
            }

            SendAck(c, cseq, nowMs);
            if (!initial)
            {
                Modification.OnReinviteAccepted(c, m, nowMs);
                return;
            }

            if (c.UserEnded)
            {
                // Hung up while ringing and the CANCEL lost the race: ACK then BYE (RFC 3261 §15, §9.1).
                c.Stop(SipCallTimer.CancelGiveUp);
                _core.Enter(c, SipCallInput.Accepted, null, nowMs);
                _termination.SendBye(c, nowMs);
                return;
            }

            SdpNegotiationResult media = null;
            if (_core.HasSdp(m) && c.Negotiator.OfferOutstanding)
            {
                media = c.Negotiator.AcceptAnswer(m.Buffer, m.BodyOffset, m.BodyLength);
            }
            else if (c.MediaStarted)
            {
                media = c.Media;
            }

            if (media == null || !media.Succeeded)
            {
                // RFC 3264 §5: no usable answer: the session cannot start; end the dialog (§15).
                c.Negotiator.DropOffer();
                _core.Enter(c, SipCallInput.Accepted, null, nowMs);
                _termination.EndDialog(c, 488, media == null ? "no SDP answer" : "SDP: " + media.ToString(), true, nowMs);
                return;
            }

            _core.Enter(c, SipCallInput.Accepted, SipCallEvent.CallAnswered(c.CallId), nowMs);
            _core.StartMedia(c, media, nowMs);
            Timer.TakeAnswer(c, m, nowMs);
            c.ScheduleHoldChange(nowMs);
        }

        /// <summary>RFC 3261 §9.1: CANCEL with the INVITE's Request-URI, Call-ID, To, From, CSeq number, top Via and Route.</summary>
        internal void SendCancel(SipCall c, long nowMs)
        {
            _core.Enter(c, SipCallInput.CancelSent, null, nowMs);
            c.Arm(SipCallTimer.CancelGiveUp, nowMs + _core.Layer.Timers.SixtyFourT1);
            if (!c.ClientTxLive || c.InviteIsReinvite)
            {
                return;
            }

            SipDialog d = c.Dialog;
            SipMessageWriter w = _core.Writer;
            w.Begin(_core.Buffer, 0, _core.Buffer.Length);
            w.StartRequest("CANCEL", c.InviteRequestUri);
            w.AddHeader(SipHeader.Via, c.InviteVia);
            w.AddHeader(SipHeader.MaxForwards, 70);
            for (int i = 0; i < c.InviteRoutes.Length; i++)
            {
                w.AddHeader(SipHeader.Route, c.InviteRoutes[i]);
            }

            w.AddHeader(SipHeader.From, d.LocalParty);
            w.AddHeader(SipHeader.To, d.RemoteParty);
            w.AddHeader(SipHeader.CallId, d.CallIdValue);
            w.AddHeader(SipHeader.CSeq, c.InviteCSeq.ToString() + " CANCEL");
            if (w.Finish(null, 0, 0) != SipError.Ok)
            {
                _core.SendFailures++;
                return;
            }

            SipTransaction tx;
            SipTransactionStatus st = _core.Layer.SendRequest(_core.Buffer, 0, w.Length, c.InviteTransport, c.InviteHost, c.InvitePort,
                c.InviteServerName, nowMs, out tx);
            if (st != SipTransactionStatus.Ok || tx == null)
            {
                _core.SendFailures++;
                return;
            }

            c.CancelTx = tx;
            c.CancelGen = tx.Generation;
        }

        /// <summary>RFC 3261 §13.2.2.4: the ACK for a 2xx is built by the UA core: new branch, CSeq number of the INVITE, route set, credentials of the INVITE.</summary>
        private void SendAck(SipCall c, int cseq, long nowMs)
        {
            string ruri;
            SipTransportKind transport;
            string host;
            int port;
            string serverName;
            c.Dialog.BeginRequest("ACK", cseq, out ruri, out transport, out host, out port, out serverName);
            for (int i = 0; i < c.InviteAuthCount && _digest.DialogViaOurProxy(c); i++)
            {
                _core.Writer.AddHeader(c.InviteAuthNames[i], c.InviteAuthValues[i]);
            }

            if (_core.Writer.Finish(null, 0, 0) != SipError.Ok)
            {
                _core.SendFailures++;
                return;
            }

            c.LastAck = new byte[_core.Writer.Length];
            System.Array.Copy(_core.Buffer, 0, c.LastAck, 0, _core.Writer.Length);
            c.LastAckCSeq = cseq;
            c.AckTransport = transport;
            c.AckHost = host;
            c.AckPort = port;
            c.AckServerName = serverName;
            SendAckBytes(c, nowMs);
        }

        private void SendAckBytes(SipCall c, long nowMs)
        {
            if (c.LastAck == null)
            {
                return;
            }

            if (_core.Layer.SendDirect(c.LastAck, 0, c.LastAck.Length, c.AckTransport, c.AckHost, c.AckPort, c.AckServerName, nowMs) !=
                SipTransactionStatus.Ok)
            {
                _core.SendFailures++;
            }
        }

        /// <summary>
        /// RFC 3261 §13.2.2.4: the UAC core ACKs every 2xx of a forked INVITE and sends BYE on the dialogs it does not
        /// keep. The fork's dialog lives only for these two requests (its BYE's response is not followed).
        /// </summary>
        private void EndFork(SipCall c, SipMessage m, int cseq, long nowMs)
        {
            int toAt = m.FindHeader(SipHeader.To, 0);
            string target = _core.ContactUri(m);
            if (toAt < 0 || target == null)
            {
                return;
            }

            SipDialog d = c.Dialog;
            string to = m.HeaderValue(toAt);
            string[] routes = SipCallCore.RecordRoutes(m, true);
            if (routes == null)
            {
                routes = new string[0];
            }

            SipTransportKind transport;
            string host;
            int port;
            string serverName;
            if (!d.OpenFlow(out transport, out host, out port, out serverName))
            {
                d.RouteDestination(routes, target, target, out transport, out host, out port, out serverName);
            }

            SipMessageWriter w = _core.Writer;
            for (int step = 0; step < 2; step++)
            {
                bool ack = step == 0;
                w.Begin(_core.Buffer, 0, _core.Buffer.Length);
                w.StartRequest(ack ? "ACK" : "BYE", target);
                w.AddHeader(SipHeader.Via, _core.Layer.ViaValue(transport, _core.Layer.NewBranch()));
                w.AddHeader(SipHeader.MaxForwards, 70);
                for (int i = 0; i < routes.Length; i++)
                {
                    w.AddHeader(SipHeader.Route, routes[i]);
                }

                w.AddHeader(SipHeader.From, d.LocalParty);
                w.AddHeader(SipHeader.To, to);
                w.AddHeader(SipHeader.CallId, d.CallIdValue);
                w.AddHeader(SipHeader.CSeq, ack ? cseq.ToString() + " ACK" : (cseq + 1).ToString() + " BYE");
                if (w.Finish(null, 0, 0) != SipError.Ok)
                {
                    _core.SendFailures++;
                    return;
                }

                SipTransaction tx;
                SipTransactionStatus st = ack
                    ? _core.Layer.SendDirect(_core.Buffer, 0, w.Length, transport, host, port, serverName, nowMs)
                    : _core.Layer.SendRequest(_core.Buffer, 0, w.Length, transport, host, port, serverName, nowMs, out tx);
                if (st != SipTransactionStatus.Ok)
                {
                    _core.SendFailures++;
                }
            }
        }

        /// <summary>Timer B or a transport error for our INVITE (§8.1.3.1); a re-INVITE's ends the dialog (§14.1, §12.2.1.2).</summary>
        internal void OnFailed(SipCall c, int status, string reason, long nowMs)
        {
            c.InviteTx = null;
            if (c.InviteIsReinvite)
            {
                c.Negotiator.DropOffer();
                _termination.EndDialog(c, status, reason, true, nowMs);
                return;
            }

            _termination.Fail(c, status, reason, nowMs);
        }
    }
}
