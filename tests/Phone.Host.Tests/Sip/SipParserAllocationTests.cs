using System;
using System.Diagnostics;
using System.Text;
using Phone.Sip;
using Xunit;
using Xunit.Abstractions;

namespace Phone.Host.Tests.Sip
{
    /// <summary>
    /// What one parse costs on the heap and in time, with the SipMessage reused as the device would. Header
    /// offsets cost nothing; the strings come from validating Via/From/To/Contact parameters.
    /// </summary>
    public class SipParserAllocationTests
    {
        private readonly ITestOutputHelper _out;

        public SipParserAllocationTests(ITestOutputHelper output)
        {
            _out = output;
        }

        private const string Invite =
            "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds;rport\r\n" +
            "Max-Forwards: 70\r\n" +
            "To: Bob <sip:bob@biloxi.example.com>\r\n" +
            "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n" +
            "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n" +
            "CSeq: 314159 INVITE\r\n" +
            "Contact: <sip:alice@pc33.atlanta.example.com>\r\n" +
            "Content-Type: application/sdp\r\n" +
            "Content-Length: 4\r\n\r\nv=0\n";

        [Fact]
        public void ParseOfATypicalInviteAllocatesLittle()
        {
            byte[] b = Encoding.ASCII.GetBytes(Invite);
            var m = new SipMessage();
            Assert.Equal(SipError.Ok, SipParser.Parse(b, 0, b.Length, false, m));
            const int n = 10_000;
            long before = GC.GetAllocatedBytesForCurrentThread();
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < n; i++)
            {
                SipParser.Parse(b, 0, b.Length, false, m);
            }

            sw.Stop();
            long perParse = (GC.GetAllocatedBytesForCurrentThread() - before) / n;
            _out.WriteLine(perParse + " bytes and " + (sw.Elapsed.TotalMilliseconds * 1000 / n).ToString("F1") + " µs per parse of a " + b.Length + "-byte INVITE");

            // Measured about 2.6 KB (the strings of Via/From/To/Contact/CSeq validation); the bound catches per-byte
            // allocation, and the head scan (start line, header offsets, Content-Length) must allocate nothing.
            Assert.True(perParse < 4096, perParse + " bytes per parse");

            Assert.Equal(0, SteadyAllocation.Least(() =>
            {
                for (int i = 0; i < n; i++)
                {
                    SipParser.ParseHead(b, 0, b.Length, m);
                }
            }));
        }

        [Fact]
        public void ErrorHeadsAndTheOversizeSkipAllocateNothing()
        {
            // The heads kept for an answer (505, 400 for a bad Content-Length, 513 over the bound) and the framer
            // discarding an over-limit body are scans over offsets too.
            byte[][] heads =
            {
                Encoding.ASCII.GetBytes(Invite.Replace("SIP/2.0\r\nVia", "SIP/3.0\r\nVia")),
                Encoding.ASCII.GetBytes(Invite.Replace("Content-Length: 4", "Content-Length: 4294967296")),
                Encoding.ASCII.GetBytes(Invite.Replace("Content-Length: 4\r\n\r\nv=0\n", "Content-Length: 9000\r\n\r\n" + new string('x', 9000))),
            };
            var m = new SipMessage();
            foreach (byte[] h in heads)
            {
                Assert.NotEqual(SipError.Ok, SipParser.ParseHead(h, 0, h.Length, m));
                Assert.True(m.HeadLength > 0);
            }

            byte[] big = heads[2];
            var framer = new SipStreamFramer();
            const int n = 1_000;
            Assert.Equal(0, SteadyAllocation.Least(() =>
            {
                for (int i = 0; i < n; i++)
                {
                    foreach (byte[] h in heads)
                    {
                        SipParser.ParseHead(h, 0, h.Length, m);
                    }

                    for (int at = 0; at < big.Length;)
                    {
                        at += framer.Feed(big, at, big.Length - at);
                        while (framer.Next(m) != SipError.Incomplete && !framer.Broken)
                        {
                        }
                    }
                }
            }));
            Assert.False(framer.Broken);
        }
    }
}
