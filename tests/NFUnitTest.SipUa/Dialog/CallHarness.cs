using System.Collections;
using System.Text;
using Phone.Call;
using Phone.Config;
using Phone.Sdp;
using Phone.Sip;
using Phone.Sip.Dialog;
using Phone.Sip.Transaction;
using Phone.Sip.Transport;
using Phone.Tests.Sip.Transaction;
using Phone.Media;

namespace Phone.Tests.Sip.Dialog
{
    /// <summary>
    /// A fake adapter around SipTransport + SipTransactionLayer + SipRequestPolicy + SipCallAgent on a virtual
    /// clock: records every transport action, every phone event and media change, and feeds peer messages
    /// written out by the tests (modelled on RFC 3665 and RFC 3261 §24 flows).
    /// </summary>
    internal sealed class CallHarness : ISipTransactionUser, ISipCallListener
    {
        public const string Local = "192.0.2.10";
        public const int LocalPort = 5060;
        public const string Peer = "192.0.2.20";
        public const int PeerPort = 5060;
        public const int FirstRtpPort = 40000;

        public readonly SipTransport Transport;
        public readonly SipTransactionLayer Layer;
        public readonly SipRequestPolicy Policy;
        public readonly SipCallAgent Agent;
        public readonly PhoneConfig Config = new PhoneConfig();
        public readonly ArrayList Sent = new ArrayList();
        public readonly ArrayList Events = new ArrayList();

        /// <summary>RequestRejected reports (log-only), kept apart so Events holds what the phone acts on.</summary>
        public readonly ArrayList Rejected = new ArrayList();
        public readonly ArrayList Media = new ArrayList();
        public readonly ArrayList MediaLog = new ArrayList();
        public long Now;

        public CallHarness(SipTransportKind transport, SrtpMode srtp, string registrar, string proxy, int maxCalls)
        {
            Config.Sip.Domain = registrar == null ? null : "example.com";
            Config.Sip.Registrar = registrar;
            Config.Sip.OutboundProxy = proxy;
            Config.Sip.User = "1001";
            Config.Sip.AuthUser = "1001";
            Config.Sip.Password = "secret-pw";
            Config.Sip.DisplayName = "Desk";
            Config.Sip.Transport = transport;
            Config.Sip.Port = transport == SipTransportKind.Tls ? 5061 : 5060;
            Config.Srtp.Mode = srtp;
            Transport = new SipTransport(4, 128);
            Layer = new SipTransactionLayer(Transport, new DigestTestEntropy(null, 1), new SipTimerSettings(), 16);
            Layer.LocalHost = Local;
            Layer.LocalPort = LocalPort;
            Policy = new SipRequestPolicy(Layer, this);
            Layer.User = Policy;
            Agent = new SipCallAgent(Layer, Config.Sip, Config.Srtp, Config.Audio, new DigestTestEntropy(null, 40), Local, FirstRtpPort, maxCalls);
            Agent.Listener = this;
        }

        public static CallHarness Udp()
        {
            return new CallHarness(SipTransportKind.Udp, SrtpMode.Off, null, null, 2);
        }

        // ---------------------------------------------------------------- clock and I/O

        public void Drain()
        {
            TransportAction a;
            while ((a = Transport.Actions.Dequeue()) != null)
            {
                SentRecord r = new SentRecord();
                r.Time = Now;
                r.Kind = a.Kind;
                r.ConnectionId = a.ConnectionId;
                r.Transport = a.Transport;
                r.Host = a.Host;
                r.Port = a.Port;
                r.ServerName = a.ServerName;
                r.Text = a.Data == null ? null : Encoding.UTF8.GetString(a.Data, a.Offset, a.Count);
                Sent.Add(r);
            }
        }

        public long NextDeadline
        {
            get
            {
                long a = Layer.NextDeadlineMs;
                long b = Agent.NextDeadlineMs;
                return a < b ? a : b;
            }
        }

        /// <summary>Steps the clock to t through every deadline, as the host pump does.</summary>
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
                Agent.AdvanceTo(Now);
                Drain();
            }

