namespace Phone.App.Drivers
{
    /// <summary>
    /// One call's RTP and RTCP sockets (RTCP on the RTP port + 1, RFC 3550 §11). Receive never blocks: it returns
    /// the datagram's length, or -1 when nothing waits. Sends never throw; failures are counted.
    /// </summary>
    public interface IMediaPort
    {
        bool IsOpen { get; }

        int LocalPort { get; }

        int SendErrors { get; }

        int ReceiveErrors { get; }

        /// <summary>Binds RTP on localPort and RTCP on localPort + 1; false when either is taken.</summary>
        bool Open(int localPort);

        bool SetRemote(string address, int rtpPort, int rtcpPort);

        void SendRtp(byte[] data, int offset, int count);

        void SendRtcp(byte[] data, int offset, int count);

        int ReceiveRtp(byte[] buffer, int offset, int count);

        int ReceiveRtcp(byte[] buffer, int offset, int count);

        /// <summary>
        /// Media latching (symmetric RTP, RFC 4961): while true, ReceiveRtp notes the source address of each datagram
        /// it returns. The engine sets it with each remote address and clears it after the first packet the session
        /// accepts (on the device, reading the source costs an EndPoint per datagram, so steady state reads without it).
        /// </summary>
        bool NoteSources { get; set; }

        /// <summary>
        /// Sends RTP from now on to the source of the last datagram ReceiveRtp returned while noting, and RTCP to that
        /// port plus the SDP's RTCP offset (1, or 0 with rtcp-mux); true when that moved the remote, false when media
        /// already goes there or no source was noted.
        /// </summary>
        bool LatchToLastSource();

        /// <summary>Waits up to waitMs for an RTP datagram (the media loop's idle wait); true when one is there.</summary>
        bool WaitRtp(int waitMs);

        void Close();
    }
}
