using nanoFramework.TestFramework;
using Phone.Sip;
using Phone.Sip.Dns;

namespace Phone.Tests.Sip.Dns
{
    /// <summary>
    /// RFC 3263 §4 on the virtual clock: the queries the locator writes are read back here and answered with
    /// messages written out octet by octet, so each step (NAPTR filtered by the configured transport, SRV, the
    /// addresses of each SRV target, the A fallback with the default port, the explicit port and the numeric host
    /// that skip SRV) is checked against what the RFC asks next; then failover (§4.3), retransmission and TTL.
    /// </summary>
    [TestClass]
    public class SipServerLocatorTests
    {
        private static SipServerLocator NewLocator()
        {
            return new SipServerLocator(new DigestTestEntropy(null, 1));
        }

        /// <summary>The query due now; fails the test when none is.</summary>
        private static byte[] Sent(SipServerLocator l)
        {
            int n = l.TakeQuery();
            Assert.IsTrue(n > 0, "a query is due");
            byte[] q = new byte[n];
            for (int i = 0; i < n; i++)
            {
                q[i] = l.QueryBuffer[i];
            }

            return q;
        }

        private static void AssertAsks(byte[] q, string name, int type)
        {
            Assert.AreEqual(name, DnsPacket.QueryName(q));
            Assert.AreEqual(type, DnsPacket.QueryType(q));
        }

        /// <summary>A response header and question echoing q, for answers to follow (owner: pointer to offset 12).</summary>
        private static DnsPacket Reply(byte[] q, int rcode, int answers)
        {
            return DnsPacket.Response(DnsPacket.QueryId(q), rcode, answers, DnsPacket.QueryName(q), DnsPacket.QueryType(q));
        }

        private static void Deliver(SipServerLocator l, DnsPacket p)
        {
            byte[] m = p.ToArray();
            l.OnResponse(m, 0, m.Length, 0);
        }

        private static void AnswerA(SipServerLocator l, string name, uint ttl, int last)
        {
            byte[] q = Sent(l);
            AssertAsks(q, name, DnsRecord.TypeA);
            Deliver(l, Reply(q, 0, 1).Rr(12, DnsRecord.TypeA, ttl).A(192, 0, 2, last));
        }

        [TestMethod]
        public void NaptrOfTheTransportThenSrvInPriorityThenAddressesThenFailover()
        {
            SipServerLocator l = NewLocator();
            l.Start("example.com", 0, SipTransportKind.Tls, 0);
            Assert.AreEqual((int)SipLocatorState.Resolving, (int)l.State);
            byte[] q = Sent(l);
            AssertAsks(q, "example.com", DnsRecord.TypeNaptr);
            // SIP+D2U is preferred by order but the phone is configured for TLS: only SIPS+D2T counts.
            Deliver(l, Reply(q, 0, 2)
                .Rr(12, DnsRecord.TypeNaptr, 600).U16(10).U16(10).Text("S").Text("SIP+D2U").Text("").Labels("_sip._udp").Pointer(12)
                .Rr(12, DnsRecord.TypeNaptr, 600).U16(20).U16(10).Text("s").Text("SIPS+D2T").Text("").Labels("_sips._tcp.tls").Pointer(12));
            q = Sent(l);
            AssertAsks(q, "_sips._tcp.tls.example.com", DnsRecord.TypeSrv);
            Deliver(l, Reply(q, 0, 2)
                .Rr(12, DnsRecord.TypeSrv, 300).U16(20).U16(0).U16(5062).Name("b.example.com")
                .Rr(12, DnsRecord.TypeSrv, 300).U16(10).U16(0).U16(5061).Name("a.example.com"));
            AnswerA(l, "a.example.com", 100, 1);
            Assert.AreEqual((int)SipLocatorState.Resolving, (int)l.State);
            AnswerA(l, "b.example.com", 100, 2);
            Assert.AreEqual((int)SipLocatorState.Ready, (int)l.State);
            Assert.AreEqual(0, l.TakeQuery());
            Assert.AreEqual(2, l.TargetCount);
            Assert.AreEqual("192.0.2.1", l.Address);
            Assert.AreEqual(5061, l.Port);

            Assert.IsTrue(l.Failover("connection refused"));
            Assert.AreEqual("192.0.2.2", l.Address);
            Assert.AreEqual(5062, l.Port);
            Assert.IsFalse(l.Failover("connection refused"));
            Assert.AreEqual((int)SipLocatorState.Failed, (int)l.State);
            Assert.Contains("every server of example.com failed", l.LastError);
        }

