using System;
using System.Net.Sockets;
using System.Threading;

namespace Phone.Firmware.Network
{
    /// <summary>
    /// A deadline for a network job on a worker thread: when it passes (or Abort is called) the socket being
    /// watched is closed from a timer thread. Closing is what ends a wait that yields: nanoCLR's Socket.Poll,
    /// Socket.Receive/Send and SslStream.Read/Write wait in WaitEvents and check on every wake-up whether the
    /// handle was disposed, and NativeSocket.close sets the socket event so that they wake up
    /// (nf-interpreter sys_net_native_System_Net_Sockets_NativeSocket.cpp: close___STATIC__I4__OBJECT, poll___STATIC__...;
    /// docs/firmware.md "Blocking calls and stalls"). The worker then fails with an exception and reports the
    /// timeout, having looked at Expired.
    /// <para>
    /// It cannot end SslStream.AuthenticateAsClient on stock nanoCLR: that native call does not yield, so no
    /// timer thread runs until it returns. The handshake is bounded natively (hardware/firmware/nanoclr) and
    /// the timer then at least closes the socket right after.
    /// </para>
    /// </summary>
    public sealed class SocketDeadline
    {
        private readonly object _lock = new object();
        private Timer _timer;
        private Socket _socket;
        private bool _fired;
        private bool _expired;

        /// <summary>True once the deadline passed (not when Abort ended the job).</summary>
        public bool Expired
        {
            get
            {
                lock (_lock)
                {
                    return _expired;
                }
            }
        }

        /// <summary>True once the deadline passed or Abort was called.</summary>
        public bool Fired
        {
            get
            {
                lock (_lock)
                {
                    return _fired;
                }
            }
        }

        /// <summary>Starts the clock: the job must be done within ms milliseconds from now.</summary>
        public void Start(int ms)
        {
            lock (_lock)
            {
                _fired = false;
                _expired = false;
                _socket = null;
            }

            _timer = new Timer(OnTimer, null, ms, Timeout.Infinite);
        }

        /// <summary>The socket to close when the deadline passes; closed at once if it already has.</summary>
        public void Watch(Socket socket)
        {
            bool closeNow;
            lock (_lock)
            {
                _socket = socket;
                closeNow = _fired;
            }

            if (closeNow)
            {
                CloseQuietly(socket);
            }
        }

        /// <summary>The job finished (or moved to reads that bound themselves): nothing is closed any more.</summary>
        public void Stop()
        {
            lock (_lock)
            {
                _socket = null;
            }

            Timer t = _timer;
            _timer = null;
            if (t != null)
            {
                t.Dispose();
            }
        }

        /// <summary>Ends the job now (Stop of a link): closes the watched socket.</summary>
        public void Abort()
        {
            Fire(false);
        }

        private void OnTimer(object state)
        {
            Fire(true);
        }

        private void Fire(bool expired)
        {
            Socket s;
            lock (_lock)
            {
                _fired = true;
                if (expired)
                {
                    _expired = true;
                }

                s = _socket;
                _socket = null;
            }

            if (s != null)
            {
                CloseQuietly(s);
            }
        }

        private static void CloseQuietly(Socket s)
        {
            try
            {
                s.Close();
            }
            catch (Exception)
            {
            }
        }
    }
}
