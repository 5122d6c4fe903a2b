using System;
using Phone.App.Drivers;

namespace Phone.Host.Drivers
{
    /// <summary>
    /// One call's media port without sockets: RTP the app sends waits in an outbox for the test to take, RTP the test
    /// injects waits in an inbox for the app to read; RTCP is counted and dropped. Both queues are rings of
    /// preallocated datagrams, so a frame through the port allocates nothing (allocation tests and benchmarks of the
    /// media engine measure the engine alone).
    /// </summary>
    public sealed class MemoryMediaPort : IMediaPort
    {
        private const int Slots = 32;
        private const int MaxDatagram = 1500;
        private readonly Ring _out = new Ring();
        private readonly Ring _in = new Ring();

        public bool IsOpen { get; private set; }

        public int LocalPort { get; private set; }

        public int SendErrors { get; private set; }

        public int ReceiveErrors => 0;

        public bool NoteSources { get; set; }

        /// <summary>RTCP datagrams the app sent.</summary>
        public int RtcpSent { get; private set; }

        public bool Open(int localPort)
        {
            IsOpen = true;
            LocalPort = localPort;
            _out.Clear();
            _in.Clear();
            return true;
        }

        public bool SetRemote(string address, int rtpPort, int rtcpPort) => true;

        public void SendRtp(byte[] data, int offset, int count)
        {
            if (!IsOpen || !_out.Put(data, offset, count)) SendErrors++;
        }

        public void SendRtcp(byte[] data, int offset, int count) => RtcpSent++;

        public int ReceiveRtp(byte[] buffer, int offset, int count) => IsOpen ? _in.Take(buffer, offset, count) : -1;

        public int ReceiveRtcp(byte[] buffer, int offset, int count) => -1;

        public bool LatchToLastSource() => false;

        public bool WaitRtp(int waitMs) => _in.Count > 0;

        public void Close() => IsOpen = false;

        /// <summary>Queues a datagram for the app to receive; false when the inbox is full or the port closed.</summary>
        public bool Inject(byte[] data, int offset, int count) => IsOpen && _in.Put(data, offset, count);

        /// <summary>Takes the oldest RTP datagram the app sent into buffer; its length, or -1 when none waits.</summary>
        public int TakeSent(byte[] buffer, int offset, int count) => _out.Take(buffer, offset, count);

        private sealed class Ring
        {
            private readonly byte[][] _data = new byte[Slots][];
            private readonly int[] _length = new int[Slots];
            private int _head;

            public Ring()
            {
                for (int i = 0; i < Slots; i++) _data[i] = new byte[MaxDatagram];
            }

            public int Count { get; private set; }

            public void Clear()
            {
                _head = 0;
                Count = 0;
            }

            public bool Put(byte[] data, int offset, int count)
            {
                if (Count == Slots || count > MaxDatagram) return false;
                int at = (_head + Count) % Slots;
                Buffer.BlockCopy(data, offset, _data[at], 0, count);
                _length[at] = count;
                Count++;
                return true;
            }

            public int Take(byte[] buffer, int offset, int count)
            {
                if (Count == 0) return -1;
                int n = Math.Min(_length[_head], count);
                Buffer.BlockCopy(_data[_head], 0, buffer, offset, n);
                _head = (_head + 1) % Slots;
                Count--;
                return n;
            }
        }
    }
}
