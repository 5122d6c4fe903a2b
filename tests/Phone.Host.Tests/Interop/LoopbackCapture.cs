using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;

namespace Phone.Host.Tests.Interop
{
    /// <summary>One UDP datagram seen on the loopback interface.</summary>
    public sealed class CapturedUdp
    {
        public int SourcePort { get; set; }
        public int DestinationPort { get; set; }
        public byte[] Payload { get; set; }
    }

    /// <summary>
    /// A bounded capture on <c>lo</c> with dumpcap (from the optional tshark package): classic pcap
    /// with a BPF filter, parsed here (Ethernet/IPv4/UDP) without tshark. <see cref="TryStart"/>
    /// returns null when dumpcap is missing or cannot capture (no privileges), so callers can skip.
    /// </summary>
    public sealed class LoopbackCapture : IDisposable
    {
        private readonly PeerProcess _process;

        private LoopbackCapture(PeerProcess process, string path)
        {
            _process = process;
            Path = path;
        }

        public string Path { get; }

        public string Log => _process.Log;

        public static LoopbackCapture TryStart(string filter, string path, int maxSeconds = 60)
        {
            string dumpcap = KamailioRig.FindOnPath("dumpcap");
            if (dumpcap == null) return null;
            var p = PeerProcess.Start(dumpcap, new[] { "-i", "lo", "-P", "-q", "-f", filter, "-w", path, "-a", "duration:" + maxSeconds },
                System.IO.Path.GetDirectoryName(path), maxSeconds + 5);
            var sw = Stopwatch.StartNew();
            while (sw.Elapsed < TimeSpan.FromSeconds(10))
            {
                if (p.Log.Contains("Capturing on", StringComparison.Ordinal) && File.Exists(path)) return new LoopbackCapture(p, path);
                if (p.HasExited) break;
                Thread.Sleep(50);
            }
            p.Dispose();
            return null;
        }

        /// <summary>Stops dumpcap (SIGTERM lets it flush) and returns the UDP datagrams in capture order.</summary>
        public List<CapturedUdp> StopAndRead()
        {
            _process.Stop(5000);
            return ReadUdp(Path);
        }

        public void Dispose() => _process.Dispose();

        public static List<CapturedUdp> ReadUdp(string path)
        {
            var result = new List<CapturedUdp>();
            byte[] b = File.ReadAllBytes(path);
            if (b.Length < 24) return result;
            uint magic = BitConverter.ToUInt32(b, 0);
            if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) throw new InvalidDataException("not a little-endian pcap file: " + path);
            int linkType = BitConverter.ToInt32(b, 20);
            int pos = 24;
            while (pos + 16 <= b.Length)
            {
                int incl = BitConverter.ToInt32(b, pos + 8);
                int frame = pos + 16;
                pos = frame + incl;
                if (pos > b.Length || incl < 0) break;
                int ip;
                if (linkType == 1) // Ethernet (lo on Linux)
                {
                    if (incl < 14 || b[frame + 12] != 0x08 || b[frame + 13] != 0x00) continue;
                    ip = frame + 14;
                }
                else if (linkType == 113) // Linux cooked
                {
                    if (incl < 16 || b[frame + 14] != 0x08 || b[frame + 15] != 0x00) continue;
                    ip = frame + 16;
                }
                else continue;
                if ((b[ip] >> 4) != 4 || b[ip + 9] != 17) continue;
                int udp = ip + (b[ip] & 0x0f) * 4;
                if (udp + 8 > frame + incl) continue;
                int len = (b[udp + 4] << 8 | b[udp + 5]) - 8;
                if (len < 0 || udp + 8 + len > frame + incl) continue;
                result.Add(new CapturedUdp
                {
                    SourcePort = b[udp] << 8 | b[udp + 1],
                    DestinationPort = b[udp + 2] << 8 | b[udp + 3],
                    Payload = b.AsSpan(udp + 8, len).ToArray(),
                });
            }
            return result;
        }

        /// <summary>
        /// For the G.711 RTP (or SRTP) packets from <paramref name="sourcePort"/> to <paramref name="destinationPort"/> (-1: any)
        /// (version 2, payload type 0 or 8; STUN and RTCP are skipped), in sequence order: how many
        /// packets have a first-160-byte payload identical to the packet 5 later, out of how many pairs.
        /// A steady 440 or 1000 Hz tone at 8 kHz repeats every 5 packets of 20 ms, so plain RTP
        /// repeats; SRTP's keystream differs per packet, so it never does.
        /// </summary>
        public static (int Repeats, int Pairs, int Packets) RepeatsEveryFivePackets(IEnumerable<CapturedUdp> packets, int sourcePort, int destinationPort)
        {
            var rtp = packets
                .Where(p => (sourcePort < 0 || p.SourcePort == sourcePort) && (destinationPort < 0 || p.DestinationPort == destinationPort) && p.Payload.Length >= 12 + 160
                    && (p.Payload[0] >> 6) == 2 && ((p.Payload[1] & 0x7f) == 0 || (p.Payload[1] & 0x7f) == 8))
                .Select(p => (Seq: p.Payload[2] << 8 | p.Payload[3], Body: p.Payload.AsSpan(12 + 4 * (p.Payload[0] & 0x0f), 160).ToArray()))
                .ToList();
            var bySeq = new Dictionary<int, byte[]>();
            foreach (var r in rtp) bySeq[r.Seq] = r.Body;
            int pairs = 0, repeats = 0;
            foreach (var kv in bySeq)
            {
                if (!bySeq.TryGetValue((kv.Key + 5) & 0xffff, out byte[] later)) continue;
                pairs++;
                if (kv.Value.AsSpan().SequenceEqual(later)) repeats++;
            }
            return (repeats, pairs, rtp.Count);
        }
    }
}
