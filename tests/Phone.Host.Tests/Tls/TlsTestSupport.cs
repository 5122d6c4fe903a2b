using System;
using System.IO;
using System.Text;
using Phone.Config;
using Phone.Host.Net;
using Phone.Host.Tests.Interop;

namespace Phone.Host.Tests.Tls
{
    internal static class TlsTestSupport
    {
        public static TlsSettings Settings(string caPath, bool verifyHostname = true, TlsVersion min = TlsVersion.Tls12) =>
            new TlsSettings { Ca = caPath, CaIsPem = false, VerifyHostname = verifyHostname, MinVersion = min };

        public static string CertsDir(KamailioRig rig) => Path.GetDirectoryName(rig.CaPath);

        public static byte[] Options(string transport, string local, int targetPort, string uriParams = "")
        {
            string branch = "z9hG4bK" + Guid.NewGuid().ToString("N").Substring(0, 12);
            string text = "OPTIONS sip:127.0.0.1:" + targetPort + uriParams + " SIP/2.0\r\n"
                + "Via: SIP/2.0/" + transport + " " + local + ";branch=" + branch + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:probe@127.0.0.1>;tag=" + branch.Substring(7) + "\r\n"
                + "To: <sip:127.0.0.1>\r\n"
                + "Call-ID: " + branch + "@127.0.0.1\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Content-Length: 0\r\n\r\n";
            return Encoding.ASCII.GetBytes(text);
        }
    }
}
