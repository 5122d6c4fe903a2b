using Phone.Sip.Transaction;

namespace Phone.Sip.Dialog
{
    /// <summary>
    /// Session timers (RFC 4028). For calls the phone answers: a Session-Expires below our Min-SE gets 422 with
    /// Min-SE (§8.1); otherwise the 2xx names the interval and the refresher (the one the request asked for; else
    /// the caller when it supports timers, else us; §9) with Require: timer when the caller supports it. For calls
    /// the phone places: the INVITE says Supported: timer and asks for <see cref="AskSeconds"/> (§7.1); a 422 raises
    /// the ask to its Min-SE and the INVITE goes again (§7.4); the 2xx's Session-Expires sets the interval and the
    /// refresher, none means no timer (§7.2). Either way the refresher refreshes at half the interval (we do by
    /// re-INVITE, naming the interval and refresher, §7.4); when the peer refreshes and no refresh comes by the
    /// interval less min(32 s, a third), the call ends with BYE (§10). A refresh is any re-INVITE or UPDATE the peer
    /// sends and we accept, or a 2xx to one of ours, with a Session-Expires that may set a new interval.
    /// </summary>
    internal sealed class SipSessionTimer
    {
        /// <summary>Our Min-SE: the smallest interval we accept, seconds (RFC 4028 §4: at least 90).</summary>
        internal const int MinSeconds = 90;

        /// <summary>The interval our INVITE asks for, seconds (RFC 4028 §4 recommends 1800).</summary>
        internal const int AskSeconds = 1800;

        /// <summary>How many 422 responses to one INVITE are answered with a larger interval (§7.4) before the call fails.</summary>
        internal const int MaxRetries = 2;

        private readonly SipCallCore _core;

        internal SipSessionTimer(SipCallCore core)
        {
            _core = core;
        }

        /// <summary>
        /// An INVITE whose Session-Expires (§4: "delta-seconds;refresher=uac|uas") is below MinSeconds is refused with
        /// 422 and our Min-SE (§8.1); true when it was (nothing else is to be done with it).
        /// </summary>
        internal bool RefuseTooSmall(SipTransaction tx, SipMessage m, string toTag, long nowMs)
        {
            string value = m.GetValue(SipHeader.SessionExpires);
            int seconds;
            string refresher;
            if (value == null || !Parse(value, out seconds, out refresher) || seconds >= MinSeconds)
            {
                return false;
            }

            _core.Respond(tx, m, 422, "Session Interval Too Small", toTag, false, null, "Min-SE", MinSeconds.ToString(), nowMs);
            return true;
        }

        /// <summary>
        /// The new call's session timer from its INVITE: the interval and the refresher (the one asked for; else the
        /// caller when it supports timers, else us; §9). An unreadable Session-Expires means no session timer.
        /// </summary>
        internal void Take(SipCall c, SipMessage m)
        {
            string value = m.GetValue(SipHeader.SessionExpires);
            int seconds;
            string refresher;
            if (value == null || !Parse(value, out seconds, out refresher) || seconds < MinSeconds)
            {
                return;
            }

            bool callerSupports = m.HasToken(SipHeader.Supported, "timer") || m.HasToken(SipHeader.Require, "timer");
            if (refresher == null)
            {
                refresher = callerSupports ? "uac" : "uas";
            }

            c.SessionExpires = seconds;
            c.WeRefresh = refresher == "uas";
            c.SessionExpiresValue = seconds.ToString() + ";refresher=" + refresher;
            c.RequireTimer = callerSupports;
        }

        /// <summary>Our 2xx to the initial INVITE went out: the session timer runs from now (§10).</summary>
        internal void Start(SipCall c, long nowMs)
        {
            if (c.SessionExpires <= 0)
            {
                return;
            }

            Arm(c, nowMs);
        }

        /// <summary>
        /// The peer's re-INVITE or UPDATE is being accepted: a refresh, possibly with a new interval (§10); call it
        /// before the 2xx is built so the 2xx names the interval in force.
        /// </summary>
        internal void OnRefreshed(SipCall c, SipMessage m, long nowMs)
        {
            if (c.SessionExpires <= 0)
            {
                return;
            }

            int seconds;
            string refresher;
            string value = m.GetValue(SipHeader.SessionExpires);
            if (value != null && Parse(value, out seconds, out refresher) && seconds >= MinSeconds)
            {
                c.SessionExpires = seconds;
                if (refresher != null)
                {
                    // In the peer's refresh request "uac" is the peer, "uas" is us.
                    c.WeRefresh = refresher == "uas";
                }

                c.SessionExpiresValue = seconds.ToString() + ";refresher=" + (c.WeRefresh ? "uas" : "uac");
            }

            Arm(c, nowMs);
        }

        /// <summary>
        /// The session-timer headers of our INVITE (§7.1) or re-INVITE (§7.4): Supported: timer always; the interval we
        /// ask for in an initial INVITE, the one in force with its refresher ("uac" is us here) in a re-INVITE; Min-SE
        /// once a 422 has raised it.
        /// </summary>
        internal static void AddToInvite(SipMessageWriter w, SipCall c, bool reinvite)
        {
            w.AddHeader(SipHeader.Supported, "timer");
            if (!reinvite)
            {
                if (c.SessionAsk == 0)
                {
                    c.SessionAsk = AskSeconds;
                }

                w.AddHeader(SipHeader.SessionExpires, c.SessionAsk);
            }
            else if (c.SessionExpires > 0)
            {
                w.AddHeader(SipHeader.SessionExpires, c.SessionExpires.ToString() + ";refresher=" + (c.WeRefresh ? "uac" : "uas"));
            }

            if (c.SessionMinSe > MinSeconds)
            {
                w.AddHeader("Min-SE", c.SessionMinSe.ToString());
            }
        }

