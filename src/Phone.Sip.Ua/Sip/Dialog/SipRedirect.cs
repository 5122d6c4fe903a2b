namespace Phone.Sip.Dialog
{
    /// <summary>
    /// Following a redirect (RFC 3261 §8.1.3.4, §21.3) for a call we place: the INVITE client hands a 3xx here, which
    /// retries the call at the first Contact.
    /// </summary>
    internal static class SipRedirect
    {
        /// <summary>Redirects followed per call at most: a loop of 3xx between servers cannot go on.</summary>
        internal const int MaxRedirects = 3;

        /// <summary>
        /// A 3xx to our INVITE (RFC 3261 §8.1.3.4, §21.3): the call is tried again at the first Contact, as a new INVITE
        /// with the same Call-ID, From tag and offer, CSeq + 1, the To header unchanged. Never from sips to sip
        /// (RFC 3261 §26.2.2: the new target must keep the protection the call was placed with); at most
        /// MaxRedirects per call. False when nothing was followed (the 3xx then ends the call).
        /// </summary>
        internal static bool Follow(SipCallCore core, SipInviteClient client, SipCall c, SipMessage m, long nowMs)
        {
            string target = core.ContactUri(m);
            if (target == null || c.Redirects >= MaxRedirects)
            {
                return false;
            }

            target = SipUriText.Unbracket(target);
            bool secure = target.IndexOf("sips:") == 0;
            if (!secure && target.IndexOf("sip:") != 0)
            {
                return false;
            }

            if (c.Dialog.Secure && !secure)
            {
                return false;
            }

            if (!core.Hop.Resolve(target, core.Sip.Transport))
            {
                return false;
            }

            c.Redirects++;
            c.RequestUri = target;
            c.Dialog.RemoteTarget = target;
            client.ChooseFirstHop(c);
            client.SendInvite(c, false, nowMs);
            return true;
        }
    }
}
