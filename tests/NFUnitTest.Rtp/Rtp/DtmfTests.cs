using nanoFramework.TestFramework;
using Phone.Rtp;
using Phone.Tests.Srtp;
using Phone.Audio;

namespace Phone.Tests.Rtp
{
    /// <summary>RFC 4733 telephone-events: the packet sequence of one digit and once-per-event reception.</summary>
    [TestClass]
    public class DtmfTests
    {
        private static RtpPacketizer Stream()
        {
            // SSRC 11223344, sequence 0x0100, timestamp 0x00001000
            return new RtpPacketizer(new FixedEntropy(Hex.Parse("11 22 33 44 01 00 00 00 10 00")), AudioCodec.Pcmu, 20);
        }

        [TestMethod]
        public void HundredMillisecondDigitAtTwentyMillisecondIntervals()
        {
            RtpPacketizer stream = Stream();
            DtmfSender dtmf = new DtmfSender(stream, 101, 10);
            Assert.IsTrue(dtmf.Start(5, 100));
            Assert.IsFalse(dtmf.Start(6, 100), "busy");
            byte[] packet = new byte[64];
            // Expected by RFC 4733 §2.5.1: every packet carries the event's start timestamp 0x1000;
            // marker only on the first (§2.5.1.1); duration = time since the start, one 20 ms interval
            // (160 units) more per packet (§2.5.1.2); the end packet (E=1, duration 800 = 100 ms) is sent
            // three times, each with the next sequence number (§2.5.1.4). Volume 10 → 0x0a.
            string[] expected = new string[]
            {
                "80e50100" + "00001000" + "11223344" + "05" + "0a" + "00a0",
                "80650101" + "00001000" + "11223344" + "05" + "0a" + "0140",
                "80650102" + "00001000" + "11223344" + "05" + "0a" + "01e0",
                "80650103" + "00001000" + "11223344" + "05" + "0a" + "0280",
                "80650104" + "00001000" + "11223344" + "05" + "8a" + "0320",
                "80650105" + "00001000" + "11223344" + "05" + "8a" + "0320",
                "80650106" + "00001000" + "11223344" + "05" + "8a" + "0320",
            };
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.IsTrue(dtmf.Active);
                int n = dtmf.NextPacket(packet, 0);
                Assert.AreEqual(16, n);
                Assert.AreEqual(expected[i], Hex.Of(packet, 0, n), "packet " + i.ToString());
            }

            Assert.IsFalse(dtmf.Active);
            Assert.AreEqual(0, dtmf.NextPacket(packet, 0));
            // The audio clock moved on by the 7 intervals; the next audio packet starts a talkspurt.
            Assert.AreEqual((uint)(0x1000 + 7 * 160), stream.Timestamp);
            short[] pcm = new short[160];
            byte[] audio = new byte[172];
            Assert.AreEqual(172, stream.Packetize(pcm, 0, audio, 0));
            Assert.AreEqual("80800107", Hex.Of(audio, 0, 4));
        }

        [TestMethod]
        public void KeyReleaseEndsTheEvent()
        {
            RtpPacketizer stream = Stream();
            DtmfSender dtmf = new DtmfSender(stream, 101, 10);
            Assert.IsTrue(dtmf.Start(11, 0)); // '#', until released
            byte[] packet = new byte[64];
            for (int i = 0; i < 10; i++)
            {
                dtmf.NextPacket(packet, 0);
            }

            Assert.AreEqual("0b0a0640", Hex.Of(packet, 12, 4)); // 10 × 160 = 1600
            dtmf.Stop();
            dtmf.NextPacket(packet, 0);
            Assert.AreEqual("0b8a06e0", Hex.Of(packet, 12, 4)); // E, 1760
            dtmf.NextPacket(packet, 0);
            dtmf.NextPacket(packet, 0);
            Assert.AreEqual("0b8a06e0", Hex.Of(packet, 12, 4));
            Assert.IsFalse(dtmf.Active);
        }

        [TestMethod]
        public void InvalidEventsAreRefused()
        {
            DtmfSender dtmf = new DtmfSender(Stream(), 101, 10);
            Assert.IsFalse(dtmf.Start(16, 100));
            Assert.IsFalse(dtmf.Start(-1, 100));
            Assert.IsFalse(dtmf.Active);
        }

        [TestMethod]
        public void ReceiverReportsEachEventOnceWithItsDuration()
        {
            RtpPacketizer stream = Stream();
            DtmfSender dtmf = new DtmfSender(stream, 101, 10);
            DtmfReceiver rx = new DtmfReceiver();
            RtpPacketView v = new RtpPacketView();
            byte[] packet = new byte[64];
            int reports = 0;
            dtmf.Start(5, 100);
            while (dtmf.Active)
            {
                int n = dtmf.NextPacket(packet, 0);
                v.Parse(packet, 0, n);
                if (rx.Receive(packet, v.PayloadOffset, v.PayloadLength, v.Timestamp))
                {
                    reports++;
                    Assert.AreEqual(5, rx.Event);
                    Assert.AreEqual(800, rx.Duration);
                    Assert.AreEqual(100, rx.DurationMs);
                }
            }

            Assert.AreEqual(1, reports, "three end packets, one report");
        }

        [TestMethod]
        public void EventWhoseEndPacketsWereLostIsReportedWhenTheNextBegins()
        {
            DtmfReceiver rx = new DtmfReceiver();
            Assert.IsFalse(rx.Receive(Hex.Parse("01 0a 00 a0"), 0, 4, 1000));
            Assert.IsFalse(rx.Receive(Hex.Parse("01 0a 01 40"), 0, 4, 1000));
            Assert.IsFalse(rx.Receive(Hex.Parse("01 0a 01 40"), 0, 4, 1000), "a repeat");
            Assert.IsTrue(rx.Receive(Hex.Parse("02 0a 00 a0"), 0, 4, 5000), "next event: the previous one is reported");
            Assert.AreEqual(1, rx.Event);
            Assert.AreEqual(320, rx.Duration);
            Assert.IsTrue(rx.Receive(Hex.Parse("02 8a 03 20"), 0, 4, 5000));
            Assert.AreEqual(2, rx.Event);
            Assert.AreEqual(800, rx.Duration);
            Assert.IsFalse(rx.Receive(Hex.Parse("02 8a 03 20"), 0, 4, 5000));
            Assert.IsFalse(rx.Receive(Hex.Parse("01 8a 03 20"), 0, 4, 1000), "straggler of an older event");
        }

        [TestMethod]
        public void ShortPayloadsAreCountedNotThrown()
        {
            DtmfReceiver rx = new DtmfReceiver();
            Assert.IsFalse(rx.Receive(new byte[3], 0, 3, 0));
            Assert.IsFalse(rx.Receive(null, 0, 4, 0));
            Assert.IsFalse(rx.Receive(new byte[4], 2, 4, 0));
            Assert.AreEqual(3, rx.Malformed);
        }
    }
}
