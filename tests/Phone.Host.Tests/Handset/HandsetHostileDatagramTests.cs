using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using Phone.Host.Tests.Interop;
using Phone.Tools.Handset;
using Xunit;
using Xunit.Abstractions;

namespace Phone.Host.Tests.Handset
{
    /// <summary>
    /// Bad datagrams on a call's media ports are normal input: mid-call the test sends the caller's RTP and RTCP
    /// ports an empty datagram, one larger than any RTP packet, a truncated RTP header and a header with no payload,
    /// and the caller keeps hearing the callee. (An empty datagram used to stop the receive loop for the rest of the
    /// call: "bytes available" reads 0 for it, so it was never taken off the queue.)
    /// </summary>
    [Collection(HandsetMediaCollection.Name)]
    public sealed class HandsetHostileDatagramTests
    {
        private readonly ITestOutputHelper _out;

        public HandsetHostileDatagramTests(ITestOutputHelper output)
        {
            _out = output;
        }

        [Fact]
        public async Task EmptyOversizedAndTruncatedDatagrams_MidCall_AudioCarriesOn()
        {
            var pair = new DirectCallPair("handset-hostile");
            int rtp = FreeEvenUdpRange();
            string dir = pair.Dir, state = pair.State, tone = pair.Tone1000;
            int p1 = pair.Port1001, p2 = pair.Port1002;
            string rec = Path.Combine(dir, "1001.wav");

            Task<HandsetProcess.Result> callee = HandsetProcess.RunAsync(TimeSpan.FromSeconds(45), null,
                "run", "--config", pair.Config1002, "--no-register", "--listen-tls", "--state", state, "--sip-port", p2.ToString(),
                "--auto-answer", "--mic", tone, "--plain", "--script", "until connected 25s; until ended 30s; quit");
            await Task.Delay(2000);
            Task<HandsetProcess.Result> caller = HandsetProcess.RunAsync(TimeSpan.FromSeconds(45), null,
                "run", "--config", pair.Config1001, "--no-register", "--listen-tls", "--state", state, "--sip-port", p1.ToString(),
                "--rtp-port", rtp.ToString(), "--speaker", rec, "--plain", "--script",
                "dial sips:1002@127.0.0.1:" + p2 + "; key call; until connected 10s; wait 9s; key hangup; until ended 5s; wait 300ms; quit");

            // Three seconds into the call (connect takes well under 2 s here), the bad datagrams, each kind to RTP and RTCP.
            await Task.Delay(4500);
            using (var junk = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)))
            {
                byte[][] datagrams =
                {
                    Array.Empty<byte>(),
                    Enumerable.Repeat((byte)0xA5, 1500).ToArray(),
                    new byte[] { 0x80, 0x00, 0x00 },
                    new byte[] { 0x80, 0x00, 0x12, 0x34, 0, 0, 0, 0, 0xDE, 0xAD, 0xBE, 0xEF },
                    Array.Empty<byte>(),
                };
                foreach (int port in new[] { rtp, rtp + 1 })
                {
                    foreach (byte[] d in datagrams)
                    {
                        junk.Send(d, d.Length, new IPEndPoint(IPAddress.Loopback, port));
                    }
                }
            }

            HandsetProcess.Result called = await caller, answered = await callee;
            _out.WriteLine("== 1001\n" + called + "\n== 1002\n" + answered);
            Assert.True(called.ExitCode == 0, called.ToString());
            Assert.Contains("calls answered 1, ended 1", called.Output);

            // The last 4 s of the recording come after the bad datagrams: the far tone must be there.
            short[] all = ToneCheck.ReadMonoS16(rec, out int rate);
            short[] tail = all.Skip(Math.Max(0, all.Length - 4 * rate)).ToArray();
            ToneReport heard = ToneCheck.Analyse(tail, rate, 1000);
            _out.WriteLine("1001 after the bad datagrams: " + heard);
            Assert.True(heard.Blocks >= 40 && heard.ToneBlocks * 2 >= heard.Blocks, heard.ToString());
        }

        /// <summary>An even UDP port whose pair and the next pair (the second call slot) are free on loopback.</summary>
        private static int FreeEvenUdpRange()
        {
            for (int attempt = 0; attempt < 50; attempt++)
            {
                int port;
                using (var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)))
                {
                    port = ((IPEndPoint)probe.Client.LocalEndPoint).Port & ~1;
                }

                if (port < 20000 || port > 65000) continue;
                try
                {
                    for (int i = 0; i < 4; i++)
                    {
                        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                        s.Bind(new IPEndPoint(IPAddress.Any, port + i));
                    }

                    return port;
                }
                catch (SocketException)
                {
                }
            }

            throw new InvalidOperationException("no free even UDP port range");
        }
    }
}
