using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;
using Phone.Sip;
using Xunit;
using Xunit.Abstractions;

namespace Phone.Host.Tests.Sip
{
    /// <summary>
    /// Mutation fuzzing of the SIP parser, its typed accessors, the writer and the stream framer: bit flips,
    /// byte edits, truncations, splices, duplicated and oversized headers, structural characters and random
    /// bytes. Asserts that nothing throws, the parser's own safety net never fires (InternalError), allocation per
    /// input stays bounded and no input takes long. CI runs 100,000 inputs with a fixed seed; set
    /// PHONE_FUZZ_INPUTS (and optionally PHONE_FUZZ_SEED) for a long run.
    /// </summary>
    public class SipParserFuzzTests
    {
        private const int CiInputs = 100_000;
        private const long MaxAllocatedBytesPerInput = 1_000_000;
        private const double MaxMillisecondsPerInput = 500;

        private readonly ITestOutputHelper _out;

        public SipParserFuzzTests(ITestOutputHelper output)
        {
            _out = output;
        }

        private static readonly string[] Seeds =
        {
            "INVITE sip:bob@biloxi.example.com;transport=tcp SIP/2.0\r\n" +
            "Via: SIP/2.0/TCP client.atlanta.example.com:5060;branch=z9hG4bK74bf9;rport;received=192.0.2.101\r\n" +
            "v: SIP/2.0/UDP relay.example.net ;branch=z9hG4bKr2 , SIP/2.0/UDP [2001:db8::9]:5070;branch=z9hG4bKr3;ttl=4;maddr=224.0.0.1\r\n" +
            "Max-Forwards: 70\r\n" +
            "From: \"Alice \\\"A\\\"\" <sip:alice:pw@atlanta.example.com;user=phone>;tag=9fxced76sl\r\n" +
            "t: Bob <sip:bob@biloxi.example.com>\r\n" +
            "i: 3848276298220188511@atlanta.example.com\r\n" +
            "CSeq: 2 INVITE\r\n" +
            "m: <sip:alice@client.atlanta.example.com;transport=tcp>;expires=60;q=0.5;+sip.instance=\"<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>\", sip:x@y.example.com\r\n" +
            "Proxy-Authorization: Digest username=\"alice\", realm=\"atlanta.example.com\", nonce=\"wf84f1cczx41ae6cbeaea9ce88d359\", uri=\"sip:bob@biloxi.example.com\", response=\"42ce3cef44b22f50c6a6071bc8\"\r\n" +
            "Allow: INVITE, ACK, CANCEL, OPTIONS, BYE\r\nk: replaces, outbound\r\nRequire: 100rel\r\n" +
            "User-Agent: Phone/1.0 (nanoFramework (ESP32))\r\n" +
            "Subject: folded\r\n value\r\n\there\r\n" +
            "c: application/sdp;charset=utf-8\r\n" +
            "l: 31\r\n\r\n" +
            "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\n",

            "SIP/2.0 401 Unauthorized\r\n" +
            "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKnashds7;rport=5060;received=198.51.100.1\r\n" +
            "To: <sip:100@example.com>;tag=abc\r\nFrom: <sip:100@example.com>;tag=456248\r\n" +
            "Call-ID: 843817637684230@998sdasdh09\r\nCSeq: 1826 REGISTER\r\n" +
            "WWW-Authenticate: Digest realm=\"example.com\", qop=\"auth\", nonce=\"ea9c8e88df84f1cec4341ae6cbe5a359\", opaque=\"\", stale=FALSE, algorithm=MD5\r\n" +
            "Min-Expires: 60\r\nUnsupported: foo\r\nContent-Length: 0\r\n\r\n",

            "REGISTER sip:registrar.example.com SIP/2.0\r\n" +
            "Via: SIP/2.0/TLS 10.0.0.5:5061;branch=z9hG4bK-1;alias\r\nMax-Forwards: 70\r\n" +
            "To: sip:%75ser@example.com\r\nFrom: caller<sip:user@example.com>;tag=1\r\nCall-ID: r@10.0.0.5\r\n" +
            "CSeq: 7 REGISTER\r\nContact: *\r\nExpires: 0\r\nAuthorization: Basic QWxhZGRpbjpvcGVu\r\nContent-Length: 0\r\n\r\n",

            "\r\n\r\nOPTIONS sip:user;par=u%40example.net@example.com SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP h.example.com;branch=z9hG4bKx\r\nMax-Forwards: 0\r\nTo: <sip:u@example.com>\r\n" +
            "From: <sip:v@example.com>;tag=2\r\nCall-ID: o@h\r\nCSeq: 1 OPTIONS\r\nX-Unknown: ;;,,\"q,\\\"\",<a,b>\r\n\r\n",

            "SIP/2.0 100 \r\nVia: SIP/2.0/TCP a.example.com;branch=z9hG4bK1\r\nTo: <sip:a@b.c>\r\nFrom: <sip:d@e.f>;tag=3\r\n" +
            "Call-ID: x\r\nCSeq: 4 INVITE\r\nContent-Length: 0\r\n\r\n"
        };

