using nanoFramework.TestFramework;
using Phone.Sip.Dns;

namespace Phone.Tests.Sip.Dns
{
    /// <summary>
    /// The stub resolver's RFC 1035 codec against messages written out octet by octet: the query layout, SRV, NAPTR
    /// and A answers with name compression and CNAME, the RCODE and TC outcomes, and hostile input (pointer loops,
    /// forward pointers, records running past the datagram, every truncation and octet change of a good response),
    /// which must give a status and never throw or hang.
    /// </summary>
    [TestClass]
    public class DnsMessageTests
    {
        private const int Srv = DnsRecord.TypeSrv;

        [TestMethod]
        public void QueryIsHeaderWithRdAndOneQuestionInLabels()
        {
            byte[] q = new byte[DnsMessage.MaxQueryBytes];
            int n = DnsMessage.EncodeQuery(0x1234, "_sips._tcp.Example.com", Srv, q);
            byte[] expected =
            {
                0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                5, (byte)'_', (byte)'s', (byte)'i', (byte)'p', (byte)'s', 4, (byte)'_', (byte)'t', (byte)'c', (byte)'p',
                7, (byte)'E', (byte)'x', (byte)'a', (byte)'m', (byte)'p', (byte)'l', (byte)'e', 3, (byte)'c', (byte)'o', (byte)'m', 0,
                0x00, 33, 0x00, 0x01
            };
            Assert.AreEqual(expected.Length, n);
            for (int i = 0; i < n; i++)
            {
                Assert.AreEqual(expected[i], q[i], "octet " + i.ToString());
            }
        }

        [TestMethod]
        public void QueryForNameWithFinalDotEqualsQueryWithout()
        {
            byte[] a = new byte[DnsMessage.MaxQueryBytes];
            byte[] b = new byte[DnsMessage.MaxQueryBytes];
            int na = DnsMessage.EncodeQuery(7, "example.com.", DnsRecord.TypeA, a);
            int nb = DnsMessage.EncodeQuery(7, "example.com", DnsRecord.TypeA, b);
            Assert.AreEqual(nb, na);
            for (int i = 0; i < na; i++)
            {
                Assert.AreEqual(b[i], a[i]);
            }
        }

        [TestMethod]
        public void QueryRefusesNamesThatAreNotHostNames()
        {
            byte[] q = new byte[DnsMessage.MaxQueryBytes];
            Assert.AreEqual(-1, DnsMessage.EncodeQuery(1, "", Srv, q));
            Assert.AreEqual(-1, DnsMessage.EncodeQuery(1, "a..b", Srv, q));
            Assert.AreEqual(-1, DnsMessage.EncodeQuery(1, ".a", Srv, q));
            Assert.AreEqual(-1, DnsMessage.EncodeQuery(1, "a b.com", Srv, q));
            Assert.AreEqual(-1, DnsMessage.EncodeQuery(1, "b\u00e4r.com", Srv, q));
            Assert.AreEqual(-1, DnsMessage.EncodeQuery(1, new string('a', 64) + ".com", Srv, q));
            Assert.IsTrue(DnsMessage.EncodeQuery(1, new string('a', 63) + ".com", Srv, q) > 0);
            string long1 = new string('a', 63) + "." + new string('b', 63) + "." + new string('c', 63) + "." + new string('d', 61);
            Assert.IsTrue(DnsMessage.EncodeQuery(1, long1, Srv, q) > 0); // 253 characters: 255 octets on the wire
            Assert.AreEqual(-1, DnsMessage.EncodeQuery(1, long1 + "d", Srv, q));
            Assert.AreEqual(-1, DnsMessage.EncodeQuery(1, "a.com", Srv, new byte[20]));
        }

        /// <summary>Two SRV records whose targets end in pointers to the question's "example.com" (offset 22).</summary>
        private static byte[] SrvResponse()
        {
            DnsPacket p = DnsPacket.Response(0xBEEF, 0, 2, "_sip._udp.example.com", Srv);
            p.Rr(12, Srv, 300).U16(10).U16(60).U16(5060).Labels("sip1").Pointer(22);
            p.Rr(12, Srv, 120).U16(20).U16(0).U16(5070).Labels("sip2").Pointer(22);
            return p.ToArray();
        }

