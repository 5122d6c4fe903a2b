using Phone.Crypto;

namespace Phone.Tests.Rtp
{
    /// <summary>Deterministic entropy for tests: a fixed byte pattern, or a counter starting at a seed.</summary>
    internal sealed class FixedEntropy : IEntropySource
    {
        private readonly byte[] _pattern;
        private int _next;

        public FixedEntropy(byte[] pattern)
        {
            _pattern = pattern;
        }

        public int Calls;

        public void GetBytes(byte[] buffer, int offset, int count)
        {
            Calls++;
            for (int i = 0; i < count; i++)
            {
                buffer[offset + i] = _pattern[_next];
                _next = (_next + 1) % _pattern.Length;
            }
        }
    }
}
