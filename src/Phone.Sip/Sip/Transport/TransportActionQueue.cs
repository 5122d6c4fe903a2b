namespace Phone.Sip.Transport
{
    /// <summary>
    /// Bounded FIFO of the actions the core asks the adapter to perform. The adapter drains it after every call
    /// into the core. When full, further actions are refused and counted in Overflows (the core reports the
    /// failure to the caller as if the network had lost the packet; retransmission timers recover on UDP).
    /// </summary>
    public sealed class TransportActionQueue
    {
        private readonly TransportAction[] _ring;
        private int _head;
        private int _count;

        public TransportActionQueue(int capacity)
        {
            if (capacity < 1)
            {
                capacity = 1;
            }

            _ring = new TransportAction[capacity];
            for (int i = 0; i < capacity; i++)
            {
                _ring[i] = new TransportAction();
            }
        }

        public int Count
        {
            get { return _count; }
        }

        public int Capacity
        {
            get { return _ring.Length; }
        }

        /// <summary>Actions refused because the queue was full.</summary>
        public int Overflows { get; private set; }

        /// <summary>The oldest action, removed from the queue; null when empty. Valid until the next call into the core.</summary>
        public TransportAction Dequeue()
        {
            if (_count == 0)
            {
                return null;
            }

            TransportAction a = _ring[_head];
            _head = (_head + 1) % _ring.Length;
            _count--;
            return a;
        }

        /// <summary>The action at position i (0 = oldest) without removing it; null when out of range.</summary>
        public TransportAction Peek(int i)
        {
            if (i < 0 || i >= _count)
            {
                return null;
            }

            return _ring[(_head + i) % _ring.Length];
        }

        public void Clear()
        {
            _head = 0;
            _count = 0;
        }

        internal bool Add(TransportActionKind kind, int connectionId, SipTransportKind transport, string host, int port,
            string serverName, byte[] data, int offset, int count)
        {
            if (_count == _ring.Length)
            {
                Overflows++;
                return false;
            }

            _ring[(_head + _count) % _ring.Length].Set(kind, connectionId, transport, host, port, serverName, data, offset, count);
            _count++;
            return true;
        }
    }
}
