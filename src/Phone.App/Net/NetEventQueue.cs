using System;
using System.Threading;

namespace Phone.App.Net
{
    /// <summary>
    /// The one hand-over point between socket threads and the core thread (the sans-I/O core is
    /// single-threaded and lock-free; docs/firmware.md "Threads"). A bounded ring of preallocated NetEvent
    /// slots behind one lock: producers copy into a free slot and signal Wake; the core takes the oldest slot,
    /// feeds it to SipTransport and releases it.
    /// <para>
    /// When the ring is full a stream reader waits for room (its bytes cannot be dropped without breaking
    /// the framing of RFC 3261 §18.3), while a UDP datagram is dropped and counted: UDP SIP retransmits
    /// (RFC 3261 §17.1.1.2), so a drop is a lost packet, not a broken state.
    /// </para>
    /// </summary>
    public sealed class NetEventQueue
    {
        private readonly NetEvent[] _ring;
        private readonly object _lock = new object();
        private int _head;
        private int _count;
        private bool _taken;

        /// <param name="slots">ring size.</param>
        /// <param name="slotBytes">bytes per slot: at least SipLimits.MaxMessageSize so one datagram fits.</param>
        /// <param name="wake">signalled on every post, so the core loop wakes at once.</param>
        public NetEventQueue(int slots, int slotBytes, AutoResetEvent wake)
        {
            _ring = new NetEvent[slots];
            for (int i = 0; i < slots; i++)
            {
                _ring[i] = new NetEvent(slotBytes);
            }

            SlotBytes = slotBytes;
            Wake = wake;
        }

        public AutoResetEvent Wake { get; private set; }

        public int SlotBytes { get; private set; }

        /// <summary>Datagrams dropped because the ring was full.</summary>
        public int DroppedDatagrams { get; private set; }

        /// <summary>Most slots ever in use at once (sizing check on the diagnostics screen).</summary>
        public int HighWater { get; private set; }

        /// <summary>
        /// Copies an event into a free slot. With waitForRoom the caller (a stream reader thread) sleeps until a
        /// slot frees or stop is set; otherwise a full ring drops the event and returns false.
        /// </summary>
        public bool Post(NetEventKind kind, int connectionId, string host, int port, string reason, byte[] data, int offset,
            int count, bool waitForRoom, StopFlag stop)
        {
            if (count > SlotBytes)
            {
                count = SlotBytes;
            }

            while (true)
            {
                lock (_lock)
                {
                    if (_count < _ring.Length)
                    {
                        NetEvent e = _ring[(_head + _count) % _ring.Length];
                        e.Kind = kind;
                        e.ConnectionId = connectionId;
                        e.Host = host;
                        e.Port = port;
                        e.Reason = reason;
                        e.Count = data == null ? 0 : count;
                        if (data != null && count > 0)
                        {
                            Array.Copy(data, offset, e.Data, 0, count);
                        }

                        _count++;
                        if (_count > HighWater)
                        {
                            HighWater = _count;
                        }

                        break;
                    }

                    if (!waitForRoom)
                    {
                        DroppedDatagrams++;
                        return false;
                    }
                }

                if (stop != null && stop.IsSet)
                {
                    return false;
                }

                // The core drains the ring every loop; a short sleep yields to it (green threads, 20 ms quantum).
                Wake.Set();
                Thread.Sleep(5);
            }

            Wake.Set();
            return true;
        }

        /// <summary>The oldest event, or null. The core must call Release before taking the next one.</summary>
        public NetEvent Peek()
        {
            lock (_lock)
            {
                if (_count == 0 || _taken)
                {
                    return null;
                }

                _taken = true;
                return _ring[_head];
            }
        }

        /// <summary>Frees the slot returned by Peek.</summary>
        public void Release()
        {
            lock (_lock)
            {
                if (!_taken)
                {
                    return;
                }

                _ring[_head].Host = null;
                _ring[_head].Reason = null;
                _head = (_head + 1) % _ring.Length;
                _count--;
                _taken = false;
            }
        }
    }
}
