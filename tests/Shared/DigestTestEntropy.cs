using Phone.Crypto;

namespace Phone.Tests.Sip
{
    /// <summary>Deterministic cnonce source for digest tests: bytes from a fixed list, then counting up.</summary>
    internal sealed class DigestTestEntropy : IEntropySource
    {
        readonly byte[] _first;
        int _used;
        int _next;

        internal DigestTestEntropy(byte[] first, int thenFrom)
        {
            _first = first == null ? new byte[0] : first;
            _next = thenFrom;
        }

        public void GetBytes(byte[] buffer, int offset, int count)
        {
            for (int i = 0; i < count; i++)
            {
                if (_used < _first.Length)
                {
                    buffer[offset + i] = _first[_used++];
                }
                else
                {
                    buffer[offset + i] = (byte)_next++;
                }
            }
        }
    }
}
