using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;

namespace Phone.Host.Tests.Handset
{
    /// <summary>
    /// A test client of `Handset run --control`: sends one command line, returns the next line that is not an
    /// `event …` line (the reply), and keeps every event line it passed on the way.
    /// </summary>
    public sealed class ControlClient : IDisposable
    {
        private readonly TcpClient _tcp;
        private readonly Stream _stream;
        private readonly StreamReader _reader;
        private readonly List<string> _transcript = new List<string>();

        private ControlClient(TcpClient tcp)
        {
            _tcp = tcp;
            _stream = tcp.GetStream();
            _reader = new StreamReader(_stream, Encoding.ASCII);
        }

        public List<string> Events { get; } = new List<string>();

        /// <summary>Everything sent ("> …") and received, for the test output.</summary>
        public string Transcript => string.Join("\n", _transcript);

        /// <summary>A free TCP port on loopback (the handset binds it a moment later).</summary>
        public static int FreePort()
        {
            var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            int p = ((IPEndPoint)l.LocalEndpoint).Port;
            l.Stop();
            return p;
        }

        /// <summary>Connects as soon as the handset listens (it is a process that is still starting), then reads its hello.</summary>
        public static async Task<ControlClient> ConnectAsync(int port, TimeSpan limit)
        {
            var sw = Stopwatch.StartNew();
            while (true)
            {
                var tcp = new TcpClient();
                try
                {
                    await tcp.ConnectAsync(IPAddress.Loopback, port);
                    var c = new ControlClient(tcp);
                    string hello = await c.ReadLineAsync(TimeSpan.FromSeconds(10));
                    if (hello == null || !hello.StartsWith("event hello ", StringComparison.Ordinal)) throw new IOException("no hello: " + hello);
                    return c;
                }
                catch (SocketException) when (sw.Elapsed < limit)
                {
                    tcp.Dispose();
                    await Task.Delay(100);
                }
            }
        }

        public async Task<string> ReadLineAsync(TimeSpan limit)
        {
            Task<string> t = _reader.ReadLineAsync();
            if (await Task.WhenAny(t, Task.Delay(limit)) != t) throw new TimeoutException("no line in " + limit.TotalSeconds + " s\n" + Transcript);
            string line = await t;
            _transcript.Add(line ?? "(closed)");
            return line;
        }

        /// <summary>Sends raw bytes (a line end is not added).</summary>
        public async Task SendRawAsync(byte[] bytes)
        {
            _transcript.Add("> (" + bytes.Length + " raw bytes)");
            await _stream.WriteAsync(bytes, 0, bytes.Length);
            await _stream.FlushAsync();
        }

        /// <summary>One command, its reply; `limit` bounds the reply (a `wait` carries its own timeout too).</summary>
        public async Task<string> CommandAsync(string line, double limitSeconds = 15)
        {
            _transcript.Add("> " + line);
            byte[] b = Encoding.ASCII.GetBytes(line + "\n");
            await _stream.WriteAsync(b, 0, b.Length);
            await _stream.FlushAsync();
            return await ReplyAsync(limitSeconds);
        }

        public async Task<string> ReplyAsync(double limitSeconds = 15)
        {
            while (true)
            {
                string r = await ReadLineAsync(TimeSpan.FromSeconds(limitSeconds));
                if (r == null) throw new IOException("connection closed\n" + Transcript);
                if (r.StartsWith("event ", StringComparison.Ordinal))
                {
                    Events.Add(r);
                    continue;
                }

                return r;
            }
        }

        /// <summary>key=value pairs of a reply ("ok a=1 b=\"x y\"").</summary>
        public static Dictionary<string, string> Values(string reply)
        {
            var d = new Dictionary<string, string>();
            int i = reply.IndexOf(' ');
            while (i >= 0 && i < reply.Length)
            {
                while (i < reply.Length && reply[i] == ' ') i++;
                int eq = reply.IndexOf('=', i);
                if (eq < 0) break;
                string key = reply.Substring(i, eq - i);
                var v = new StringBuilder();
                int j = eq + 1;
                if (j < reply.Length && reply[j] == '"')
                {
                    for (j++; j < reply.Length && reply[j] != '"'; j++)
                    {
                        if (reply[j] == '\\' && j + 1 < reply.Length) j++;
                        v.Append(reply[j]);
                    }

                    j++;
                }
                else
                {
                    for (; j < reply.Length && reply[j] != ' '; j++) v.Append(reply[j]);
                }

                d[key] = v.ToString(); // a repeated key (call=) keeps the last
                i = j;
            }

            return d;
        }

        public void Dispose() => _tcp.Dispose();
    }
}
