using System;
using Phone.Sdes;
using Phone.Crypto;

namespace Phone.Firmware.Entropy
{
    /// <summary>
    /// IEntropySource on the ESP32 hardware random number generator.
    /// <para>
    /// The stable nanoFramework API lists expose no RNG class of their own (no RandomNumberGenerator in
    /// System.Security.Cryptography, nothing in nanoFramework.Hardware.Esp32). What they do expose is
    /// System.Random, and on the ESP32 target nanoCLR implements it natively with esp_random(): the
    /// ESP32 port of CLR_RT_Random (nf-interpreter, ESP32 target) ignores the seed and returns
    /// esp_random() from Next and NextBytes, one call per byte. esp_random() reads the RNG peripheral,
    /// which ESP-IDF documents as a true random source while the Wi-Fi or Bluetooth radio is on
    /// (ESP-IDF "Random Number Generation"); SDES keys are only drawn for calls, i.e. with Wi-Fi up.
    /// The managed PRNG that System.Random is on desktop .NET is never involved on this target.
    /// </para>
    /// <para>
    /// Random.NextBytes fills a whole array, so bytes are drawn into a scratch buffer made once and copied
    /// out (Array.Copy is native); nothing is allocated per call. The scratch is wiped after each use so key
    /// material does not linger in it.
    /// </para>
    /// </summary>
    public sealed class HardwareRandomEntropy : IEntropySource
    {
        private const int ScratchSize = 64;

        private readonly Random _rng = new Random();
        private readonly byte[] _scratch = new byte[ScratchSize];
        private readonly object _lock = new object();

        /// <summary>Bytes handed out so far (diagnostics).</summary>
        public long BytesServed { get; private set; }

        public void GetBytes(byte[] buffer, int offset, int count)
        {
            if (buffer == null || offset < 0 || count < 0 || offset + count > buffer.Length)
            {
                throw new ArgumentOutOfRangeException("count");
            }

            // One caller at a time: the scratch buffer is shared (the core and the media thread both draw).
            lock (_lock)
            {
                while (count > 0)
                {
                    int n = count < ScratchSize ? count : ScratchSize;
                    _rng.NextBytes(_scratch);
                    Array.Copy(_scratch, 0, buffer, offset, n);
                    offset += n;
                    count -= n;
                    BytesServed += n;
                }

                Array.Clear(_scratch, 0, ScratchSize);
            }
        }
    }
}
