namespace Phone.Sip.Transport
{
    /// <summary>What the adapter is asked to do by a TransportAction.</summary>
    public enum TransportActionKind
    {
        /// <summary>Open a Tcp or Tls connection to Host:Port (resolving Host itself); for Tls verify ServerName. Answer with OnConnected or OnConnectFailed.</summary>
        Connect = 0,

        /// <summary>Write Data[Offset..Offset+Count) to the stream connection ConnectionId.</summary>
        Send = 1,

        /// <summary>Send one UDP datagram Data[Offset..Offset+Count) to Host:Port (resolving Host itself).</summary>
        SendTo = 2,

        /// <summary>Close the stream connection ConnectionId; no OnConnectionClosed is expected for it.</summary>
        Close = 3
    }
}
