using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace Phone.Tools.Handset
{
    /// <summary>
    /// `run --control 127.0.0.1:PORT`: a TCP line protocol on loopback that drives a running handset (docs/handset.md,
    /// "Control interface"). The socket threads only read, bound and parse lines; every command is executed on the
    /// handset's pump thread (<see cref="Handset.ControlAsync"/>). At most <see cref="ControlProtocol.MaxClients"/>
    /// clients; each has a bounded outgoing queue, and one that stops reading is dropped rather than stalling the pump.
    /// </summary>
    public sealed class ControlServer : IDisposable
    {
        /// <summary>Lines queued for one client (replies and events) before it counts as not reading.</summary>
        private const int MaxQueuedLines = 512;

        private readonly Handset _h;
        private readonly Action<string> _log;
        private readonly Socket _listener;
        private readonly List<Client> _clients = new List<Client>();
        private readonly object _lock = new object();
        private Thread _accept;
        private int _disposed;

        public ControlServer(Handset handset, IPEndPoint endpoint, Action<string> log)
        {
            _h = handset ?? throw new ArgumentNullException(nameof(handset));
            if (endpoint == null || !IPAddress.IsLoopback(endpoint.Address))
            {
                throw new ArgumentException("the control interface listens on loopback only, not " + endpoint);
            }

            _log = log ?? (_ => { });
            _listener = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                _listener.Bind(endpoint);
                _listener.Listen(4);
            }
            catch
            {
                _listener.Dispose();
                throw;
            }

            LocalEndpoint = (IPEndPoint)_listener.LocalEndPoint;
        }

        public IPEndPoint LocalEndpoint { get; }

        public void Start()
        {
            _h.ControlEvent += Broadcast;
            _accept = new Thread(AcceptLoop) { IsBackground = true, Name = "control-accept" };
            _accept.Start();
        }

        private void AcceptLoop()
        {
            while (Volatile.Read(ref _disposed) == 0)
            {
                Socket s;
                try
                {
                    s = _listener.Accept();
                }
                catch (SocketException)
                {
                    continue;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }

                var remote = s.RemoteEndPoint as IPEndPoint;
                if (remote == null || !IPAddress.IsLoopback(remote.Address))
                {
                    s.Dispose(); // cannot happen on a loopback listener; refuse anyway
                    continue;
                }

                Client c;
                lock (_lock)
                {
                    if (_clients.Count >= ControlProtocol.MaxClients)
                    {
                        c = null;
                    }
                    else
                    {
                        c = new Client(this, s, remote);
                        _clients.Add(c);
                    }
                }

                if (c == null)
                {
                    _log("control: refused " + remote + ": already " + ControlProtocol.MaxClients + " clients");
                    try
                    {
                        s.Send(Encoding.ASCII.GetBytes("error busy: at most " + ControlProtocol.MaxClients + " control clients\n"));
                        s.Shutdown(SocketShutdown.Both);
                    }
                    catch (SocketException)
                    {
                    }

                    s.Dispose();
                    continue;
                }

                _log("control: client " + remote + " connected");
                c.Start();
            }
        }

        /// <summary>Pump thread: never blocks, only queues.</summary>
        private void Broadcast(string line)
        {
            Client[] all;
            lock (_lock) all = _clients.ToArray();
            foreach (Client c in all) c.Send(line);
        }

        private void Remove(Client c, string why)
        {
            bool removed;
            lock (_lock) removed = _clients.Remove(c);
            if (removed) _log("control: client " + c.Remote + " " + why);
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            _h.ControlEvent -= Broadcast;
            _listener.Dispose();
            Client[] all;
            lock (_lock) all = _clients.ToArray();
            foreach (Client c in all) c.Close(flush: true);
        }

        /// <summary>One connection: a reader thread that runs commands one after the other, a writer thread for its queue.</summary>
        private sealed class Client
        {
            private readonly ControlServer _server;
            private readonly Socket _s;
            private readonly BlockingCollection<string> _out = new BlockingCollection<string>(MaxQueuedLines);
            private Thread _writer;
            private int _closed;

            public Client(ControlServer server, Socket s, IPEndPoint remote)
            {
                _server = server;
                _s = s;
                Remote = remote;
                _s.NoDelay = true;
            }

            public IPEndPoint Remote { get; }

            public void Start()
            {
                Send("event hello handset " + ControlProtocol.Quote(_server._h.Name) + " protocol 1");
                _writer = new Thread(WriteLoop) { IsBackground = true, Name = "control-write" };
                _writer.Start();
                new Thread(ReadLoop) { IsBackground = true, Name = "control-read" }.Start();
            }

            public void Send(string line)
            {
                if (Volatile.Read(ref _closed) != 0) return;
                bool queued;
                try
                {
                    queued = _out.TryAdd(line);
                }
                catch (InvalidOperationException)
                {
                    return; // completed: closing
                }

                // A client that does not read its events would fill memory, or stall whoever writes: drop it.
                if (!queued) Close(flush: false, why: "dropped: not reading (" + MaxQueuedLines + " lines queued)");
            }

            private void WriteLoop()
            {
                try
                {
                    foreach (string line in _out.GetConsumingEnumerable())
                    {
                        byte[] b = Encoding.ASCII.GetBytes(line + "\n");
                        _s.Send(b);
                    }
                }
                catch (Exception e) when (e is SocketException || e is ObjectDisposedException)
                {
                    Close(flush: false, why: "gone");
                    return;
                }

                try { _s.Shutdown(SocketShutdown.Both); } catch (Exception e) when (e is SocketException || e is ObjectDisposedException) { }
                _s.Dispose();
            }

            private void ReadLoop()
            {
                var line = new byte[ControlProtocol.MaxLineBytes];
                var buf = new byte[1024];
                int len = 0;
                bool overflow = false;
                try
                {
                    while (Volatile.Read(ref _closed) == 0)
                    {
                        int n = _s.Receive(buf);
                        if (n <= 0) break;
                        for (int i = 0; i < n; i++)
                        {
                            byte b = buf[i];
                            if (b == (byte)'\n')
                            {
                                if (overflow) Send("error line too long (at most " + ControlProtocol.MaxLineBytes + " bytes)");
                                else if (!Handle(line, len)) return;
                                len = 0;
                                overflow = false;
                            }
                            else if (overflow)
                            {
                                // Skip to the end of the oversized line.
                            }
                            else if (len == line.Length)
                            {
                                overflow = true;
                            }
                            else
                            {
                                line[len++] = b;
                            }
                        }
                    }
                }
                catch (Exception e) when (e is SocketException || e is ObjectDisposedException)
                {
                }

                Close(flush: true, why: "disconnected");
            }

            /// <summary>One line; false when the connection is to end.</summary>
            private bool Handle(byte[] line, int len)
            {
                if (len > 0 && line[len - 1] == (byte)'\r') len--;
                if (!ControlProtocol.IsPrintable(line, len))
                {
                    Send("error bad characters: printable ASCII only");
                    return true;
                }

                string text = Encoding.ASCII.GetString(line, 0, len).Trim();
                if (text.Length == 0) return true; // blank lines are ignored (no reply)
                ControlCommand c = ControlProtocol.Parse(text, out string error);
                if (c == null)
                {
                    Send("error " + error);
                    return true;
                }

                if (c.Verb == ControlVerb.Bye)
                {
                    Send("ok bye");
                    Close(flush: true, why: "said bye");
                    return false;
                }

                // The reply comes when the pump has run the command (or `wait` is over); events keep flowing meanwhile.
                string reply;
                try
                {
                    reply = _server._h.ControlAsync(c).GetAwaiter().GetResult();
                }
                catch (Exception e)
                {
                    reply = "error internal " + e.GetType().Name;
                }

                Send(reply);
                if (c.Verb == ControlVerb.Quit && reply == "ok quit")
                {
                    // Only now: stopping makes the run close every connection (flushing what is queued, this reply too).
                    _server._h.Stop();
                }

                return true;
            }

            public void Close(bool flush, string why = "closed")
            {
                if (Interlocked.Exchange(ref _closed, 1) != 0) return;
                _server.Remove(this, why);
                _out.CompleteAdding();
                if (flush && _writer != null && Thread.CurrentThread != _writer)
                {
                    _writer.Join(1000); // the writer shuts the socket down once its queue is empty
                }

                try { _s.Shutdown(SocketShutdown.Both); } catch (Exception e) when (e is SocketException || e is ObjectDisposedException) { }
                _s.Dispose();
            }
        }
    }
}
