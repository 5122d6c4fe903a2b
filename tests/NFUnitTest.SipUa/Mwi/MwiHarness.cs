using System.Collections;
using System.Text;
using Phone.Sip;
using Phone.Sip.Mwi;
using Phone.Sip.Registration;
using Phone.Sip.Transaction;
using Phone.Sip.Transport;
using Phone.Tests.Sip.Registration;

namespace Phone.Tests.Sip.Mwi
{
    /// <summary>
    /// SipTransport + SipTransactionLayer + SipMwiSubscription on a virtual clock, the notifier played by the tests:
    /// records what the phone sends as text and each summary the listener gets, and feeds responses and NOTIFYs.
    /// </summary>
    internal sealed class MwiHarness : ISipTransactionUser, ISipMwiListener
    {
        public const string Registrar = "198.51.100.1";
        public const string NotifierTag = "vm77";
        public readonly SipTransport Transport;
        public readonly SipTransactionLayer Layer;
        public readonly SipMwiSubscription Mwi;
        public readonly SipRegistrationTimers Timers = new SipRegistrationTimers();
        public readonly DigestRealmPolicy Realms;
        public readonly ArrayList Sent = new ArrayList();
        public readonly ArrayList Times = new ArrayList();
        public readonly ArrayList Summaries = new ArrayList();
        public long Now;
        private int _notifyCSeq;
        private int _branch;

        public MwiHarness(string voicemail, string outboundProxy)
        {
            SipSettings sip = new SipSettings();
            sip.Domain = "example.com";
            sip.Registrar = Registrar;
            sip.User = "1001";
            sip.AuthUser = "1001";
            sip.Password = "secret-pw";
            sip.Transport = SipTransportKind.Udp;
            sip.Port = 5060;
            sip.OutboundProxy = outboundProxy;
            sip.Voicemail = voicemail;
            Transport = new SipTransport(2, 64);
            Layer = new SipTransactionLayer(Transport, new DigestTestEntropy(null, 1), new SipTimerSettings(), 8);
            Layer.LocalHost = "192.0.2.10";
            Layer.LocalPort = 5062;
            Layer.User = this;
            // The registration's policy after it learnt the registrar's realm (PhoneCore shares it).
            Realms = new DigestRealmPolicy("example.com", false);
            Mwi = new SipMwiSubscription(Layer, sip, Realms, new DigestTestEntropy(null, 7), Timers);
            Mwi.Listener = this;
        }

        public void Drain()
        {
            TransportAction a;
            while ((a = Transport.Actions.Dequeue()) != null)
            {
                Times.Add(Now);
                Sent.Add(a.Data == null ? (a.Host + ":" + a.Port.ToString()) : Encoding.UTF8.GetString(a.Data, a.Offset, a.Count));
            }
        }

        /// <summary>Steps the clock to t through every deadline, as the host loop does.</summary>
        public void RunTo(long t)
        {
            while (true)
            {
                long d = Layer.NextDeadlineMs < Mwi.NextDeadlineMs ? Layer.NextDeadlineMs : Mwi.NextDeadlineMs;
                if (d > t)
                {
                    break;
                }

                if (d > Now) Now = d;
                Layer.AdvanceTo(Now);
                Mwi.AdvanceTo(Now);
                Drain();
            }

            Now = t;
            Layer.AdvanceTo(t);
            Mwi.AdvanceTo(t);
            Drain();
        }

        public void Start()
        {
            Mwi.Start(Now);
            Drain();
        }

        public string LastSubscribe
        {
            get { return Last("SUBSCRIBE "); }
        }

        public string LastResponse
        {
            get { return Last("SIP/2.0 "); }
        }

        public int SubscribeCount
        {
            get { return Count("SUBSCRIBE "); }
        }

        public long LastSubscribeTime
        {
            get
            {
                for (int i = Sent.Count - 1; i >= 0; i--)
                {
                    if (((string)Sent[i]).StartsWith("SUBSCRIBE ")) return (long)Times[i];
                }

                return -1;
            }
        }

        public MessageSummaryCopy LastSummary
        {
            get { return Summaries.Count == 0 ? null : (MessageSummaryCopy)Summaries[Summaries.Count - 1]; }
        }

