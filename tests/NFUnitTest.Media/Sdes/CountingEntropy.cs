using Phone.Sdes;
using Phone.Crypto;

namespace Phone.Tests.Sdes
{
    /// <summary>A deterministic stand-in for the hardware RNG: bytes 1, 2, 3, ... continuing across calls.</summary>
    internal sealed class CountingEntropy : IEntropySource
    {
        int _next;

        internal CountingEntropy(int start)
        {
            _next = start;
        }

        internal int Calls;

        public void GetBytes(byte[] buffer, int offset, int count)
        {
            Calls++;
            for (int i = 0; i < count; i++)
            {
                buffer[offset + i] = (byte)_next;
                _next++;
            }
        }
    }
}
