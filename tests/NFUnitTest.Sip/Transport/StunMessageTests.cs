using nanoFramework.TestFramework;
using Phone.Sip.Transport;

namespace Phone.Tests.Sip.Transport
{
    /// <summary>
    /// The STUN keep-alive's messages (RFC 5389) against RFC 5769's test vector, and the transport's handling of
    /// STUN on the SIP socket (RFC 5626 §4.4.2): only the answer to the outstanding request counts, its mapped
    /// address is where the server sees us, nothing of it reaches the SIP parser.
    /// </summary>
    [TestClass]
    public class StunMessageTests
    {
        // RFC 5769 §2.2, "Sample IPv4 Response": SOFTWARE "test vector", XOR-MAPPED-ADDRESS 192.0.2.1:32853,
        // MESSAGE-INTEGRITY and FINGERPRINT (both checked against the RFC's password and CRC when written down here).
        private static readonly byte[] Rfc5769Response = Hex(
            "0101003c2112a442b7e7a701bc34d686fa87dfae8022000b7465737420766563746f7220" +
            "002000080001a147e112a643000800142b91f599fd9e90c38c7489f92af9ba53f06be7d780280004c07d4c96");

        private static readonly byte[] Rfc5769Transaction = Hex("b7e7a701bc34d686fa87dfae");

        private static byte[] Hex(string s)
        {
            return Phone.Tests.Srtp.Hex.Parse(s);
        }

        private static void AssertMapped(byte[] response, string host, int port)
        {
            Assert.IsTrue(StunMessage.IsStun(response, 0, response.Length));
            string h;
            int p;
            Assert.IsTrue(StunMessage.ReadBindingSuccess(response, 0, response.Length, Rfc5769Transaction, out h, out p));
            Assert.AreEqual(host, h);
            Assert.AreEqual(port, p);
        }

        [TestMethod]
        public void Rfc5769SampleResponseGivesItsMappedAddress()
        {
            AssertMapped(Rfc5769Response, "192.0.2.1", 32853);
        }

        [TestMethod]
        public void AnotherTransactionOrAMalformedAttributeListIsNotAnAnswer()
        {
            string host;
            int port;
            byte[] other = Hex("b7e7a701bc34d686fa87dfaf");
            Assert.IsFalse(StunMessage.ReadBindingSuccess(Rfc5769Response, 0, Rfc5769Response.Length, other, out host, out port));

            // An attribute longer than the message.
            byte[] bad = (byte[])Rfc5769Response.Clone();
            bad[20 + 3] = 0xF0;
            Assert.IsFalse(StunMessage.ReadBindingSuccess(bad, 0, bad.Length, Rfc5769Transaction, out host, out port));

            // A Binding error response (0x0111) of the same transaction.
            byte[] error = (byte[])Rfc5769Response.Clone();
            error[1] = 0x11;
            Assert.IsFalse(StunMessage.ReadBindingSuccess(error, 0, error.Length, Rfc5769Transaction, out host, out port));
        }

        [TestMethod]
        public void MappedAddressIsTakenWhenThereIsNoXorMappedAddress()
        {
            // RFC 5389 §15.1: MAPPED-ADDRESS 10.1.2.3:5060 (as RFC 3489 servers send it).
            AssertMapped(Hex("0101000c2112a442" + "b7e7a701bc34d686fa87dfae" + "000100080001" + "13c4" + "0a010203"), "10.1.2.3", 5060);
        }

        [TestMethod]
        public void SipTextCrlfAndShortDatagramsAreNotStun()
        {
            byte[] sip = System.Text.Encoding.UTF8.GetBytes("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h\r\n\r\n");
            Assert.IsFalse(StunMessage.IsStun(sip, 0, sip.Length));
            byte[] crlf = new byte[] { 13, 10, 13, 10 };
            Assert.IsFalse(StunMessage.IsStun(crlf, 0, crlf.Length));
            Assert.IsFalse(StunMessage.IsStun(Rfc5769Response, 0, 19));
            // The length field must match the datagram.
            Assert.IsFalse(StunMessage.IsStun(Rfc5769Response, 0, Rfc5769Response.Length - 4));
        }

        [TestMethod]
        public void BindingRequestIsTheBareRfc5389Header()
        {
            byte[] b = new byte[24];
            Assert.AreEqual(20, StunMessage.WriteBindingRequest(b, 2, Rfc5769Transaction));
            byte[] expected = Hex("000100002112a442b7e7a701bc34d686fa87dfae");
            for (int i = 0; i < 20; i++)
            {
                Assert.AreEqual(expected[i], b[2 + i]);
            }

            Assert.IsTrue(StunMessage.IsStun(b, 2, 20));
        }