        /// <summary>A response to the last SUBSCRIBE with the notifier's To tag, Contact and extra header lines.</summary>
        public void Respond(string statusLine, string extra)
        {
            string r = LastSubscribe;
            string to = RegistrationHarness.Header(r, "To");
            string msg = "SIP/2.0 " + statusLine + "\r\n" +
                         "Via: " + RegistrationHarness.Header(r, "Via") + ";received=192.0.2.10\r\n" +
                         "From: " + RegistrationHarness.Header(r, "From") + "\r\n" +
                         "To: " + to + (to.IndexOf(";tag=") < 0 ? ";tag=" + NotifierTag : "") + "\r\n" +
                         "Call-ID: " + RegistrationHarness.Header(r, "Call-ID") + "\r\n" +
                         "CSeq: " + RegistrationHarness.Header(r, "CSeq") + "\r\n" +
                         "Contact: <sip:vm@" + Registrar + ":5060;transport=udp>\r\n" +
                         extra +
                         "Content-Length: 0\r\n\r\n";
            Feed(msg);
        }

        /// <summary>A NOTIFY in the subscription of the last SUBSCRIBE (callId/toTag override for strangers).</summary>
        public void Notify(string state, string contentType, string body, string callId, string toTag)
        {
            string r = LastSubscribe;
            string from = RegistrationHarness.Header(r, "From");
            string to = toTag == null ? from : from.Substring(0, from.IndexOf(";tag=")) + ";tag=" + toTag;
            _notifyCSeq++;
            _branch++;
            string msg = "NOTIFY sip:1001@192.0.2.10:5062;transport=udp SIP/2.0\r\n" +
                         "Via: SIP/2.0/UDP " + Registrar + ":5060;branch=z9hG4bKnotify" + _branch.ToString() + "\r\n" +
                         "Max-Forwards: 70\r\n" +
                         "From: <sip:*97@example.com>;tag=" + NotifierTag + "\r\n" +
                         "To: " + to + "\r\n" +
                         "Call-ID: " + (callId == null ? RegistrationHarness.Header(r, "Call-ID") : callId) + "\r\n" +
                         "CSeq: " + _notifyCSeq.ToString() + " NOTIFY\r\n" +
                         "Contact: <sip:vm@" + Registrar + ":5060;transport=udp>\r\n" +
                         "Event: message-summary\r\n" +
                         (state == null ? "" : "Subscription-State: " + state + "\r\n") +
                         (contentType == null ? "" : "Content-Type: " + contentType + "\r\n") +
                         "Content-Length: " + (body == null ? 0 : Encoding.UTF8.GetBytes(body).Length).ToString() + "\r\n\r\n" +
                         (body == null ? "" : body);
            Feed(msg);
        }

        public void Feed(string msg)
        {
            byte[] b = Encoding.UTF8.GetBytes(msg);
            Transport.OnDatagram(b, 0, b.Length, Registrar, 5060, Now);
            Drain();
        }

        private string Last(string prefix)
        {
            for (int i = Sent.Count - 1; i >= 0; i--)
            {
                string s = (string)Sent[i];
                if (s.StartsWith(prefix)) return s;
            }

            return null;
        }

        private int Count(string prefix)
        {
            int n = 0;
            for (int i = 0; i < Sent.Count; i++)
            {
                if (((string)Sent[i]).StartsWith(prefix)) n++;
            }

            return n;
        }

        // ---- ISipMwiListener

        public void OnMessageSummary(MessageSummary s, long nowMs)
        {
            Summaries.Add(new MessageSummaryCopy(s));
        }

        // ---- ISipTransactionUser: as PhoneCore routes them.

        public void OnRequest(SipTransaction tx, SipMessage request, SipSource source, long nowMs)
        {
            Mwi.OnRequest(tx, request, nowMs);
        }

        public void OnResponse(SipTransaction tx, SipMessage response, long nowMs)
        {
            Mwi.OnResponse(tx, response, nowMs);
        }

        public void OnTimeout(SipTransaction tx, long nowMs)
        {
            Mwi.OnTimeout(tx, nowMs);
        }

        public void OnTransportError(SipTransaction tx, long nowMs)
        {
            Mwi.OnTransportError(tx, nowMs);
        }

        public void OnMalformedRequest(SipMessage head, SipError error, SipSource source, long nowMs)
        {
        }

        public void OnFlowFailed(int connectionId, long nowMs)
        {
        }
    }

    /// <summary>What one summary said (the subscription refills its instance).</summary>
    internal sealed class MessageSummaryCopy
    {
        public readonly bool Waiting;
        public readonly int New;
        public readonly int Old;

        public MessageSummaryCopy(MessageSummary s)
        {
            Waiting = s.MessagesWaiting;
            New = s.NewMessages;
            Old = s.OldMessages;
        }
    }
}
