using System;
using System.Net;
using System.Net.Sockets;
using Phone.App.Drivers;

namespace Phone.Host.Drivers
{
    /// <summary>One call's RTP and RTCP sockets on the host (RTCP = RTP + 1, RFC 3550 §11), non-blocking receives.</summary>
    public sealed class UdpMediaPort : IMediaPort, IDisposable
    {
        private readonly IPAddress _bind;
        private Socket _rtp;
        private Socket _rtcp;
        private SocketAddress _remoteRtp;
        private SocketAddress _remoteRtcp;
        private readonly SocketAddress _lastSource = new SocketAddress(AddressFamily.InterNetwork);
        private bool _sourceNoted;
        private int _rtcpOffset = 1;

        public UdpMediaPort(IPAddress bind) => _bind = bind ?? IPAddress.Loopback;

        public bool IsOpen => _rtp != null;

        public int LocalPort { get; private set; }

        public int SendErrors { get; private set; }

        public int ReceiveErrors { get; private set; }

        /// <summary>The network is gone: sends are lost and what arrives is never read (the Wi-Fi model dropped).</summary>
        public bool NetworkDown { get; set; }

        public bool Open(int localPort)
        {
            Close();
            try
            {
                _rtp = Bind(localPort);
                _rtcp = Bind(localPort + 1);
                LocalPort = localPort;
                return true;
            }
            catch (SocketException)
            {
                Close();
                return false;
            }
        }

        public bool SetRemote(string address, int rtpPort, int rtcpPort)
        {
            if (!IPAddress.TryParse(address, out IPAddress ip)) return false;
            // Serialized once here: SendTo with an EndPoint serializes it again on every datagram.
            _remoteRtp = new IPEndPoint(ip, rtpPort).Serialize();
            _remoteRtcp = new IPEndPoint(ip, rtcpPort).Serialize();
            _rtcpOffset = rtcpPort - rtpPort;
            _sourceNoted = false;
            return true;
        }

        public void SendRtp(byte[] data, int offset, int count) => Send(_rtp, _remoteRtp, data, offset, count);

        public void SendRtcp(byte[] data, int offset, int count) => Send(_rtcp, _remoteRtcp, data, offset, count);

        public bool NoteSources { get; set; }

        public int ReceiveRtp(byte[] buffer, int offset, int count)
        {
            if (!NoteSources || _rtp == null || NetworkDown) return Receive(_rtp, buffer, offset, count);
            try
            {
                if (!_rtp.Poll(0, SelectMode.SelectRead)) return -1;
                int n = _rtp.ReceiveFrom(buffer.AsSpan(offset, count), SocketFlags.None, _lastSource);
                _sourceNoted = true;
                return n;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock) { return -1; }
            catch (Exception e) when (e is SocketException || e is ObjectDisposedException) { ReceiveErrors++; return -1; }
        }

        public bool LatchToLastSource()
        {
            if (!_sourceNoted || _remoteRtp == null || _lastSource.Equals(_remoteRtp)) return false;
            var from = (IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(_lastSource);
            _remoteRtp = from.Serialize();
            _remoteRtcp = new IPEndPoint(from.Address, from.Port + _rtcpOffset).Serialize();
            return true;
        }

        public int ReceiveRtcp(byte[] buffer, int offset, int count) => Receive(_rtcp, buffer, offset, count);

        public bool WaitRtp(int waitMs)
        {
            Socket s = _rtp;
            if (s == null) { System.Threading.Thread.Sleep(waitMs); return false; }
            try { return s.Poll(waitMs * 1000, SelectMode.SelectRead); }
            catch (Exception e) when (e is SocketException || e is ObjectDisposedException) { return false; }
        }

        public void Close()
        {
            _rtp?.Dispose();
            _rtcp?.Dispose();
            _rtp = null;
            _rtcp = null;
            _remoteRtp = null;
            _remoteRtcp = null;
        }

        public void Dispose() => Close();

        private Socket Bind(int port)
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { Blocking = false };
            try
            {
                s.Bind(new IPEndPoint(_bind, port));
                return s;
            }
            catch
            {
                s.Dispose();
                throw;
            }
        }

        private void Send(Socket s, SocketAddress to, byte[] data, int offset, int count)
        {
            if (s == null || to == null || NetworkDown) { SendErrors++; return; }
            try { s.SendTo(new ReadOnlySpan<byte>(data, offset, count), SocketFlags.None, to); }
            catch (Exception e) when (e is SocketException || e is ObjectDisposedException) { SendErrors++; }
        }

        private int Receive(Socket s, byte[] buffer, int offset, int count)
        {
            if (s == null) return -1;
            try
            {
                // Poll, not Available: Available counts bytes, so an empty datagram at the head of the queue would read
                // as "nothing waiting" and hold every datagram behind it for good.
                if (!s.Poll(0, SelectMode.SelectRead)) return -1;
                if (NetworkDown)
                {
                    s.Receive(buffer, offset, count, SocketFlags.None);
                    return -1;
                }

                return s.Receive(buffer, offset, count, SocketFlags.None);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock)
            {
                return -1;
            }
            catch (SocketException)
            {
                // ICMP port unreachable from an earlier send surfaces here: counted, the next datagram is read.
                ReceiveErrors++;
                return -1;
            }
            catch (ObjectDisposedException)
            {
                return -1;
            }
        }
    }
}