        /// <summary>
        /// A 422 to our INVITE or re-INVITE (§7.4): true when the request is to go again with the interval raised to the
        /// response's Min-SE; false when the 422 has no usable Min-SE or the retries are spent.
        /// </summary>
        internal static bool RaiseAfter422(SipCall c, SipMessage m)
        {
            int at = m.FindHeader("Min-SE", 0);
            int seconds;
            string ignored;
            if (at < 0 || !Parse(m.HeaderValue(at), out seconds, out ignored) || c.SessionRetries >= MaxRetries)
            {
                return false;
            }

            c.SessionRetries++;
            if (seconds > c.SessionMinSe)
            {
                c.SessionMinSe = seconds;
            }

            if (c.SessionAsk < seconds)
            {
                c.SessionAsk = seconds;
            }

            if (c.SessionExpires > 0 && c.SessionExpires < seconds)
            {
                c.SessionExpires = seconds;
            }

            return true;
        }

        /// <summary>
        /// The 2xx to our initial INVITE (§7.2): its Session-Expires sets the interval and the refresher ("uac" is us;
        /// none named: we refresh, which is always safe); no Session-Expires means no session timer. Starts the timer.
        /// </summary>
        internal void TakeAnswer(SipCall c, SipMessage m, long nowMs)
        {
            string value = m.GetValue(SipHeader.SessionExpires);
            int seconds;
            string refresher;
            if (value == null || !Parse(value, out seconds, out refresher))
            {
                return;
            }

            // Below the RFC's floor of 90 s (§4) is a peer's error: we keep to the floor rather than refresh in a loop.
            c.SessionExpires = seconds < MinSeconds ? MinSeconds : seconds;
            c.WeRefresh = refresher != "uas";
            // SessionExpiresValue is written for our 2xx to the peer's refreshes, where the peer is "uac".
            c.SessionExpiresValue = c.SessionExpires.ToString() + ";refresher=" + (c.WeRefresh ? "uas" : "uac");
            Arm(c, nowMs);
        }

        /// <summary>
        /// A 2xx to our re-INVITE is a refresh (§10); its Session-Expires may set a new interval and refresher ("uac" is
        /// us). Without one (§7.4 with §7.2: no session expiration) we stop waiting for the peer's refreshes but, as
        /// the refresher, keep refreshing: a peer or proxy that did not repeat the header must not see the call end.
        /// </summary>
        internal void OnOwnRefreshAccepted(SipCall c, SipMessage m, long nowMs)
        {
            if (c.SessionExpires <= 0)
            {
                return;
            }

            string value = m.GetValue(SipHeader.SessionExpires);
            int seconds;
            string refresher;
            if (value == null || !Parse(value, out seconds, out refresher))
            {
                if (!c.WeRefresh)
                {
                    c.SessionExpires = 0;
                    c.SessionExpiresValue = null;
                    c.Stop(SipCallTimer.SessionExpiry);
                }

                return;
            }

            c.SessionExpires = seconds < MinSeconds ? MinSeconds : seconds;
            c.WeRefresh = refresher != "uas";
            c.SessionExpiresValue = c.SessionExpires.ToString() + ";refresher=" + (c.WeRefresh ? "uas" : "uac");
            Arm(c, nowMs);
        }

        private static void Arm(SipCall c, long nowMs)
        {
            long interval = (long)c.SessionExpires * 1000;
            if (c.WeRefresh)
            {
                c.Stop(SipCallTimer.SessionExpiry);
                c.Arm(SipCallTimer.SessionRefresh, nowMs + interval / 2);
                return;
            }

            long margin = c.SessionExpires / 3 < 32 ? c.SessionExpires / 3 : 32;
            c.Stop(SipCallTimer.SessionRefresh);
            c.Arm(SipCallTimer.SessionExpiry, nowMs + interval - margin * 1000);
        }

        /// <summary>"delta-seconds *(;param)" with an optional refresher=uac|uas (RFC 4028 §4).</summary>
        internal static bool Parse(string value, out int seconds, out string refresher)
        {
            seconds = 0;
            refresher = null;
            string v = value.Trim();
            int semi = v.IndexOf(';');
            string number = (semi < 0 ? v : v.Substring(0, semi)).Trim();
            if (number.Length == 0 || number.Length > 9)
            {
                return false;
            }

            for (int i = 0; i < number.Length; i++)
            {
                if (number[i] < '0' || number[i] > '9')
                {
                    return false;
                }

                seconds = seconds * 10 + (number[i] - '0');
            }

            while (semi >= 0)
            {
                int next = v.IndexOf(';', semi + 1);
                string p = (next < 0 ? v.Substring(semi + 1) : v.Substring(semi + 1, next - semi - 1)).Trim().ToLower();
                if (p == "refresher=uac" || p == "refresher=uas")
                {
                    refresher = p.Substring(10);
                }

                semi = next;
            }

            return seconds > 0;
        }

    }
}
