namespace Phone.Sip.Dialog
{
    /// <summary>
    /// Digest authentication of the calls' requests (RFC 3261 §22): which requests carry credentials and which
    /// 401/407 may be answered. A digest response is a hash of the password that can be attacked offline, so
    /// only requests through our own outbound proxy or registrar, in a realm <see cref="Realms"/> trusts, get one.
    /// </summary>
    internal sealed class SipCallDigest
    {
        private readonly SipCallCore _core;
        private readonly string[] _challenges = new string[8];
        private DigestRealmPolicy _realms;

        internal SipCallDigest(SipCallCore core)
        {
            _core = core;
            _realms = DigestRealmPolicy.FromSettings(core.Sip);
        }

        /// <summary>The realms and rules a challenge must pass; null restores the default from the settings.</summary>
        internal DigestRealmPolicy Realms
        {
            get { return _realms; }
            set { _realms = value == null ? DigestRealmPolicy.FromSettings(_core.Sip) : value; }
        }

        internal int ForeignChallenges;
        internal string LastForeignChallenge;

        internal DigestAuthenticator NewAuthenticator()
        {
            DigestAuthenticator a = new DigestAuthenticator(_core.Entropy);
            a.AddCredentials(DigestCredentials.FromSettings(_core.Sip));
            a.Policy = _realms;
            return a;
        }

        /// <summary>Adds the call's credentials to the request in the writer (the INVITE's are kept for its ACK, §13.2.2.4).</summary>
        internal void AddCredentials(SipCall c, string method, string ruri, bool inDialog)
        {
            if (method == "INVITE")
            {
                c.InviteAuthCount = 0;
            }

            if (c.Auth == null)
            {
                return;
            }

            // Credentials go only to our proxy / registrar: a digest response sent straight to the peer could be
            // attacked offline just like an answer to its own challenge.
            if (!(inDialog ? DialogViaOurProxy(c) : c.ViaOurProxy))
            {
                return;
            }

            // RFC 3261 §22.3: requests carry credentials for the realms already challenged.
            for (int i = 0; i < c.Auth.SessionCount && i < c.InviteAuthNames.Length; i++)
            {
                DigestSession s = c.Auth.GetSession(i);
                string value = s.Authorize(method, ruri);
                _core.Writer.AddHeader(s.HeaderName, value);
                if (method == "INVITE")
                {
                    c.InviteAuthNames[i] = s.HeaderName;
                    c.InviteAuthValues[i] = value;
                    c.InviteAuthCount = i + 1;
                }
            }
        }

        /// <summary>
        /// Ok when the 401/407 to a request of call c may be answered and was taken: the request went through our
        /// outbound proxy / registrar (<paramref name="viaOurProxy"/>) and the realm, algorithm and qop pass
        /// <see cref="Realms"/>. A refusal for those reasons is counted in ForeignChallenges.
        /// </summary>
        internal DigestError Challenge(SipCall c, SipMessage response, bool proxy, bool viaOurProxy)
        {
            if (c.Auth == null)
            {
                return DigestError.NoCredentials;
            }

            if (!viaOurProxy)
            {
                NoteForeign(DigestError.UntrustedHop);
                return DigestError.UntrustedHop;
            }

            int id = proxy ? SipHeader.ProxyAuthenticate : SipHeader.WwwAuthenticate;
            int count = 0;
            int at = response.FindHeader(id, 0);
            while (at >= 0 && count < _challenges.Length)
            {
                _challenges[count++] = response.HeaderValue(at);
                at = response.FindHeader(id, at + 1);
            }

            string[] values = new string[count];
            for (int i = 0; i < count; i++)
            {
                values[i] = _challenges[i];
                _challenges[i] = null;
            }

            // A second challenge with the same nonce means wrong credentials: give up instead of looping.
            c.Auth.Policy = _realms;
            DigestError e = c.Auth.OnChallenge(values, proxy);
            if (DigestRealmPolicy.IsPolicyRefusal(e))
            {
                NoteForeign(e);
            }

            return e;
        }

        private void NoteForeign(DigestError e)
        {
            ForeignChallenges++;
            LastForeignChallenge = DigestErrorText.Describe(e);
        }

        /// <summary>
        /// True when an in-dialog request of c goes through our outbound proxy or registrar: the first entry of the
        /// route set names one of them (same host, same port or the transport's default). Without a route set the
        /// request goes to the peer's Contact, so no challenge is answered and no credentials are sent.
        /// </summary>
        internal bool DialogViaOurProxy(SipCall c)
        {
            SipDialog d = c.Dialog;
            SipNextHop hop = _core.Hop;
            if (d.RouteSet == null || d.RouteSet.Length == 0 || !hop.Resolve(d.RouteSet[0], d.Transport))
            {
                return false;
            }

            string host = hop.Host;
            int port = hop.Port;
            return IsServer(_core.Sip.OutboundProxy, host, port, d.Transport) || IsServer(_core.Sip.Registrar, host, port, d.Transport);
        }

        private bool IsServer(string configured, string host, int port, SipTransportKind transport)
        {
            if (configured == null || configured.Length == 0 || host == null)
            {
                return false;
            }

            SipNextHop hop = _core.Hop;
            string uri = configured.StartsWith("sip:") || configured.StartsWith("sips:") ? configured : "sip:" + configured;
            if (!hop.Resolve(uri, transport))
            {
                return false;
            }

            int p = hop.PortGiven ? hop.Port : (_core.Sip.Port > 0 ? _core.Sip.Port : SipUriText.DefaultPort(transport));
            return hop.Host.ToLower() == host.ToLower() && p == port;
        }
    }
}