        private static readonly byte[] Interesting = Encoding.ASCII.GetBytes("\r\n \t:;,=\"\\<>()%@[]/?0123456789-*.sipSIP2");

        [Fact]
        public void MutatedMessagesNeverThrowAllocateBoundedAndFinishQuickly()
        {
            int inputs = CiInputs;
            string env = Environment.GetEnvironmentVariable("PHONE_FUZZ_INPUTS");
            if (!string.IsNullOrEmpty(env))
            {
                inputs = int.Parse(env);
            }

            int seed = 0x51F0;
            string seedEnv = Environment.GetEnvironmentVariable("PHONE_FUZZ_SEED");
            if (!string.IsNullOrEmpty(seedEnv))
            {
                seed = int.Parse(seedEnv);
            }

            var rng = new Random(seed);
            byte[][] seeds = new byte[Seeds.Length][];
            for (int i = 0; i < Seeds.Length; i++)
            {
                seeds[i] = Encoding.UTF8.GetBytes(Seeds[i]);
            }

            // Every seed is a valid message: the fuzzer starts from inputs that reach deep into the parser.
            var message = new SipMessage();
            foreach (byte[] s in seeds)
            {
                Assert.Equal(SipError.Ok, SipParser.Parse(s, 0, s.Length, false, message));
            }

            var framer = new SipStreamFramer();
            var results = new Dictionary<SipError, int>();
            long maxAlloc = 0;
            double maxMs = 0;
            var total = Stopwatch.StartNew();
            var one = new Stopwatch();
            byte[] output = new byte[SipLimits.MaxMessageSize * 2];
            for (int n = 0; n < inputs; n++)
            {
                byte[] input = Mutate(rng, seeds);
                long before = GC.GetAllocatedBytesForCurrentThread();
                one.Restart();
                SipError r;
                try
                {
                    r = Exercise(input, message, framer, output, rng);
                }
                catch (Exception ex)
                {
                    throw new Xunit.Sdk.XunitException("input " + n + " threw " + ex + "\ninput: " + Convert.ToHexString(input));
                }

                one.Stop();
                long alloc = GC.GetAllocatedBytesForCurrentThread() - before;
                double ms = one.Elapsed.TotalMilliseconds;
                Assert.True(r != SipError.InternalError, "input " + n + " tripped the parser's safety net: " + Convert.ToHexString(input));
                Assert.True(alloc < MaxAllocatedBytesPerInput, "input " + n + " allocated " + alloc + " bytes: " + Convert.ToHexString(input));
                if (ms > MaxMillisecondsPerInput && n > 100)
                {
                    // Re-run once so a GC pause or a descheduled thread is not mistaken for a slow input.
                    one.Restart();
                    Exercise(input, message, framer, output, rng);
                    one.Stop();
                    Assert.True(one.Elapsed.TotalMilliseconds < MaxMillisecondsPerInput, "input " + n + " took " + one.Elapsed.TotalMilliseconds + " ms: " + Convert.ToHexString(input));
                }

                maxAlloc = Math.Max(maxAlloc, alloc);
                maxMs = Math.Max(maxMs, n > 100 ? ms : 0);
                results[r] = results.TryGetValue(r, out int c) ? c + 1 : 1;
            }

            total.Stop();
            var summary = new StringBuilder();
            summary.Append(inputs).Append(" inputs in ").Append(total.Elapsed.TotalSeconds.ToString("F1")).Append(" s (")
                   .Append((inputs / total.Elapsed.TotalSeconds).ToString("F0")).Append("/s), seed ").Append(seed)
                   .Append(", max alloc ").Append(maxAlloc).Append(" B, max time ").Append(maxMs.ToString("F2")).Append(" ms\n");
            foreach (var kv in results)
            {
                summary.Append("  ").Append(kv.Key).Append(": ").Append(kv.Value).Append('\n');
            }

            _out.WriteLine(summary.ToString());
            Console.WriteLine(summary.ToString());

            // The mutations must still reach both verdicts, or the fuzzer has stopped testing anything.
            Assert.True(results.ContainsKey(SipError.Ok));
            Assert.True(results.Count > 10);
        }

