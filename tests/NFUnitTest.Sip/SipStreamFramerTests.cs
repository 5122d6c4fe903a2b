using nanoFramework.TestFramework;
using Phone.Sip;

namespace Phone.Tests.Sip
{
    /// <summary>RFC 3261 §18.3 stream framing: arbitrary chunking, keep-alive CRLFs, Content-Length rules.</summary>
    [TestClass]
    public class SipStreamFramerTests
    {
        private const string Body = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\n";

        private static string First()
        {
            return SipFixture.Replace(SipFixture.Options("Content-Type: application/sdp\r\n"), "Content-Length: 0", "Content-Length: " + Body.Length) + Body;
        }

        private static string Second()
        {
            return "SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP h.example.com;branch=z9hG4bK2\r\nTo: <sip:b@example.com>;tag=9\r\n" +
                   "From: <sip:a@example.com>;tag=1\r\nCall-ID: two@example.com\r\nCSeq: 2 OPTIONS\r\nContent-Length: 0\r\n\r\n";
        }

        [TestMethod]
        public void EverySplitPointOfTwoMessagesWithKeepAlives()
        {
            // Two messages with a double-CRLF keep-alive ping before and between them (RFC 5626 §3.5.1).
            byte[] all = SipFixture.Bytes("\r\n\r\n" + First() + "\r\n\r\n" + Second());
            SipStreamFramer f = new SipStreamFramer();
            SipMessage m = new SipMessage();
            for (int split = 0; split <= all.Length; split++)
            {
                f.Reset();
                int got = 0;
                int[] pieces = new int[] { 0, split, all.Length };
                for (int p = 0; p < 2; p++)
                {
                    int off = pieces[p];
                    int len = pieces[p + 1] - off;
                    Assert.AreEqual(len, f.Feed(all, off, len));
                    while (true)
                    {
                        SipError e = f.Next(m);
                        if (e == SipError.Incomplete)
                        {
                            break;
                        }

                        Assert.AreEqual((int)SipError.Ok, (int)e, "split " + split);
                        if (got == 0)
                        {
                            Assert.IsTrue(m.IsMethod("OPTIONS"));
                            Assert.AreEqual(Body.Length, m.BodyLength);
                            Assert.AreEqual((int)'v', (int)m.Buffer[m.BodyOffset]);
                        }
                        else
                        {
                            Assert.AreEqual(200, m.StatusCode);
                            Assert.AreEqual("two@example.com", m.CallId);
                        }

                        got++;
                    }
                }

                Assert.AreEqual(2, got, "split " + split);
                Assert.AreEqual(0, f.Pending);
            }
        }

        [TestMethod]
        public void ByteAtATime()
        {
            byte[] all = SipFixture.Bytes(First() + "\r\n" + Second() + First());
            SipStreamFramer f = new SipStreamFramer();
            SipMessage m = new SipMessage();
            int got = 0;
            for (int i = 0; i < all.Length; i++)
            {
                Assert.AreEqual(1, f.Feed(all, i, 1));
                SipError e = f.Next(m);
                if (e == SipError.Ok)
                {
                    got++;
                }
                else
                {
                    Assert.AreEqual((int)SipError.Incomplete, (int)e);
                }
            }

            Assert.AreEqual(3, got);
        }

        [TestMethod]
        public void MissingContentLengthBreaksTheStream()
        {
            SipStreamFramer f = new SipStreamFramer();
            SipMessage m = new SipMessage();
            byte[] b = SipFixture.Bytes(SipFixture.Replace(SipFixture.Options(""), "Content-Length: 0\r\n", ""));
            f.Feed(b, 0, b.Length);
            Assert.AreEqual((int)SipError.ContentLengthMissing, (int)f.Next(m));
            Assert.IsTrue(f.Broken);
            Assert.AreEqual(0, f.Feed(b, 0, b.Length));
        }

        [TestMethod]
        public void OversizedHeaderSectionBreaksTheStream()
        {
            SipStreamFramer f = new SipStreamFramer();
            SipMessage m = new SipMessage();
            byte[] junk = new byte[1000];
            for (int i = 0; i < junk.Length; i++)
            {
                junk[i] = (byte)'a';
            }

            SipError e = SipError.Incomplete;
            for (int k = 0; k < 10 && e == SipError.Incomplete; k++)
            {
                f.Feed(junk, 0, junk.Length);
                e = f.Next(m);
            }

            Assert.AreEqual((int)SipError.MessageTooLarge, (int)e);
            Assert.IsTrue(f.Broken);
        }

