using System.Collections;
using System.Text;
using Phone.Sip;
using Phone.Sip.Transaction;
using Phone.Sip.Transport;

namespace Phone.Tests.Sip.Transaction
{
    /// <summary>
    /// Fake adapter and fake TU around a transport and a transaction layer: records every action (drained after
    /// each call) and every TU event as text, and steps the virtual clock from deadline to deadline.
    /// </summary>
    internal sealed class TransactionHarness : ISipTransactionUser
    {
        public readonly SipTransport Transport;
        public readonly SipTransactionLayer Layer;
        public readonly SipRequestPolicy Policy;
        public readonly ArrayList Sent = new ArrayList();
        public readonly ArrayList Events = new ArrayList();
        public readonly ArrayList EventTimes = new ArrayList();
        public SipTransaction LastServerTx;
        public SipTransaction LastEventTx;
        public long Now;

        public TransactionHarness(bool withPolicy)
            : this(withPolicy, 16)
        {
        }

        public TransactionHarness(bool withPolicy, int maxTransactions)
        {
            Transport = new SipTransport(2, 64);
            Layer = new SipTransactionLayer(Transport, new DigestTestEntropy(null, 1), new SipTimerSettings(), maxTransactions);
            Layer.LocalHost = "192.0.2.10";
            Layer.LocalPort = 5060;
            if (withPolicy)
            {
                Policy = new SipRequestPolicy(Layer, this);
                Layer.User = Policy;
            }
            else
            {
                Layer.User = this;
            }
        }

        public static byte[] Bytes(string text)
        {
            return Encoding.UTF8.GetBytes(text);
        }

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

        /// <summary>Advances the clock to t, stopping at every deadline on the way, as the adapter's loop does.</summary>
        public void RunTo(long t)
        {
            while (true)
            {
                long d = Layer.NextDeadlineMs;
                if (d > t)
                {
                    break;
                }

                if (d > Now)
                {
                    Now = d;
                }

                Layer.AdvanceTo(Now);
                Drain();
            }

            Now = t;
            Layer.AdvanceTo(t);
            Drain();
        }

        public SipTransaction Request(string text, SipTransportKind kind, string host, int port, string serverName)
        {
            SipTransaction tx;
            byte[] b = Bytes(text);
            SipTransactionStatus s = Layer.SendRequest(b, 0, b.Length, kind, host, port, serverName, Now, out tx);
            Assert(s == SipTransactionStatus.Ok, "SendRequest " + ((int)s).ToString());
            Drain();
            return tx;
        }

        public SipTransactionStatus Respond(SipTransaction tx, string text)
        {
            byte[] b = Bytes(text);
            SipTransactionStatus s = Layer.SendResponse(tx, b, 0, b.Length, Now);
            Drain();
            return s;
        }

        public void Datagram(string text, string host, int port)
        {
            byte[] b = Bytes(text);
            Transport.OnDatagram(b, 0, b.Length, host, port, Now);
            Drain();
        }

        public void StreamData(int connectionId, string text)
        {
            byte[] b = Bytes(text);
            Transport.OnStreamData(connectionId, b, 0, b.Length, Now);
            Drain();
        }

        public void Connected(int connectionId)
        {
            Transport.OnConnected(connectionId, Now);
            Drain();
        }

        public SentRecord SentAt(int i)
        {
            return (SentRecord)Sent[i];
        }

        public SentRecord LastSent
        {
            get { return Sent.Count == 0 ? null : (SentRecord)Sent[Sent.Count - 1]; }
        }

        public string EventAt(int i)
        {
            return (string)Events[i];
        }

        public long EventTime(int i)
        {
            return (long)EventTimes[i];
        }

        /// <summary>Times of the recorded actions whose start line begins with prefix.</summary>
        public long[] TimesOf(string prefix)
        {
            int n = 0;
            for (int i = 0; i < Sent.Count; i++)
            {
                string f = SentAt(i).FirstLine;
                if (f != null && f.StartsWith(prefix)) n++;
            }

            long[] t = new long[n];
            n = 0;
            for (int i = 0; i < Sent.Count; i++)
            {
                string f = SentAt(i).FirstLine;
                if (f != null && f.StartsWith(prefix)) t[n++] = SentAt(i).Time;
            }

            return t;
        }

        public int CountSent(string prefix)
        {
            return TimesOf(prefix).Length;
        }

        private void Record(string e, SipTransaction tx, long nowMs)
        {
            Events.Add(e);
            EventTimes.Add(nowMs);
            LastEventTx = tx;
        }

        public void OnRequest(SipTransaction tx, SipMessage request, SipSource source, long nowMs)
        {
            if (tx != null && !request.IsMethod("ACK"))
            {
                LastServerTx = tx;
            }

            Record("request " + request.Method + (tx == null ? " (no tx)" : ""), tx, nowMs);
        }

        public void OnResponse(SipTransaction tx, SipMessage response, long nowMs)
        {
            Record("response " + response.StatusCode.ToString() + " " + response.GetValue(SipHeader.CSeq), tx, nowMs);
        }

        public void OnTimeout(SipTransaction tx, long nowMs)
        {
            Record("timeout " + tx.Method, tx, nowMs);
        }

        public void OnTransportError(SipTransaction tx, long nowMs)
        {
            Record("transport-error " + tx.Method, tx, nowMs);
        }

        public void OnMalformedRequest(SipMessage head, SipError error, SipSource source, long nowMs)
        {
            Record("malformed", null, nowMs);
        }

        public void OnFlowFailed(int connectionId, long nowMs)
        {
            Record("flow-failed " + connectionId.ToString(), null, nowMs);
        }

        private static void Assert(bool ok, string what)
        {
            nanoFramework.TestFramework.Assert.IsTrue(ok, what);
        }
    }
}
