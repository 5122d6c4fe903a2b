using System;
using System.Security.Cryptography;
using Phone.Crypto;

namespace Phone.Host.Drivers
{
    /// <summary>The host's CSPRNG as the phone's entropy source (the device uses its hardware RNG).</summary>
    public sealed class SystemEntropy : IEntropySource
    {
        public void GetBytes(byte[] buffer, int offset, int count) => RandomNumberGenerator.Fill(buffer.AsSpan(offset, count));
    }
}
