using System.Collections;
using System.Text;
using Phone.Config;
using Phone.Sip;
using Phone.Sip.Registration;
using Phone.Sip.Transaction;
using Phone.Sip.Transport;

namespace Phone.Tests.Sip.Registration
{
    /// <summary>
    /// A fake adapter around SipTransport + SipTransactionLayer + SipRegistration on a virtual clock: records each
    /// transport action as text and each registration event, and feeds responses written out by the tests.
    /// </summary>
    internal sealed class RegistrationHarness : ISipTransactionUser, ISipRegistrationListener
    {
        public const string Registrar = "198.51.100.1";

        /// <summary>The device's instance id the harness registers with (RFC 5626 §4.1).</summary>
        public const string InstanceId = "f81d4fae-7dec-11d0-a765-00a0c91e6bf6";

        /// <summary>The +sip.instance Contact parameter that id gives.</summary>
        public const string InstanceParam = ";+sip.instance=\"<urn:uuid:" + InstanceId + ">\"";

        /// <summary>The Contact URI the harness's phone registers over UDP before it learns a public address.</summary>
        public const string PrivateContact = "<sip:1001@192.0.2.10:5062;transport=udp>";
        public readonly SipTransport Transport;
        public readonly SipTransactionLayer Layer;
        public readonly SipRegistration Reg;
        public readonly SipRegistrationTimers Timers = new SipRegistrationTimers();
        public readonly ArrayList Sent = new ArrayList();
        public readonly ArrayList Kinds = new ArrayList();
        public readonly ArrayList Times = new ArrayList();
        public readonly ArrayList Conns = new ArrayList();

        /// <summary>host:port of each action, beside <see cref="Sent"/>.</summary>
        public readonly ArrayList Targets = new ArrayList();

        /// <summary>The bytes of each datagram or segment sent (null for actions without data), beside <see cref="Sent"/>.</summary>
        public readonly ArrayList Raw = new ArrayList();
        public readonly ArrayList Events = new ArrayList();
        public long Now;

        public RegistrationHarness(SipTransportKind transport, string outboundProxy) : this(transport, outboundProxy, 0)
        {
        }

        /// <param name="keepAliveSeconds">sip.keepalive_s; the timing tests read NextDeadlineMs as the refresh or retry, so 0 (off) by default.</param>
        public RegistrationHarness(SipTransportKind transport, string outboundProxy, int keepAliveSeconds)
            : this(transport, outboundProxy, keepAliveSeconds, true)
        {
        }

        /// <param name="outbound">sip.outbound (RFC 5626 outbound offered in REGISTER); true as in nf.config by default.</param>
        public RegistrationHarness(SipTransportKind transport, string outboundProxy, int keepAliveSeconds, bool outbound)
        {
            SipSettings sip = new SipSettings();
            sip.Domain = "example.com";
            sip.Registrar = Registrar;
            sip.User = "1001";
            sip.AuthUser = "1001";
            sip.Password = "secret-pw";
            sip.DisplayName = "Desk";
            sip.Transport = transport;
            sip.Port = transport == SipTransportKind.Tls ? 5061 : 5060;
            sip.RegisterExpiry = 600;
            sip.OutboundProxy = outboundProxy;
            sip.KeepAliveSeconds = keepAliveSeconds;
            sip.Outbound = outbound;
            Transport = new SipTransport(2, 64);
            Layer = new SipTransactionLayer(Transport, new DigestTestEntropy(null, 1), new SipTimerSettings(), 8);
            Layer.LocalHost = "192.0.2.10";
            Layer.LocalPort = 5062;
            Layer.User = this;
            Reg = new SipRegistration(Layer, sip, InstanceId, new DigestTestEntropy(null, 7), Timers);
            Reg.Listener = this;
        }

        public static string Text(byte[] b, int o, int n)
        {
            return Encoding.UTF8.GetString(b, o, n);
        }

        public void Drain()
        {
            TransportAction a;
            while ((a = Transport.Actions.Dequeue()) != null)
            {
                Kinds.Add(a.Kind);
                Times.Add(Now);
                Conns.Add(a.ConnectionId);
                Sent.Add(a.Data == null ? (a.Host + ":" + a.Port.ToString()) : Text(a.Data, a.Offset, a.Count));
                byte[] raw = null;
                if (a.Data != null)
                {
                    raw = new byte[a.Count];
                    System.Array.Copy(a.Data, a.Offset, raw, 0, a.Count);
                }

                Raw.Add(raw);
                Targets.Add(a.Host + ":" + a.Port.ToString());
            }
        }

        public long NextDeadline
        {
            get
            {
                long a = Layer.NextDeadlineMs;
                long b = Reg.NextDeadlineMs;
                return a < b ? a : b;
            }
        }

