namespace Phone.Sip.Registration
{
    /// <summary>
    /// RFC 5626 outbound for the registration's one flow: what the REGISTER offers (reg-id beside +sip.instance in
    /// the Contact, the outbound and path option tags, §4.2.1), what the registrar's 2xx grants (Require: outbound
    /// and Flow-Timer, §4.2.1 and §4.4), and the one refusal the UA acts on (RFC 5626's 439 First Hop Lacks Outbound
    /// Support: the next REGISTER goes without outbound). Holds no timer; <see cref="SipRegistration"/> applies the
    /// Flow-Timer to its keep-alives and the call layer adds ;ob to its Contacts while <see cref="Active"/> (§4.3).
    /// </summary>
    public sealed class SipOutbound
    {
        /// <summary>The reg-id of our one flow (§4.2.1: unique per flow of this instance; we keep one).</summary>
        public const int RegId = 1;

        /// <summary>The longest Flow-Timer taken from a registrar, in seconds (a larger value is ignored as malformed).</summary>
        public const int MaxFlowTimerSeconds = 86400;

        /// <param name="wanted">sip.outbound: offer outbound in REGISTER requests.</param>
        public SipOutbound(bool wanted)
        {
            Wanted = wanted;
        }

        /// <summary>sip.outbound: the phone offers outbound (default true).</summary>
        public bool Wanted { get; private set; }

        /// <summary>A 439 said the first hop lacks outbound support; the phone no longer offers it.</summary>
        public bool Refused { get; private set; }

        /// <summary>The next REGISTER offers outbound.</summary>
        public bool Offered
        {
            get { return Wanted && !Refused; }
        }

        /// <summary>The last 2xx to an offering REGISTER carried Require: outbound (§4.2.1): the flow is an outbound flow.</summary>
        public bool Active { get; private set; }

        /// <summary>Flow-Timer of that 2xx in seconds (§4.4); 0 when outbound is not active or the header is absent.</summary>
        public int FlowTimerSeconds { get; private set; }

        /// <summary>What the REGISTER's Contact adds after +sip.instance: ";reg-id=1" while offered, else "".</summary>
        public string ContactParams()
        {
            return Offered ? ";reg-id=" + RegId.ToString() : "";
        }

        /// <summary>The Supported value of an offering REGISTER (§4.2.1: outbound, and path as RFC 3327 asks), else null.</summary>
        public string SupportedValue()
        {
            return Offered ? "outbound, path" : null;
        }

        /// <summary>A 2xx to our REGISTER: outbound is active when it requires it, with its Flow-Timer (§4.2.1, §4.4).</summary>
        public void OnRegistered(SipMessage response)
        {
            Active = Offered && response != null && response.HasToken(SipHeader.Require, "outbound");
            FlowTimerSeconds = Active ? FlowTimer(response) : 0;
        }

        /// <summary>
        /// A final failure response to our REGISTER. True for 439 while offering: the first hop cannot keep an outbound
        /// flow, so outbound is refused for good and the caller sends the REGISTER again without it at once.
        /// </summary>
        public bool OnRejected(int status)
        {
            if (status != 439 || !Offered)
            {
                return false;
            }

            Refused = true;
            Lost();
            return true;
        }

        /// <summary>The binding is gone (failure, removal): nothing is active until the next 2xx.</summary>
        public void Lost()
        {
            Active = false;
            FlowTimerSeconds = 0;
        }

        // Flow-Timer = "Flow-Timer" HCOLON 1*DIGIT (RFC 5626's grammar); absent, empty, zero or out of range: 0.
        private static int FlowTimer(SipMessage m)
        {
            int n;
            return m.GetNumber("Flow-Timer", MaxFlowTimerSeconds, out n) == SipError.Ok ? n : 0;
        }
    }
}