        /// <summary>Parses as a datagram and a stream, runs every accessor and the writer on success, and frames the bytes in random chunks.</summary>
        private static SipError Exercise(byte[] input, SipMessage m, SipStreamFramer framer, byte[] output, Random rng)
        {
            SipError head = SipParser.ParseHead(input, 0, input.Length, m);
            SipParser.Parse(input, 0, input.Length, true, m);
            SipError r = SipParser.Parse(input, 0, input.Length, false, m);
            if (r == SipError.Ok || head == SipError.Ok)
            {
                if (r != SipError.Ok)
                {
                    SipParser.ParseHead(input, 0, input.Length, m);
                }

                Accessors(m, output);
            }

            framer.Reset();
            int at = 0;
            int guard = 0;
            while (at < input.Length && guard++ < 10_000)
            {
                int chunk = 1 + rng.Next(Math.Min(input.Length - at, rng.Next(2) == 0 ? 16 : 4096));
                int took = framer.Feed(input, at, chunk);
                at += took;
                while (true)
                {
                    SipError e = framer.Next(m);
                    if (e == SipError.InternalError)
                    {
                        return e;
                    }

                    if (e == SipError.Ok)
                    {
                        Accessors(m, output);
                    }

                    if (e == SipError.Incomplete || framer.Broken)
                    {
                        break;
                    }
                }

                if (framer.Broken || took == 0)
                {
                    break;
                }
            }

            return r;
        }

        private static readonly SipVia Via = new SipVia();
        private static readonly SipContact Contact = new SipContact();
        private static readonly SipNameAddr NameAddr = new SipNameAddr();
        private static readonly SipCSeq CSeq = new SipCSeq();
        private static readonly SipAuthHeader Auth = new SipAuthHeader();
        private static readonly SipMediaType MediaType = new SipMediaType();
        private static readonly SipUri Uri = new SipUri();
        private static readonly string[] Tokens = new string[SipLimits.MaxElements];

        private static void Accessors(SipMessage m, byte[] output)
        {
            _ = m.Method;
            _ = m.RequestUri;
            _ = m.ReasonPhrase;
            if (m.IsRequest)
            {
                m.GetRequestUri(Uri);
            }

            for (int i = 0; i < m.HeaderCount; i++)
            {
                _ = m.HeaderName(i);
                _ = m.HeaderValue(i);
            }

            int vias = m.ElementCount(SipHeader.Via);
            for (int i = 0; i < vias; i++)
            {
                m.GetVia(i, Via);
            }

            int contacts = m.ElementCount(SipHeader.Contact);
            for (int i = 0; i < contacts; i++)
            {
                m.GetContact(i, Contact);
            }

            m.GetNameAddr(SipHeader.Route, 0, NameAddr);
            m.GetFrom(NameAddr);
            m.GetTo(NameAddr);
            m.GetCSeq(CSeq);
            _ = m.CallId;
            _ = m.UserAgent;
            _ = m.MaxForwards;
            m.GetExpires(out _);
            m.GetMinExpires(out _);
            m.GetTokens(SipHeader.Allow, Tokens, out _);
            m.GetTokens(SipHeader.Supported, Tokens, out _);
            m.GetTokens(SipHeader.Require, Tokens, out _);
            m.GetTokens(SipHeader.Unsupported, Tokens, out _);
            m.GetAuth(SipHeader.WwwAuthenticate, 0, Auth);
            m.GetAuth(SipHeader.ProxyAuthorization, 0, Auth);
            m.GetAuth(SipHeader.Authorization, 0, Auth);
            m.GetContentType(MediaType);
            SipMessageWriter.Serialize(m, output, 0, output.Length, out _);
        }

