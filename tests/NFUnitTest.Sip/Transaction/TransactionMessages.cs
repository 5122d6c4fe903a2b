using nanoFramework.TestFramework;

namespace Phone.Tests.Sip.Transaction
{
    /// <summary>Requests and responses written out for the transaction tests (RFC 3261 §7, §8.1.1, §8.2.6).</summary>
    internal static class TransactionMessages
    {
        public const string Server = "198.51.100.1";

        /// <summary>A REGISTER from us (192.0.2.10) with rport requested (RFC 3581 §3).</summary>
        public static string Register(string transport, string branch)
        {
            return "REGISTER sip:example.com SIP/2.0\r\n" +
                   "Via: SIP/2.0/" + transport + " 192.0.2.10:5060;rport;branch=" + branch + "\r\n" +
                   "Max-Forwards: 70\r\n" +
                   "To: <sip:alice@example.com>\r\n" +
                   "From: <sip:alice@example.com>;tag=a1\r\n" +
                   "Call-ID: reg1@192.0.2.10\r\n" +
                   "CSeq: 1 REGISTER\r\n" +
                   "Contact: <sip:alice@192.0.2.10:5060>\r\n" +
                   "Content-Length: 0\r\n\r\n";
        }

        /// <summary>An INVITE from us, with a Route header the ACK for a non-2xx must repeat (§17.1.1.3).</summary>
        public static string Invite(string transport, string branch)
        {
            return "INVITE sip:bob@example.com SIP/2.0\r\n" +
                   "Via: SIP/2.0/" + transport + " 192.0.2.10:5060;rport;branch=" + branch + "\r\n" +
                   "Max-Forwards: 70\r\n" +
                   "Route: <sip:proxy.example.com;lr>\r\n" +
                   "To: <sip:bob@example.com>\r\n" +
                   "From: <sip:alice@example.com>;tag=a2\r\n" +
                   "Call-ID: call1@192.0.2.10\r\n" +
                   "CSeq: 10 INVITE\r\n" +
                   "Contact: <sip:alice@192.0.2.10:5060>\r\n" +
                   "Content-Length: 0\r\n\r\n";
        }

        /// <summary>The CANCEL for Invite (RFC 3261 §9.1): same branch, Request-URI, Call-ID, From, To and CSeq number.</summary>
        public static string Cancel(string transport, string branch)
        {
            return "CANCEL sip:bob@example.com SIP/2.0\r\n" +
                   "Via: SIP/2.0/" + transport + " 192.0.2.10:5060;rport;branch=" + branch + "\r\n" +
                   "Max-Forwards: 70\r\n" +
                   "Route: <sip:proxy.example.com;lr>\r\n" +
                   "To: <sip:bob@example.com>\r\n" +
                   "From: <sip:alice@example.com>;tag=a2\r\n" +
                   "Call-ID: call1@192.0.2.10\r\n" +
                   "CSeq: 10 CANCEL\r\n" +
                   "Content-Length: 0\r\n\r\n";
        }

        /// <summary>A response to one of our requests, with the server's received/rport additions.</summary>
        public static string Response(int code, string reason, string transport, string branch, string cseq, string viaExtra, string to)
        {
            return "SIP/2.0 " + code.ToString() + " " + reason + "\r\n" +
                   "Via: SIP/2.0/" + transport + " 192.0.2.10:5060;rport" + viaExtra + ";branch=" + branch + "\r\n" +
                   "To: " + to + "\r\n" +
                   "From: <sip:alice@example.com>;tag=a2\r\n" +
                   "Call-ID: call1@192.0.2.10\r\n" +
                   "CSeq: " + cseq + "\r\n" +
                   "Content-Length: 0\r\n\r\n";
        }

        /// <summary>A response to Register.</summary>
        public static string RegisterResponse(int code, string reason, string transport, string branch, string viaExtra)
        {
            return "SIP/2.0 " + code.ToString() + " " + reason + "\r\n" +
                   "Via: SIP/2.0/" + transport + " 192.0.2.10:5060;rport" + viaExtra + ";branch=" + branch + "\r\n" +
                   "To: <sip:alice@example.com>;tag=s1\r\n" +
                   "From: <sip:alice@example.com>;tag=a1\r\n" +
                   "Call-ID: reg1@192.0.2.10\r\n" +
                   "CSeq: 1 REGISTER\r\n" +
                   "Content-Length: 0\r\n\r\n";
        }

        /// <summary>A request to us from the proxy (198.51.100.1), Via sent-by proxy.example.com:5070.</summary>
        public static string Incoming(string method, string transport, string viaParams, string toTag, string cseqMethod)
        {
            return method + " sip:alice@192.0.2.10:5060 SIP/2.0\r\n" +
                   "Via: SIP/2.0/" + transport + " proxy.example.com:5070" + viaParams + "\r\n" +
                   "Max-Forwards: 69\r\n" +
                   "To: <sip:alice@example.com>" + (toTag == null ? "" : ";tag=" + toTag) + "\r\n" +
                   "From: Bob <sip:bob@example.org>;tag=b9\r\n" +
                   "Call-ID: in1@proxy.example.com\r\n" +
                   "CSeq: 7 " + cseqMethod + "\r\n" +
                   "Content-Length: 0\r\n\r\n";
        }

        /// <summary>A response we send to Incoming (the To tag added per §8.2.6.2).</summary>
        public static string Answer(int code, string reason, string transport, string viaParams, string cseqMethod)
        {
            return "SIP/2.0 " + code.ToString() + " " + reason + "\r\n" +
                   "Via: SIP/2.0/" + transport + " proxy.example.com:5070" + viaParams + "\r\n" +
                   "To: <sip:alice@example.com>;tag=u1\r\n" +
                   "From: Bob <sip:bob@example.org>;tag=b9\r\n" +
                   "Call-ID: in1@proxy.example.com\r\n" +
                   "CSeq: 7 " + cseqMethod + "\r\n" +
                   "Content-Length: 0\r\n\r\n";
        }

        public static void AssertTimes(long[] expected, long[] actual, string what)
        {
            string e = Join(expected);
            string a = Join(actual);
            Assert.AreEqual(e, a, what);
        }

        private static string Join(long[] t)
        {
            string s = "";
            for (int i = 0; i < t.Length; i++)
            {
                s = i == 0 ? t[i].ToString() : s + "," + t[i].ToString();
            }

            return s;
        }
    }
}