        [TestMethod]
        public void SrvAnswerWithCompressedNamesIsRead()
        {
            DnsAnswer a = new DnsAnswer();
            byte[] m = SrvResponse();
            Assert.AreEqual((int)DnsStatus.Ok, (int)DnsMessage.Parse(m, 0, m.Length, 0xBEEF, "_SIP._udp.example.com.", Srv, a));
            Assert.AreEqual(2, a.Count);
            Assert.AreEqual(10, a[0].Priority);
            Assert.AreEqual(60, a[0].Weight);
            Assert.AreEqual(5060, a[0].Port);
            Assert.AreEqual("sip1.example.com", a[0].Target);
            Assert.AreEqual(300, a[0].Ttl);
            Assert.AreEqual(20, a[1].Priority);
            Assert.AreEqual(5070, a[1].Port);
            Assert.AreEqual("sip2.example.com", a[1].Target);
            Assert.AreEqual(120, a[1].Ttl);
        }

        [TestMethod]
        public void ResponseInsideALargerBufferIsReadAtItsOffset()
        {
            byte[] m = SrvResponse();
            byte[] big = new byte[m.Length + 9];
            for (int i = 0; i < m.Length; i++)
            {
                big[5 + i] = m[i];
            }

            DnsAnswer a = new DnsAnswer();
            Assert.AreEqual((int)DnsStatus.Ok, (int)DnsMessage.Parse(big, 5, m.Length, 0xBEEF, "_sip._udp.example.com", Srv, a));
            Assert.AreEqual("sip2.example.com", a[1].Target);
        }

        [TestMethod]
        public void NaptrAnswerIsRead()
        {
            DnsPacket p = DnsPacket.Response(9, 0, 1, "example.com", DnsRecord.TypeNaptr);
            p.Rr(12, DnsRecord.TypeNaptr, 3600).U16(50).U16(51).Text("s").Text("SIPS+D2T").Text("").Labels("_sips._tcp").Pointer(12);
            byte[] m = p.ToArray();
            DnsAnswer a = new DnsAnswer();
            Assert.AreEqual((int)DnsStatus.Ok, (int)DnsMessage.Parse(m, 0, m.Length, 9, "example.com", DnsRecord.TypeNaptr, a));
            Assert.AreEqual(1, a.Count);
            Assert.AreEqual(50, a[0].Order);
            Assert.AreEqual(51, a[0].Preference);
            Assert.AreEqual("s", a[0].Flags);
            Assert.AreEqual("SIPS+D2T", a[0].Services);
            Assert.AreEqual("_sips._tcp.example.com", a[0].Replacement);
        }

        [TestMethod]
        public void AddressUnderCanonicalNameIsFollowedOthersAreNot()
        {
            DnsPacket p = DnsPacket.Response(3, 0, 3, "sip.example.com", DnsRecord.TypeA);
            p.Rr(12, DnsRecord.TypeCname, 60).Labels("host").Pointer(16);
            int host = 12 + 17 + 4 + 12; // the "host.example.com" written in the CNAME's RDATA
            p.Rr(host, DnsRecord.TypeA, 30).A(192, 0, 2, 7);
            p.EndRecord().Labels("other").Pointer(16).Rr(DnsRecord.TypeA, 30).A(198, 51, 100, 1);
            byte[] m = p.ToArray();
            DnsAnswer a = new DnsAnswer();
            Assert.AreEqual((int)DnsStatus.Ok, (int)DnsMessage.Parse(m, 0, m.Length, 3, "sip.example.com", DnsRecord.TypeA, a));
            Assert.AreEqual(1, a.Count);
            Assert.AreEqual("192.0.2.7", a[0].Address);
        }

        [TestMethod]
        public void RcodeAndTruncationBecomeStatuses()
        {
            DnsAnswer a = new DnsAnswer();
            byte[] nx = DnsPacket.Response(1, 3, 0, "x.example.com", Srv).ToArray();
            Assert.AreEqual((int)DnsStatus.NameError, (int)DnsMessage.Parse(nx, 0, nx.Length, 1, "x.example.com", Srv, a));
            byte[] servfail = DnsPacket.Response(1, 2, 0, "x.example.com", Srv).ToArray();
            Assert.AreEqual((int)DnsStatus.ServerFailure, (int)DnsMessage.Parse(servfail, 0, servfail.Length, 1, "x.example.com", Srv, a));
            byte[] refused = DnsPacket.Response(1, 5, 0, "x.example.com", Srv).ToArray();
            Assert.AreEqual((int)DnsStatus.ServerFailure, (int)DnsMessage.Parse(refused, 0, refused.Length, 1, "x.example.com", Srv, a));
            byte[] tc = DnsPacket.Header(1, 0x8380, 1, 0).Question("x.example.com", Srv).ToArray();
            Assert.AreEqual((int)DnsStatus.Truncated, (int)DnsMessage.Parse(tc, 0, tc.Length, 1, "x.example.com", Srv, a));
            byte[] empty = DnsPacket.Response(1, 0, 0, "x.example.com", Srv).ToArray();
            Assert.AreEqual((int)DnsStatus.Ok, (int)DnsMessage.Parse(empty, 0, empty.Length, 1, "x.example.com", Srv, a));
            Assert.AreEqual(0, a.Count);
        }