        /// <summary>Steps the clock to t through every deadline, as the host loop does.</summary>
        public void RunTo(long t)
        {
            while (true)
            {
                long d = NextDeadline;
                if (d > t)
                {
                    break;
                }

                if (d > Now)
                {
                    Now = d;
                }

                Layer.AdvanceTo(Now);
                Reg.AdvanceTo(Now);
                Drain();
            }

            Now = t;
            Layer.AdvanceTo(t);
            Reg.AdvanceTo(t);
            Drain();
        }

        public void Start()
        {
            Reg.Start(Now);
            Drain();
        }

        /// <summary>The last REGISTER sent (text), or null.</summary>
        public string LastRegister
        {
            get
            {
                for (int i = Sent.Count - 1; i >= 0; i--)
                {
                    string s = (string)Sent[i];
                    if (s.StartsWith("REGISTER "))
                    {
                        return s;
                    }
                }

                return null;
            }
        }

        public int RegisterCount
        {
            get
            {
                int n = 0;
                for (int i = 0; i < Sent.Count; i++)
                {
                    if (((string)Sent[i]).StartsWith("REGISTER "))
                    {
                        n++;
                    }
                }

                return n;
            }
        }

        public long LastRegisterTime
        {
            get
            {
                for (int i = Sent.Count - 1; i >= 0; i--)
                {
                    if (((string)Sent[i]).StartsWith("REGISTER "))
                    {
                        return (long)Times[i];
                    }
                }

                return -1;
            }
        }

        /// <summary>The value of the first header called name in the message text, or null.</summary>
        public static string Header(string message, string name)
        {
            string key = "\r\n" + name + ": ";
            int at = message.IndexOf(key);
            if (at < 0)
            {
                return null;
            }

            int s = at + key.Length;
            int e = message.IndexOf("\r\n", s);
            return message.Substring(s, e - s);
        }

        /// <summary>
        /// A response to the last REGISTER: status line, then its Via, From, To (with a registrar tag), Call-ID
        /// and CSeq copied as RFC 3261 §8.2.6.2 requires, then extra (complete header lines), empty body.
        /// </summary>
        public void Respond(string statusLine, string extra)
        {
            RespondVia(statusLine, "192.0.2.10", -1, extra);
        }

        /// <summary>As <see cref="Respond"/>, the registrar saying where it saw us: received and, when above 0, rport (RFC 3581 §4).</summary>
        public void RespondVia(string statusLine, string received, int rport, string extra)
        {
            string r = LastRegister;
            string via = Header(r, "Via");
            if (rport > 0)
            {
                via = Phone.Tests.Sip.Dialog.CallHarness.Swap(via, ";rport;", ";rport=" + rport.ToString() + ";");
            }

            string msg = "SIP/2.0 " + statusLine + "\r\n" +
                         "Via: " + via + ";received=" + received + "\r\n" +
                         "From: " + Header(r, "From") + "\r\n" +
                         "To: " + Header(r, "To") + ";tag=reg77\r\n" +
                         "Call-ID: " + Header(r, "Call-ID") + "\r\n" +
                         "CSeq: " + Header(r, "CSeq") + "\r\n" +
                         extra +
                         "Content-Length: 0\r\n\r\n";
            byte[] b = Encoding.UTF8.GetBytes(msg);
            if (Reg.Transport == SipTransportKind.Udp)
            {
                Transport.OnDatagram(b, 0, b.Length, Registrar, 5060, Now);
            }
            else
            {
                Transport.OnStreamData(Reg.ConnectionId, b, 0, b.Length, Now);
            }

            Drain();
        }

        public string EventAt(int i)
        {
            return i < Events.Count ? ((SipRegistrationEvent)Events[i]).ToString() : null;
        }

        public SipRegistrationEvent LastEvent
        {
            get { return Events.Count == 0 ? null : (SipRegistrationEvent)Events[Events.Count - 1]; }
        }

        // ---- ISipRegistrationListener

        public void OnRegistrationChanged(SipRegistrationEvent e)
        {
            Events.Add(e);
        }

        // ---- ISipTransactionUser: responses and failures go to the registration, as the phone's TU does.

        public void OnRequest(SipTransaction tx, SipMessage request, SipSource source, long nowMs)
        {
        }

        public void OnResponse(SipTransaction tx, SipMessage response, long nowMs)
        {
            Reg.OnResponse(tx, response, nowMs);
        }

        public void OnTimeout(SipTransaction tx, long nowMs)
        {
            Reg.OnTimeout(tx, nowMs);
        }

        public void OnTransportError(SipTransaction tx, long nowMs)
        {
            Reg.OnTransportError(tx, nowMs);
        }

        public void OnMalformedRequest(SipMessage head, SipError error, SipSource source, long nowMs)
        {
        }

        public void OnFlowFailed(int connectionId, long nowMs)
        {
            Reg.OnFlowFailed(connectionId, nowMs);
        }
    }
}
