using System;
using Phone.Config;
using Phone.Media;
using Phone.Rtp;
using Xunit;
using Phone.Audio;

namespace Phone.Host.Tests.Media
{
    /// <summary>
    /// Hostile input never throws: random and mutated datagrams through every reader of the media
    /// path (demux, RTP view, jitter buffer, DTMF receiver, compound RTCP reader), with random offsets
    /// and lengths, and the playout clock running between them.
    /// </summary>
    public class MediaFuzzTests
    {
        [Fact]
        public void RandomAndMutatedDatagramsAreStatusesNotExceptions()
        {
            var random = new Random(4733);
            var jb = new JitterBuffer(AudioCodec.Pcmu, 20, 40, 200);
            var view = new RtpPacketView();
            var dtmf = new DtmfReceiver();
            var rtcp = new RtcpCompoundReader();
            byte[] valid = new byte[172];
            byte[] b = new byte[300];
            short[] pcm = new short[160];
            int rtpOk = 0, rtcpOk = 0;
            int[] hist = new int[8];
            for (int i = 0; i < 200_000; i++)
            {
                int length;
                if (random.Next(2) == 0)
                {
                    // Mutate a valid packet: a few random octets, sometimes a plausible RTCP header.
                    RtpHeaderWriter.Write(valid, 0, false, random.Next(3) == 0 ? 101 : 0, i & 0xFFFF, (uint)(160 * i), (uint)random.Next(3));
                    Array.Copy(valid, b, valid.Length);
                    length = random.Next(0, 200);
                    for (int m = random.Next(4); m > 0; m--) b[random.Next(20)] = (byte)random.Next(256);
                    if (random.Next(4) == 0)
                    {
                        // An RTCP SR/RR whose length field matches the datagram, with random report counts and bodies.
                        length = 8 * (1 + random.Next(20));
                        b[0] = (byte)(0x80 | random.Next(4));
                        b[1] = (byte)(200 + random.Next(2));
                        b[2] = 0;
                        b[3] = (byte)(length / 4 - 1);
                    }
                }
                else
                {
                    length = random.Next(0, 300);
                    random.NextBytes(b);
                }

                int offset = 0;
                if (offset + length > b.Length) length = b.Length - offset;
                if (random.Next(50) == 0) length = random.Next(-5, 400); // out-of-range arguments too

                MediaPacketDemux.Classify(b, offset, length);
                if (view.Parse(b, offset, length) == RtpParseStatus.Ok)
                {
                    rtpOk++;
                    dtmf.Receive(b, view.PayloadOffset, view.PayloadLength, view.Timestamp);
                }

                jb.Put(b, offset, length, i * 7L);
                RtcpParseStatus rs = rtcp.Read(b, offset, length, 1, (ulong)i << 20);
                hist[(int)rs]++;
                if (rs == RtcpParseStatus.Ok) rtcpOk++;
                if (i % 3 == 0) jb.Get(pcm, 0, 160, i * 7L);
            }

            Assert.True(rtpOk > 10_000, "the mutations reach the deeper checks: " + rtpOk);
            Assert.True(rtcpOk > 100, "some RTCP parses: " + string.Join(",", hist));
        }
    }
}
