using System;
using System.Text;
using Phone.Host.Display;
using Xunit;

namespace Phone.Host.Tests.Display
{
    /// <summary>The chunk CRC against published values of CRC-32 (ISO 3309 / ITU-T V.42, as PNG uses it).</summary>
    public sealed class PngCrcTests
    {
        [Fact]
        public void MatchesTheCheckValue()
        {
            // The standard check value of CRC-32 over the ASCII digits "123456789".
            Assert.Equal(0xCBF43926u, PngCrc.Compute(Encoding.ASCII.GetBytes("123456789")));
        }

        [Fact]
        public void MatchesTheCrcOfEveryIendChunk()
        {
            // An IEND chunk has no data, so its CRC (over the type alone) is the same in every PNG file: AE 42 60 82.
            Assert.Equal(0xAE426082u, PngCrc.Compute("IEND"u8));
        }

        [Fact]
        public void UpdatingInPiecesEqualsComputingAtOnce()
        {
            byte[] data = Encoding.ASCII.GetBytes("IHDR and its thirteen bytes");
            uint register = PngCrc.Update(0xFFFFFFFFu, data.AsSpan(0, 4));
            register = PngCrc.Update(register, data.AsSpan(4));
            Assert.Equal(PngCrc.Compute(data), register ^ 0xFFFFFFFFu);
        }
    }
}