        [TestMethod]
        public void ContentLengthBeyondTheBoundIsReportedWithItsHeadThenSkipped()
        {
            // A delimited over-limit message does not desynchronise the stream: Next reports it with its head (for the
            // 513), the body is discarded as it arrives in any chunking, and the following message parses.
            SipStreamFramer f = new SipStreamFramer();
            SipMessage m = new SipMessage();
            byte[] b = SipFixture.Bytes(SipFixture.Replace(SipFixture.Options(""), "Content-Length: 0", "Content-Length: 100000"));
            f.Feed(b, 0, b.Length);
            Assert.AreEqual((int)SipError.MessageTooLarge, (int)f.Next(m));
            Assert.IsFalse(f.Broken);
            Assert.IsTrue(m.HeadLength > 0);
            Assert.AreEqual("a84b4c76e66710@pc33.example.com", m.CallId);
            Assert.AreEqual(100000, f.Pending);

            byte[] body = new byte[100000];
            for (int i = 0; i < body.Length; i++)
            {
                body[i] = (byte)(i % 7 == 0 ? '\r' : 'x');
            }

            int at = 0;
            int chunk = 1;
            while (at < body.Length)
            {
                int n = body.Length - at < chunk ? body.Length - at : chunk;
                Assert.AreEqual(n, f.Feed(body, at, n));
                Assert.AreEqual((int)SipError.Incomplete, (int)f.Next(m));
                at += n;
                chunk = chunk * 3 % 9973 + 1;
            }

            Assert.AreEqual(0, f.Pending);
            byte[] next = SipFixture.Bytes(Second());
            Assert.AreEqual(next.Length, f.Feed(next, 0, next.Length));
            Assert.AreEqual((int)SipError.Ok, (int)f.Next(m));
            Assert.AreEqual("two@example.com", m.CallId);
        }

        [TestMethod]
        public void BadContentLengthBreaksTheStreamButKeepsTheHead()
        {
            SipStreamFramer f = new SipStreamFramer();
            SipMessage m = new SipMessage();
            byte[] b = SipFixture.Bytes(SipFixture.Replace(SipFixture.Options(""), "Content-Length: 0", "Content-Length: -1") + Second());
            f.Feed(b, 0, b.Length);
            Assert.AreEqual((int)SipError.ContentLengthNegative, (int)f.Next(m));
            Assert.IsTrue(f.Broken);
            Assert.IsTrue(m.HeadLength > 0);
            Assert.AreEqual((int)SipError.MessageTooLarge, (int)f.Next(m));
            Assert.AreEqual(0, m.HeadLength);
        }

        [TestMethod]
        public void InvalidMessageIsSkippedAndTheNextOneStillArrives()
        {
            SipStreamFramer f = new SipStreamFramer();
            SipMessage m = new SipMessage();
            byte[] b = SipFixture.Bytes(SipFixture.Replace(SipFixture.Options(""), "CSeq: 63104 OPTIONS", "CSeq: 1 INVITE") + Second());
            f.Feed(b, 0, b.Length);
            Assert.AreEqual((int)SipError.CSeqMethodMismatch, (int)f.Next(m));
            Assert.IsFalse(f.Broken);
            Assert.AreEqual((int)SipError.Ok, (int)f.Next(m));
            Assert.AreEqual(200, m.StatusCode);
        }
    

        [TestMethod]
        public void MoreBytesThanTheBufferArriveInTurns()
        {
            // Three 3000-byte messages (9000 bytes) exceed the 8192-byte buffer: Feed takes what fits, Next frees room.
            string head = SipFixture.Options("");
            string one = SipFixture.Replace(head, "Content-Length: 0", "Content-Length: " + (3000 - head.Length - 3));
            one = one + new string('b', 3000 - one.Length);
            Assert.AreEqual(3000, one.Length);
            byte[] all = SipFixture.Bytes(one + one + one);
            SipStreamFramer f = new SipStreamFramer();
            SipMessage m = new SipMessage();
            int at = 0;
            int got = 0;
            int rounds = 0;
            while (got < 3 && rounds++ < 20)
            {
                at += f.Feed(all, at, all.Length - at);
                SipError e;
                while ((e = f.Next(m)) == SipError.Ok)
                {
                    Assert.AreEqual(3000, m.Length);
                    got++;
                }

                Assert.AreEqual((int)SipError.Incomplete, (int)e);
            }

            Assert.AreEqual(3, got);
            Assert.AreEqual(all.Length, at);
        }
    }
}
