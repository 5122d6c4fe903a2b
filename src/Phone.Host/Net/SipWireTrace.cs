using System;
using System.Text;
using Phone.Sip;

namespace Phone.Host.Net
{
    /// <summary>
    /// Ladder entries from what crosses a SIP link: an outbound message's bytes (start line and CSeq method), or a
    /// message framed from a stream or taken from a datagram (parsed by the phone's own SipParser). Bodies are never
    /// kept.
    /// </summary>
    public sealed class SipWireTrace
    {
        private readonly SipStreamFramer _framer = new SipStreamFramer();
        private readonly SipMessage _message = new SipMessage();

        /// <summary>An entry for one whole message's bytes; null when they do not start like a SIP message.</summary>
        public static SipTraceEntry FromBytes(byte[] data, int offset, int count, bool outbound, SipTransportKind kind, string remote, long atMs)
        {
            if (data == null || count < 12) return null;
            var span = new ReadOnlySpan<byte>(data, offset, Math.Min(count, SipLimits.MaxMessageSize));
            int eol = span.IndexOf((byte)13);
            if (eol <= 0) return null;
            string line = Encoding.ASCII.GetString(span.Slice(0, eol));
            var e = new SipTraceEntry { AtMs = atMs, Outbound = outbound, Transport = kind, Remote = remote };
            if (line.StartsWith("SIP/2.0 ", StringComparison.Ordinal))
            {
                string[] parts = line.Split(' ', 3);
                if (parts.Length < 2 || !int.TryParse(parts[1], out int status)) return null;
                e.Status = status;
                e.Reason = parts.Length > 2 ? parts[2] : "";
                e.Method = CSeqMethod(Encoding.ASCII.GetString(span));
            }
            else
            {
                int sp = line.IndexOf(' ');
                if (sp <= 0) return null;
                e.IsRequest = true;
                e.Method = line.Substring(0, sp);
            }

            return e;
        }

        /// <summary>Feeds stream bytes; calls found for each whole message they complete.</summary>
        public void FeedStream(byte[] data, int offset, int count, SipTransportKind kind, string remote, long atMs, Action<SipTraceEntry> found)
        {
            while (count > 0 && !_framer.Broken)
            {
                int taken = _framer.Feed(data, offset, count);
                offset += taken;
                count -= taken;
                SipError err;
                while ((err = _framer.Next(_message)) != SipError.Incomplete && !_framer.Broken)
                {
                    if (err == SipError.Ok) found(FromMessage(_message, kind, remote, atMs));
                }

                if (taken == 0) break;
            }
        }

        private static SipTraceEntry FromMessage(SipMessage m, SipTransportKind kind, string remote, long atMs)
        {
            var e = new SipTraceEntry { AtMs = atMs, Outbound = false, Transport = kind, Remote = remote, IsRequest = m.IsRequest };
            if (m.IsRequest)
            {
                e.Method = m.Method;
            }
            else
            {
                e.Status = m.StatusCode;
                e.Reason = m.ReasonPhrase;
                string cseq = m.GetValue(SipHeader.CSeq);
                string[] p = cseq == null ? new string[0] : cseq.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                e.Method = p.Length > 1 ? p[1] : "";
            }

            return e;
        }

        private static string CSeqMethod(string message)
        {
            foreach (string l in message.Split("\r\n"))
            {
                if (l.Length == 0) break;
                if (l.StartsWith("CSeq:", StringComparison.OrdinalIgnoreCase))
                {
                    string[] p = l.Substring(5).Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return p.Length > 1 ? p[1] : "";
                }
            }

            return "";
        }
    }
}