        [TestMethod]
        public void ResponsesToOtherQueriesAreForeign()
        {
            DnsAnswer a = new DnsAnswer();
            byte[] m = SrvResponse();
            Assert.AreEqual((int)DnsStatus.Foreign, (int)DnsMessage.Parse(m, 0, m.Length, 0xBEEE, "_sip._udp.example.com", Srv, a));
            Assert.AreEqual((int)DnsStatus.Foreign, (int)DnsMessage.Parse(m, 0, m.Length, 0xBEEF, "_sip._tcp.example.com", Srv, a));
            Assert.AreEqual((int)DnsStatus.Foreign, (int)DnsMessage.Parse(m, 0, m.Length, 0xBEEF, "_sip._udp.example.com", DnsRecord.TypeA, a));
            byte[] query = DnsPacket.Header(0xBEEF, 0x0100, 1, 0).Question("_sip._udp.example.com", Srv).ToArray();
            Assert.AreEqual((int)DnsStatus.Foreign, (int)DnsMessage.Parse(query, 0, query.Length, 0xBEEF, "_sip._udp.example.com", Srv, a));
            Assert.AreEqual(0, a.Count);
        }

        [TestMethod]
        public void PointerLoopsAndForwardPointersAreMalformed()
        {
            DnsAnswer a = new DnsAnswer();
            // An owner name that points at itself.
            DnsPacket self = DnsPacket.Response(1, 0, 1, "a.example.com", DnsRecord.TypeA);
            int at = self.Length;
            self.Pointer(at).Rr(DnsRecord.TypeA, 1).A(1, 2, 3, 4);
            byte[] m = self.ToArray();
            Assert.AreEqual((int)DnsStatus.Malformed, (int)DnsMessage.Parse(m, 0, m.Length, 1, "a.example.com", DnsRecord.TypeA, a));

            // Two names whose pointers would send each other round (x -> y -> x): the first jump already goes forward.
            DnsPacket loop = DnsPacket.Response(1, 0, 1, "a.example.com", DnsRecord.TypeA);
            int x = loop.Length;
            loop.Labels("x").Pointer(x + 4).Labels("y").Pointer(x).Rr(DnsRecord.TypeA, 1).A(1, 2, 3, 4);
            m = loop.ToArray();
            Assert.AreEqual((int)DnsStatus.Malformed, (int)DnsMessage.Parse(m, 0, m.Length, 1, "a.example.com", DnsRecord.TypeA, a));

            // A question name that points forward into the message.
            byte[] forward = DnsPacket.Header(1, 0x8180, 1, 0).Pointer(20).U16(1).U16(1).Labels("a").Root().ToArray();
            Assert.AreEqual((int)DnsStatus.Malformed, (int)DnsMessage.Parse(forward, 0, forward.Length, 1, "a", DnsRecord.TypeA, a));
        }