        [TestMethod]
        public void WithoutNaptrTheTransportsSrvNameIsAsked()
        {
            string[] prefixes = { "_sip._udp.", "_sip._tcp.", "_sips._tcp." };
            SipTransportKind[] kinds = { SipTransportKind.Udp, SipTransportKind.Tcp, SipTransportKind.Tls };
            for (int i = 0; i < kinds.Length; i++)
            {
                SipServerLocator l = NewLocator();
                l.Start("example.com", 0, kinds[i], 0);
                Deliver(l, Reply(Sent(l), 3, 0));
                AssertAsks(Sent(l), prefixes[i] + "example.com", DnsRecord.TypeSrv);
            }
        }

        [TestMethod]
        public void NaptrForOtherTransportsOnlyFallsBackToSrvName()
        {
            SipServerLocator l = NewLocator();
            l.Start("example.com", 0, SipTransportKind.Tcp, 0);
            byte[] q = Sent(l);
            Deliver(l, Reply(q, 0, 1).Rr(12, DnsRecord.TypeNaptr, 600).U16(10).U16(10).Text("s").Text("SIPS+D2T").Text("").Labels("_sips._tcp").Pointer(12));
            AssertAsks(Sent(l), "_sip._tcp.example.com", DnsRecord.TypeSrv);
        }

        [TestMethod]
        public void WithoutSrvTheAddressWithTheDefaultPortIsUsed()
        {
            SipServerLocator l = NewLocator();
            l.Start("example.com", 0, SipTransportKind.Udp, 0);
            Deliver(l, Reply(Sent(l), 3, 0));
            Deliver(l, Reply(Sent(l), 0, 0));
            AnswerA(l, "example.com", 60, 9);
            Assert.AreEqual("192.0.2.9", l.Address);
            Assert.AreEqual(5060, l.Port);

            l.Start("example.com", 0, SipTransportKind.Tls, 0);
            Deliver(l, Reply(Sent(l), 3, 0));
            Deliver(l, Reply(Sent(l), 3, 0));
            AnswerA(l, "example.com", 60, 9);
            Assert.AreEqual(5061, l.Port);
        }

        [TestMethod]
        public void ExplicitPortSkipsNaptrAndSrv()
        {
            SipServerLocator l = NewLocator();
            l.Start("pbx.example.com", 5080, SipTransportKind.Tls, 0);
            AnswerA(l, "pbx.example.com", 60, 4);
            Assert.AreEqual((int)SipLocatorState.Ready, (int)l.State);
            Assert.AreEqual("192.0.2.4", l.Address);
            Assert.AreEqual(5080, l.Port);
        }

        [TestMethod]
        public void NumericHostNeedsNoQuery()
        {
            SipServerLocator l = NewLocator();
            l.Start("198.51.100.7", 0, SipTransportKind.Tcp, 0);
            Assert.AreEqual((int)SipLocatorState.Ready, (int)l.State);
            Assert.AreEqual(0, l.TakeQuery());
            Assert.AreEqual("198.51.100.7", l.Address);
            Assert.AreEqual(5060, l.Port);
            Assert.IsTrue(l.IsFresh(long.MaxValue - 1));
        }

        [TestMethod]
        public void SrvTargetDotMeansNoService()
        {
            SipServerLocator l = NewLocator();
            l.Start("example.com", 0, SipTransportKind.Udp, 0);
            Deliver(l, Reply(Sent(l), 3, 0));
            Deliver(l, Reply(Sent(l), 0, 1).Rr(12, DnsRecord.TypeSrv, 60).U16(0).U16(0).U16(0).Root());
            Assert.AreEqual((int)SipLocatorState.Failed, (int)l.State);
            Assert.Contains("no SIP service", l.LastError);
        }

        [TestMethod]
        public void SrvTargetWithoutAddressIsSkipped()
        {
            SipServerLocator l = NewLocator();
            l.Start("example.com", 0, SipTransportKind.Udp, 0);
            Deliver(l, Reply(Sent(l), 3, 0));
            Deliver(l, Reply(Sent(l), 0, 2)
                .Rr(12, DnsRecord.TypeSrv, 60).U16(1).U16(0).U16(5070).Name("gone.example.com")
                .Rr(12, DnsRecord.TypeSrv, 60).U16(2).U16(0).U16(5080).Name("there.example.com"));
            Deliver(l, Reply(Sent(l), 3, 0));
            AnswerA(l, "there.example.com", 60, 3);
            Assert.AreEqual(1, l.TargetCount);
            Assert.AreEqual(5080, l.Port);
        }