        [TestMethod]
        public void RandomStunShapedDatagramsNeverThrowAndNeverReachTheSipParser()
        {
            // Bad input is normal input: valid STUN headers (cookie, length) over random attribute bytes, random
            // lengths and truncations, some with our transaction ID, straight into the transport.
            SipTransport t = new SipTransport(2, 8);
            Assert.AreEqual((int)SipTransportStatus.Ok, (int)t.SendStunBinding("192.0.2.10", 5060, Rfc5769Transaction));
            t.Actions.Dequeue();
            System.Random r = new System.Random(5769);
            byte[] b = new byte[120];
            int answers = 0;
            int truncated = 0;
            for (int n = 0; n < 5000; n++)
            {
                int length = 4 * r.Next(26);
                r.NextBytes(b);
                if (r.Next(4) == 0)
                {
                    // A lone XOR-MAPPED-ADDRESS with random address bytes.
                    length = 12;
                    b[20] = 0x00;
                    b[21] = 0x20;
                    b[22] = 0x00;
                    b[23] = 0x08;
                    b[25] = 0x01;
                }

                b[0] = (byte)(r.Next(2) == 0 ? 0x01 : b[0] & 0x3F);
                b[1] = (byte)(r.Next(2) == 0 ? 0x01 : b[1]);
                b[2] = (byte)(length >> 8);
                b[3] = (byte)length;
                b[4] = 0x21;
                b[5] = 0x12;
                b[6] = 0xA4;
                b[7] = 0x42;
                if (r.Next(2) == 0)
                {
                    for (int i = 0; i < 12; i++) b[8 + i] = Rfc5769Transaction[i];
                }

                int count = 20 + length - (r.Next(8) == 0 ? r.Next(length + 1) : 0);
                if (count != 20 + length)
                {
                    // Shorter than its length field says: not STUN, so a malformed SIP datagram.
                    truncated++;
                }

                string host;
                int port;
                if (StunMessage.ReadBindingSuccess(b, 0, count, Rfc5769Transaction, out host, out port))
                {
                    Assert.IsTrue(port > 0 && host != null);
                }

                t.OnDatagram(b, 0, count, "192.0.2.10", 5060, n);
                if (t.StunAnswers != answers)
                {
                    // Once answered, the request is not outstanding any more: ask again.
                    answers = t.StunAnswers;
                    t.SendStunBinding("192.0.2.10", 5060, Rfc5769Transaction);
                    t.Actions.Dequeue();
                }
            }

            Assert.IsTrue(truncated > 0);
            Assert.AreEqual(truncated, t.MalformedCount, "nothing STUN-shaped went to the SIP parser");
            Assert.IsTrue(answers > 0, "some random datagrams were well-formed answers");
        }

        [TestMethod]
        public void TheTransportTakesOnlyTheAnswerToItsRequestAndLearnsTheAddress()
        {
            SipTransport t = new SipTransport(2, 8);
            Assert.AreEqual((int)SipTransportStatus.Ok, (int)t.SendStunBinding("192.0.2.10", 5060, Rfc5769Transaction));
            TransportAction a = t.Actions.Dequeue();
            Assert.AreEqual((int)TransportActionKind.SendTo, (int)a.Kind);
            Assert.AreEqual(20, a.Count);
            Assert.AreEqual("192.0.2.10", a.Host);

            // Someone else's transaction: ignored.
            byte[] stranger = (byte[])Rfc5769Response.Clone();
            stranger[19] ^= 1;
            t.OnDatagram(stranger, 0, stranger.Length, "192.0.2.10", 5060, 0);
            Assert.AreEqual(0, t.StunAnswers);
            Assert.IsNull(t.PublicHost);

            t.OnDatagram(Rfc5769Response, 0, Rfc5769Response.Length, "192.0.2.10", 5060, 0);
            Assert.AreEqual(1, t.StunAnswers);
            Assert.AreEqual("192.0.2.1", t.PublicHost);
            Assert.AreEqual(32853, t.PublicPort);
            Assert.AreEqual(1, t.PublicAddressChanges);
            Assert.AreEqual(0, t.MalformedCount);

            // A repeat of the answered response counts no more.
            t.OnDatagram(Rfc5769Response, 0, Rfc5769Response.Length, "192.0.2.10", 5060, 0);
            Assert.AreEqual(1, t.StunAnswers);
        }
    }
}
