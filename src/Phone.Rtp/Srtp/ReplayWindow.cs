namespace Phone.Srtp
{
    /// <summary>
    /// Sliding replay window over packet indices (RFC 3711 §3.3.2): the highest authenticated index
    /// and a bitmap of which of the preceding <c>size</c> indices were received. Bit i of the bitmap
    /// stands for index (highest − i). Check and Accept are separate so that nothing is recorded
    /// until the packet's tag has verified.
    /// </summary>
    internal sealed class ReplayWindow
    {
        readonly uint[] _bits;
        readonly int _size;
        bool _started;
        long _highest;

        internal ReplayWindow(int size)
        {
            _size = size;
            _bits = new uint[(size + 31) / 32];
        }

        /// <summary>True once any index has been accepted.</summary>
        internal bool Started
        {
            get { return _started; }
        }

        /// <summary>The highest accepted index; meaningless before <see cref="Started"/>.</summary>
        internal long Highest
        {
            get { return _highest; }
        }

        /// <summary>Ok for an index not yet seen and inside the window; ReplayedPacket or PacketTooOld otherwise.</summary>
        internal SrtpStatus Check(long index)
        {
            if (index < 0)
            {
                return SrtpStatus.PacketTooOld;
            }

            if (!_started)
            {
                return SrtpStatus.Ok;
            }

            long delta = _highest - index;
            if (delta < 0)
            {
                return SrtpStatus.Ok;
            }

            if (delta >= _size)
            {
                return SrtpStatus.PacketTooOld;
            }

            int pos = (int)delta;
            return (_bits[pos >> 5] & (1u << (pos & 31))) != 0 ? SrtpStatus.ReplayedPacket : SrtpStatus.Ok;
        }

        /// <summary>Records an index that passed <see cref="Check"/> and authentication.</summary>
        internal void Accept(long index)
        {
            if (!_started)
            {
                System.Array.Clear(_bits, 0, _bits.Length);
                _started = true;
                _highest = index;
                _bits[0] = 1;
                return;
            }

            long delta = index - _highest;
            if (delta > 0)
            {
                ShiftUp(delta);
                _highest = index;
                _bits[0] |= 1;
                return;
            }

            int pos = (int)(-delta);
            _bits[pos >> 5] |= 1u << (pos & 31);
        }

        /// <summary>Forgets everything.</summary>
        internal void Reset()
        {
            System.Array.Clear(_bits, 0, _bits.Length);
            _started = false;
            _highest = 0;
        }

        // Moves bit i to bit i + delta, dropping bits that leave the window.
        void ShiftUp(long delta)
        {
            uint[] bits = _bits;
            int n = bits.Length;
            if (delta >= n * 32)
            {
                System.Array.Clear(bits, 0, n);
                return;
            }

            int words = (int)(delta >> 5);
            int shift = (int)(delta & 31);
            for (int i = n - 1; i >= 0; i--)
            {
                int src = i - words;
                uint v = 0;
                if (src >= 0)
                {
                    v = bits[src] << shift;
                    if (shift != 0 && src > 0)
                    {
                        v |= bits[src - 1] >> (32 - shift);
                    }
                }

                bits[i] = v;
            }
        }
    }
}