        [TestMethod]
        public void ForeignAndMalformedResponsesAreIgnored()
        {
            SipServerLocator l = NewLocator();
            l.Start("example.com", 0, SipTransportKind.Udp, 0);
            byte[] q = Sent(l);
            Deliver(l, DnsPacket.Response(DnsPacket.QueryId(q) ^ 1, 3, 0, "example.com", DnsRecord.TypeNaptr));
            Deliver(l, DnsPacket.Response(DnsPacket.QueryId(q), 3, 0, "evil.com", DnsRecord.TypeNaptr));
            byte[] junk = { 1, 2, 3 };
            l.OnResponse(junk, 0, junk.Length, 0);
            Assert.AreEqual(3, l.IgnoredResponses);
            Assert.AreEqual((int)SipLocatorState.Resolving, (int)l.State);
            Deliver(l, Reply(q, 3, 0));
            AssertAsks(Sent(l), "_sip._udp.example.com", DnsRecord.TypeSrv);
        }

        [TestMethod]
        public void QueriesAreRetransmittedWithDoublingWaitsThenGivenUp()
        {
            SipServerLocator l = NewLocator();
            l.Start("example.com", 0, SipTransportKind.Udp, 0);
            byte[] first = Sent(l);
            Assert.AreEqual(1000, l.NextDeadlineMs);
            l.AdvanceTo(999);
            Assert.AreEqual(0, l.TakeQuery());
            l.AdvanceTo(1000);
            byte[] again = Sent(l);
            Assert.AreEqual(DnsPacket.QueryId(first), DnsPacket.QueryId(again));
            Assert.AreEqual(3000, l.NextDeadlineMs);
            l.AdvanceTo(3000);
            Sent(l);
            Assert.AreEqual(7000, l.NextDeadlineMs);
            // NAPTR unanswered: the SRV name is asked instead (NAPTR is optional).
            l.AdvanceTo(7000);
            AssertAsks(Sent(l), "_sip._udp.example.com", DnsRecord.TypeSrv);
            l.AdvanceTo(8000);
            l.AdvanceTo(10000);
            l.AdvanceTo(14000);
            Assert.AreEqual((int)SipLocatorState.Failed, (int)l.State);
            Assert.Contains("no answer", l.LastError);
            Assert.AreEqual(long.MaxValue, l.NextDeadlineMs);
        }

        [TestMethod]
        public void ServerFailureOrTruncationFailsTheSrvStep()
        {
            SipServerLocator l = NewLocator();
            l.Start("example.com", 0, SipTransportKind.Udp, 0);
            Deliver(l, Reply(Sent(l), 3, 0));
            Deliver(l, Reply(Sent(l), 2, 0));
            Assert.AreEqual((int)SipLocatorState.Failed, (int)l.State);
            Assert.Contains("server failure", l.LastError);

            l.Start("example.com", 0, SipTransportKind.Udp, 0);
            Deliver(l, Reply(Sent(l), 3, 0));
            byte[] q = Sent(l);
            byte[] tc = DnsPacket.Header(DnsPacket.QueryId(q), 0x8380, 1, 0).Question("_sip._udp.example.com", DnsRecord.TypeSrv).ToArray();
            l.OnResponse(tc, 0, tc.Length, 0);
            Assert.Contains("truncated", l.LastError);
        }

        [TestMethod]
        public void TheListLivesForTheSmallestTtl()
        {
            SipServerLocator l = NewLocator();
            l.Start("example.com", 0, SipTransportKind.Udp, 1000);
            Deliver(l, Reply(Sent(l), 3, 0));
            Deliver(l, Reply(Sent(l), 0, 1).Rr(12, DnsRecord.TypeSrv, 300).U16(1).U16(0).U16(5060).Name("a.example.com"));
            AnswerA(l, "a.example.com", 30, 1);
            // Answers are delivered at time 0 in these tests; the list's TTL counts from then.
            Assert.IsTrue(l.IsFresh(29999));
            Assert.IsFalse(l.IsFresh(30000));

            l.Start("example.com", 0, SipTransportKind.Udp, 0);
            Deliver(l, Reply(Sent(l), 3, 0));
            Deliver(l, Reply(Sent(l), 0, 1).Rr(12, DnsRecord.TypeSrv, 600).U16(1).U16(0).U16(5060).Name("a.example.com"));
            AnswerA(l, "a.example.com", 0, 1);
            Assert.IsTrue(l.IsFresh(SipServerLocator.MinLifetimeSeconds * 1000 - 1));
            Assert.IsFalse(l.IsFresh(SipServerLocator.MinLifetimeSeconds * 1000));
        }
    }
}