        private static byte[] Mutate(Random rng, byte[][] seeds)
        {
            var b = new List<byte>(seeds[rng.Next(seeds.Length)]);
            int rounds = 1 + rng.Next(rng.Next(4) == 0 ? 12 : 3);
            for (int k = 0; k < rounds; k++)
            {
                switch (rng.Next(12))
                {
                    case 0: // bit flip
                        if (b.Count > 0) { int i = rng.Next(b.Count); b[i] ^= (byte)(1 << rng.Next(8)); }
                        break;
                    case 1: // random byte
                        if (b.Count > 0) { b[rng.Next(b.Count)] = (byte)rng.Next(256); }
                        break;
                    case 2: // structural byte
                        if (b.Count > 0) { b[rng.Next(b.Count)] = Interesting[rng.Next(Interesting.Length)]; }
                        break;
                    case 3: // insert structural bytes
                        { int i = rng.Next(b.Count + 1); int n = 1 + rng.Next(4); for (int j = 0; j < n; j++) b.Insert(i, Interesting[rng.Next(Interesting.Length)]); }
                        break;
                    case 4: // truncate
                        if (b.Count > 0) { int keep = rng.Next(b.Count); b.RemoveRange(keep, b.Count - keep); }
                        break;
                    case 5: // delete a range
                        if (b.Count > 1) { int i = rng.Next(b.Count); b.RemoveRange(i, Math.Min(b.Count - i, 1 + rng.Next(40))); }
                        break;
                    case 6: // splice a piece of another seed
                        {
                            byte[] o = seeds[rng.Next(seeds.Length)];
                            int s = rng.Next(o.Length); int n = rng.Next(o.Length - s);
                            var piece = new byte[n]; Array.Copy(o, s, piece, 0, n);
                            b.InsertRange(rng.Next(b.Count + 1), piece);
                        }
                        break;
                    case 7: // duplicate a header line many times
                        {
                            int start = LineStart(b, rng.Next(b.Count + 1));
                            int end = LineEnd(b, start);
                            var line = b.GetRange(start, end - start);
                            int times = 1 + rng.Next(rng.Next(8) == 0 ? 80 : 4);
                            for (int t = 0; t < times; t++) b.InsertRange(end, line);
                        }
                        break;
                    case 8: // oversized header value
                        {
                            int start = LineStart(b, rng.Next(b.Count + 1));
                            int len = rng.Next(4) == 0 ? 2040 + rng.Next(20) : rng.Next(9000);
                            byte fill = Interesting[rng.Next(Interesting.Length)];
                            var v = new List<byte>(Encoding.ASCII.GetBytes("X-Big: "));
                            for (int t = 0; t < len; t++) v.Add(rng.Next(16) == 0 ? fill : (byte)'a');
                            v.Add(13); v.Add(10);
                            b.InsertRange(start, v);
                        }
                        break;
                    case 9: // random bytes
                        {
                            int n = rng.Next(rng.Next(8) == 0 ? 9000 : 64);
                            var r = new byte[n]; rng.NextBytes(r);
                            b.InsertRange(rng.Next(b.Count + 1), r);
                        }
                        break;
                    case 10: // two messages back to back (stream case)
                        b.AddRange(seeds[rng.Next(seeds.Length)]);
                        break;
                    default: // change a digit (lengths, ports, codes)
                        for (int t = 0; t < 8 && b.Count > 0; t++)
                        {
                            int i = rng.Next(b.Count);
                            if (b[i] >= '0' && b[i] <= '9') { b[i] = (byte)('0' + rng.Next(10)); if (rng.Next(3) == 0) b.Insert(i, (byte)('0' + rng.Next(10))); break; }
                        }
                        break;
                }
            }

            if (b.Count > SipLimits.MaxMessageSize * 2)
            {
                b.RemoveRange(SipLimits.MaxMessageSize * 2, b.Count - SipLimits.MaxMessageSize * 2);
            }

            return b.ToArray();
        }

        private static int LineStart(List<byte> b, int i)
        {
            while (i > 0 && b[i - 1] != '\n') i--;
            return i;
        }

        private static int LineEnd(List<byte> b, int i)
        {
            while (i < b.Count && b[i] != '\n') i++;
            return i < b.Count ? i + 1 : i;
        }
    }
}
