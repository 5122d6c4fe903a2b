using System;
using System.Net;
using System.Net.Sockets;
using Phone.App.Drivers;

namespace Phone.Firmware.Audio
{
    /// <summary>
    /// One call's media sockets: UDP on the RTP port the call agent put in SDP (even) and on the RTCP port above it
    /// (RFC 3550 §11). Owned and used by the media thread only, except Open/Close/SetRemote, which the core thread
    /// calls under the media engine's lock. Sends go to endpoints made when the remote address is set (per call or
    /// re-INVITE), never per packet; receives ask Socket.Poll whether a datagram waits (Available counts bytes, so it
    /// says 0 for an empty datagram, which would then block every datagram queued behind it) and Receive it into the
    /// caller's buffer, so the per-packet path allocates nothing. The source of a packet is not checked here: MediaSession checks SRTP
    /// authentication and the SSRC. While the engine asks for sources (NoteSources, for latching onto the peer's
    /// real address) receives use ReceiveFrom, which makes an EndPoint per datagram; the engine stops asking after
    /// the first accepted packet. Failures are counted, never thrown.
    /// </summary>
    public sealed class RtpPort : IMediaPort
    {
        private Socket _rtp;
        private Socket _rtcp;
        private IPEndPoint _remoteRtp;
        private IPEndPoint _remoteRtcp;
        private EndPoint _lastSource;
        private int _rtcpOffset = 1;

        public int LocalPort { get; private set; }

        public int SendErrors { get; private set; }

        public int ReceiveErrors { get; private set; }

        public bool IsOpen
        {
            get { return _rtp != null; }
        }

        public bool Open(int localPort)
        {
            Close();
            try
            {
                _rtp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                _rtp.Bind(new IPEndPoint(IPAddress.Any, localPort));
                _rtcp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                _rtcp.Bind(new IPEndPoint(IPAddress.Any, localPort + 1));
                LocalPort = localPort;
                return true;
            }
            catch (Exception)
            {
                Close();
                return false;
            }
        }

        /// <summary>Where to send (from the negotiated SDP); rtcpPort 0 means RTP port + 1.</summary>
        public bool SetRemote(string address, int rtpPort, int rtcpPort)
        {
            try
            {
                IPAddress ip = IPAddress.Parse(address);
                _remoteRtp = new IPEndPoint(ip, rtpPort);
                _remoteRtcp = new IPEndPoint(ip, rtcpPort > 0 ? rtcpPort : rtpPort + 1);
                _rtcpOffset = _remoteRtcp.Port - rtpPort;
                _lastSource = null;
                return true;
            }
            catch (Exception)
            {
                _remoteRtp = null;
                _remoteRtcp = null;
                return false;
            }
        }

        public void SendRtp(byte[] data, int offset, int count)
        {
            Send(_rtp, _remoteRtp, data, offset, count);
        }

        public void SendRtcp(byte[] data, int offset, int count)
        {
            Send(_rtcp, _remoteRtcp, data, offset, count);
        }

        public bool NoteSources { get; set; }

        /// <summary>A waiting RTP datagram into buffer: its length (0 for an empty one), or -1 when none (never blocks).</summary>
        public int ReceiveRtp(byte[] buffer, int offset, int count)
        {
            if (!NoteSources)
            {
                return Receive(_rtp, buffer, offset, count);
            }

            try
            {
                if (_rtp == null || !_rtp.Poll(0, SelectMode.SelectRead))
                {
                    return -1;
                }

                EndPoint from = new IPEndPoint(IPAddress.Any, 0);
                int n = _rtp.ReceiveFrom(buffer, offset, count, SocketFlags.None, ref from);
                _lastSource = from;
                return n;
            }
            catch (Exception)
            {
                ReceiveErrors++;
                return -1;
            }
        }

        public bool LatchToLastSource()
        {
            IPEndPoint from = _lastSource as IPEndPoint;
            if (from == null || _remoteRtp == null ||
                (from.Address.Equals(_remoteRtp.Address) && from.Port == _remoteRtp.Port))
            {
                return false;
            }

            _remoteRtp = new IPEndPoint(from.Address, from.Port);
            _remoteRtcp = new IPEndPoint(from.Address, from.Port + _rtcpOffset);
            return true;
        }

        /// <summary>A waiting RTCP datagram into buffer: its length (0 for an empty one), or -1 when none (never blocks).</summary>
        public int ReceiveRtcp(byte[] buffer, int offset, int count)
        {
            return Receive(_rtcp, buffer, offset, count);
        }

        /// <summary>Waits up to waitMs for RTP to arrive (the wait yields to other managed threads).</summary>
        public bool WaitRtp(int waitMs)
        {
            try
            {
                return _rtp != null && _rtp.Poll(waitMs * 1000, SelectMode.SelectRead);
            }
            catch (Exception)
            {
                ReceiveErrors++;
                return false;
            }
        }

        public void Close()
        {
            CloseSocket(_rtp);
            CloseSocket(_rtcp);
            _rtp = null;
            _rtcp = null;
            _remoteRtp = null;
            _remoteRtcp = null;
        }

        private void Send(Socket s, IPEndPoint to, byte[] data, int offset, int count)
        {
            if (s == null || to == null || count <= 0)
            {
                return;
            }

            try
            {
                s.SendTo(data, offset, count, SocketFlags.None, to);
            }
            catch (Exception)
            {
                SendErrors++;
            }
        }

        /// <summary>The next datagram's length (0 for an empty one, which is read and so cannot block the queue), or -1 when none waits.</summary>
        private int Receive(Socket s, byte[] buffer, int offset, int count)
        {
            if (s == null)
            {
                return -1;
            }

            try
            {
                if (!s.Poll(0, SelectMode.SelectRead))
                {
                    return -1;
                }

                return s.Receive(buffer, offset, count, SocketFlags.None);
            }
            catch (Exception)
            {
                ReceiveErrors++;
                return -1;
            }
        }

        private static void CloseSocket(Socket s)
        {
            try
            {
                if (s != null)
                {
                    s.Close();
                }
            }
            catch (Exception)
            {
            }
        }
    }
}
