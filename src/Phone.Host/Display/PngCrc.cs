using System;

namespace Phone.Host.Display
{
    /// <summary>
    /// The CRC-32 that closes every PNG chunk: polynomial 0xEDB88320 (reflected), register preset to all ones and
    /// inverted at the end, computed over the chunk type and data (PNG specification §5.3, Annex D; ISO 3309).
    /// </summary>
    public static class PngCrc
    {
        private static readonly uint[] s_table = BuildTable();

        public static uint Compute(ReadOnlySpan<byte> data) => Update(0xFFFFFFFFu, data) ^ 0xFFFFFFFFu;

        /// <summary>Feeds data into a running register (start with 0xFFFFFFFF, invert when done).</summary>
        public static uint Update(uint register, ReadOnlySpan<byte> data)
        {
            foreach (byte b in data) register = s_table[(register ^ b) & 0xFF] ^ (register >> 8);
            return register;
        }

        private static uint[] BuildTable()
        {
            var table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                table[n] = c;
            }
            return table;
        }
    }
}