        [TestMethod]
        public void BadLabelsAndRecordsAreMalformed()
        {
            DnsAnswer a = new DnsAnswer();
            // Label type 01 (RFC 6891's extended labels) in the owner name.
            byte[] m = DnsPacket.Response(1, 0, 1, "a.example.com", DnsRecord.TypeA).U8(0x41).Rr(DnsRecord.TypeA, 1).A(1, 2, 3, 4).ToArray();
            Assert.AreEqual((int)DnsStatus.Malformed, (int)DnsMessage.Parse(m, 0, m.Length, 1, "a.example.com", DnsRecord.TypeA, a));
            // An A record of five octets.
            m = DnsPacket.Response(1, 0, 1, "a.example.com", DnsRecord.TypeA).Rr(12, DnsRecord.TypeA, 1).A(1, 2, 3, 4).U8(5).ToArray();
            Assert.AreEqual((int)DnsStatus.Malformed, (int)DnsMessage.Parse(m, 0, m.Length, 1, "a.example.com", DnsRecord.TypeA, a));
            // An SRV target that runs past its RDATA into the next octets.
            m = DnsPacket.Response(1, 0, 1, "s.example.com", Srv).Rr(12, Srv, 1).U16(1).U16(1).U16(1).U8(3).U8('a').EndRecord().U8('b').U8('c').U8(0).ToArray();
            Assert.AreEqual((int)DnsStatus.Malformed, (int)DnsMessage.Parse(m, 0, m.Length, 1, "s.example.com", Srv, a));
            // A NAPTR character-string longer than the RDATA.
            m = DnsPacket.Response(1, 0, 1, "example.com", DnsRecord.TypeNaptr).Rr(12, DnsRecord.TypeNaptr, 1).U16(1).U16(1).U8(200).U8('s').ToArray();
            Assert.AreEqual((int)DnsStatus.Malformed, (int)DnsMessage.Parse(m, 0, m.Length, 1, "example.com", DnsRecord.TypeNaptr, a));
            // A label with a control character.
            m = DnsPacket.Response(1, 0, 1, "s.example.com", Srv).Rr(12, Srv, 1).U16(1).U16(1).U16(1).U8(1).U8(9).Root().ToArray();
            Assert.AreEqual((int)DnsStatus.Malformed, (int)DnsMessage.Parse(m, 0, m.Length, 1, "s.example.com", Srv, a));
            // Out-of-range offsets and counts.
            Assert.AreEqual((int)DnsStatus.Malformed, (int)DnsMessage.Parse(m, 4, m.Length, 1, "s.example.com", Srv, a));
            Assert.AreEqual((int)DnsStatus.Malformed, (int)DnsMessage.Parse(m, -1, 12, 1, "s.example.com", Srv, a));
            Assert.AreEqual((int)DnsStatus.Malformed, (int)DnsMessage.Parse(null, 0, 12, 1, "s.example.com", Srv, a));
        }

        [TestMethod]
        public void EveryTruncationOfAResponseIsMalformed()
        {
            byte[] m = SrvResponse();
            DnsAnswer a = new DnsAnswer();
            for (int n = 0; n < m.Length; n++)
            {
                Assert.AreEqual((int)DnsStatus.Malformed, (int)DnsMessage.Parse(m, 0, n, 0xBEEF, "_sip._udp.example.com", Srv, a), "length " + n.ToString());
            }
        }

        [TestMethod]
        public void EveryOctetChangeOfAResponseGivesAStatus()
        {
            byte[] m = SrvResponse();
            DnsAnswer a = new DnsAnswer();
            int[] values = { 0x00, 0x3F, 0xC0, 0xFF };
            for (int i = 0; i < m.Length; i++)
            {
                byte keep = m[i];
                for (int v = 0; v < values.Length; v++)
                {
                    m[i] = (byte)values[v];
                    DnsStatus s = DnsMessage.Parse(m, 0, m.Length, 0xBEEF, "_sip._udp.example.com", Srv, a);
                    Assert.IsTrue(s == DnsStatus.Malformed || s == DnsStatus.Foreign || a.Count <= 2);
                }

                m[i] = keep;
            }
        }

        [TestMethod]
        public void TtlAboveTwoToTheThirtyOneCountsAsZero()
        {
            byte[] m = DnsPacket.Response(1, 0, 1, "a.example.com", DnsRecord.TypeA).Rr(12, DnsRecord.TypeA, 0x80000001).A(1, 2, 3, 4).ToArray();
            DnsAnswer a = new DnsAnswer();
            Assert.AreEqual((int)DnsStatus.Ok, (int)DnsMessage.Parse(m, 0, m.Length, 1, "a.example.com", DnsRecord.TypeA, a));
            Assert.AreEqual(0, a[0].Ttl);
        }

        [TestMethod]
        public void RecordsBeyondTheTableAreDropped()
        {
            DnsPacket p = DnsPacket.Response(1, 0, 20, "a.example.com", DnsRecord.TypeA);
            for (int i = 0; i < 20; i++)
            {
                p.Rr(12, DnsRecord.TypeA, 5).A(10, 0, 0, i);
            }

            byte[] m = p.ToArray();
            DnsAnswer a = new DnsAnswer();
            Assert.AreEqual((int)DnsStatus.Ok, (int)DnsMessage.Parse(m, 0, m.Length, 1, "a.example.com", DnsRecord.TypeA, a));
            Assert.AreEqual(DnsAnswer.MaxRecords, a.Count);
            Assert.AreEqual("10.0.0.15", a[15].Address);
        }
    }
}