            Now = t;
            Layer.AdvanceTo(t);
            Agent.AdvanceTo(t);
            Drain();
        }

        /// <summary>A datagram from the peer (UDP).</summary>
        public void FromPeer(string text)
        {
            byte[] b = Encoding.UTF8.GetBytes(text);
            Transport.OnDatagram(b, 0, b.Length, Peer, PeerPort, Now);
            Drain();
        }

        public void FromStream(int connectionId, string text)
        {
            byte[] b = Encoding.UTF8.GetBytes(text);
            Transport.OnStreamData(connectionId, b, 0, b.Length, Now);
            Drain();
        }

        public void Place(int callId, string uri)
        {
            PhoneCommand c = new PhoneCommand();
            c.Kind = PhoneCommandKind.PlaceCall;
            c.CallId = callId;
            c.Uri = uri;
            SipCallBridge.Execute(Agent, c, Now);
            Drain();
        }

        public void Command(PhoneCommandKind kind, int callId, int status, bool on)
        {
            PhoneCommand c = new PhoneCommand();
            c.Kind = kind;
            c.CallId = callId;
            c.Status = status;
            c.On = on;
            SipCallBridge.Execute(Agent, c, Now);
            Drain();
        }

        // ---------------------------------------------------------------- looking at what was sent

        public SentRecord SentAt(int i)
        {
            return (SentRecord)Sent[i];
        }

        /// <summary>The last message whose start line begins with prefix (e.g. "INVITE ", "SIP/2.0 200"), or null.</summary>
        public string Last(string prefix)
        {
            SentRecord r = LastRecord(prefix);
            return r == null ? null : r.Text;
        }

        public SentRecord LastRecord(string prefix)
        {
            for (int i = Sent.Count - 1; i >= 0; i--)
            {
                SentRecord r = SentAt(i);
                if (r.Text != null && r.Text.StartsWith(prefix))
                {
                    return r;
                }
            }

            return null;
        }

        /// <summary>The last response whose CSeq method is method and status starts with statusPrefix.</summary>
        public string LastResponse(string statusPrefix, string method)
        {
            for (int i = Sent.Count - 1; i >= 0; i--)
            {
                string t = SentAt(i).Text;
                if (t != null && t.StartsWith("SIP/2.0 " + statusPrefix))
                {
                    string cseq = Header(t, "CSeq");
                    if (cseq != null && cseq.EndsWith(" " + method))
                    {
                        return t;
                    }
                }
            }

            return null;
        }

        public int Count(string prefix)
        {
            int n = 0;
            for (int i = 0; i < Sent.Count; i++)
            {
                string t = SentAt(i).Text;
                if (t != null && t.StartsWith(prefix)) n++;
            }

            return n;
        }

        /// <summary>Send times of the messages starting with prefix.</summary>
        public long[] TimesOf(string prefix)
        {
            long[] t = new long[Count(prefix)];
            int n = 0;
            for (int i = 0; i < Sent.Count; i++)
            {
                SentRecord r = SentAt(i);
                if (r.Text != null && r.Text.StartsWith(prefix)) t[n++] = r.Time;
            }

            return t;
        }

        /// <summary>The value of the first header called name, or null.</summary>
        public static string Header(string message, string name)
        {
            return HeaderAt(message, name, 0);
        }

        /// <summary>The value of the n-th header line called name, or null.</summary>
        public static string HeaderAt(string message, string name, int n)
        {
            if (message == null)
            {
                return null;
            }

            int end = message.IndexOf("\r\n\r\n");
            string key = "\r\n" + name + ": ";
            int from = 0;
            for (int k = 0; ; k++)
            {
                int at = message.IndexOf(key, from);
                if (at < 0 || (end >= 0 && at > end))
                {
                    return null;
                }

                int s = at + key.Length;
                int e = message.IndexOf("\r\n", s);
                if (k == n)
                {
                    return message.Substring(s, e - s);
                }

                from = e;
            }
        }

        /// <summary>message with every occurrence of what replaced by with (string.Replace is not on the device).</summary>
        public static string Swap(string message, string what, string with)
        {
            string r = "";
            int from = 0;
            while (true)
            {
                int at = message.IndexOf(what, from);
                if (at < 0)
                {
                    return r + message.Substring(from);
                }

                r += message.Substring(from, at - from) + with;
                from = at + what.Length;
            }
        }

        public static string Body(string message)
        {
            int at = message.IndexOf("\r\n\r\n");
            return at < 0 ? "" : message.Substring(at + 4);
        }

        public static string RequestUri(string message)
        {
            int s = message.IndexOf(' ');
            int e = message.IndexOf(' ', s + 1);
            return message.Substring(s + 1, e - s - 1);
        }

        /// <summary>The branch parameter of the top Via.</summary>
        public static string Branch(string message)
        {
            string via = Header(message, "Via");
            int at = via.IndexOf("branch=");
            string b = via.Substring(at + 7);
            int semi = b.IndexOf(';');
            return semi < 0 ? b : b.Substring(0, semi);
        }

        public static string Tag(string nameAddr)
        {
            int at = nameAddr.IndexOf(";tag=");
            if (at < 0)
            {
                return null;
            }

            string t = nameAddr.Substring(at + 5);
            int semi = t.IndexOf(';');
            return semi < 0 ? t : t.Substring(0, semi);
        }

        // ---------------------------------------------------------------- writing the peer's messages

        /// <summary>
        /// A response to request (text we sent) as RFC 3261 §8.2.6.2 prescribes: Via (with received), From, To (with
        /// toTag when given), Call-ID and CSeq copied, then extra header lines and the body.
        /// </summary>
        public static string ResponseTo(string request, string statusLine, string toTag, string extra, string sdp)
        {
            string to = Header(request, "To");
            if (toTag != null && Tag(to) == null)
            {
                to = to + ";tag=" + toTag;
            }

            string msg = "SIP/2.0 " + statusLine + "\r\n" +
                         "Via: " + Header(request, "Via") + ";received=" + Local + "\r\n" +
                         "From: " + Header(request, "From") + "\r\n" +
                         "To: " + to + "\r\n" +
                         "Call-ID: " + Header(request, "Call-ID") + "\r\n" +
                         "CSeq: " + Header(request, "CSeq") + "\r\n" +
                         (extra == null ? "" : extra);
            return WithBody(msg, sdp);
        }

        public static string WithBody(string head, string sdp)
        {
            if (sdp == null)
            {
                return head + "Content-Length: 0\r\n\r\n";
            }

            return head + "Content-Type: application/sdp\r\nContent-Length: " + Encoding.UTF8.GetBytes(sdp).Length.ToString() +
                   "\r\n\r\n" + sdp;
        }

        /// <summary>The peer's SDP (RFC 4317 §2.1 style audio offer or answer) with a direction attribute.</summary>
        public static string PeerSdp(int version, string direction)
        {
            return "v=0\r\n" +
                   "o=bob 2808844564 " + version.ToString() + " IN IP4 " + Peer + "\r\n" +
                   "s=-\r\n" +
                   "c=IN IP4 " + Peer + "\r\n" +
                   "t=0 0\r\n" +
                   "m=audio 49172 RTP/AVP 0 101\r\n" +
                   "a=rtpmap:0 PCMU/8000\r\n" +
                   "a=rtpmap:101 telephone-event/8000\r\n" +
                   "a=fmtp:101 0-15\r\n" +
                   "a=" + direction + "\r\n";
        }

        public PhoneEvent EventAt(int i)
        {
            return (PhoneEvent)Events[i];
        }

        public PhoneEvent LastEvent
        {
            get { return Events.Count == 0 ? null : (PhoneEvent)Events[Events.Count - 1]; }
        }

        public int CountEvents(PhoneEventKind kind)
        {
            int n = 0;
            for (int i = 0; i < Events.Count; i++)
            {
                if (EventAt(i).Kind == kind) n++;
            }

            return n;
        }

        public SdpNegotiationResult LastMedia
        {
            get { return Media.Count == 0 ? null : (SdpNegotiationResult)Media[Media.Count - 1]; }
        }

        // ---------------------------------------------------------------- ISipCallListener

        public void OnCallEvent(SipCallEvent e, long nowMs)
        {
            PhoneEvent p = SipCallBridge.ToPhoneEvent(e);
            if (p.Kind == PhoneEventKind.RequestRejected) Rejected.Add(p);
            else Events.Add(p);
        }

        public void OnMediaUpdate(int callId, SdpNegotiationResult media, long nowMs)
        {
            Media.Add(media);
            MediaLog.Add("update " + callId.ToString());
        }

        public void OnMediaStop(int callId, long nowMs)
        {
            MediaLog.Add("stop " + callId.ToString());
        }

        // ---------------------------------------------------------------- ISipTransactionUser: the host's dispatcher

        public void OnRequest(SipTransaction tx, SipMessage request, SipSource source, long nowMs)
        {
            Agent.OnRequest(tx, request, source, nowMs);
        }

        public void OnResponse(SipTransaction tx, SipMessage response, long nowMs)
        {
            Agent.OnResponse(tx, response, nowMs);
        }

        public void OnTimeout(SipTransaction tx, long nowMs)
        {
            Agent.OnTimeout(tx, nowMs);
        }

        public void OnTransportError(SipTransaction tx, long nowMs)
        {
            Agent.OnTransportError(tx, nowMs);
        }

        public void OnMalformedRequest(SipMessage head, SipError error, SipSource source, long nowMs)
        {
        }

        public void OnFlowFailed(int connectionId, long nowMs)
        {
        }
    }
}
