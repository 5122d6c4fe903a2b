using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using Phone.Device.Display;

namespace Phone.Host.Display
{
    /// <summary>
    /// A picture of the phone's display: the 128x64 <see cref="FrameBuffer"/> as a PNG image (PNG specification,
    /// 2nd edition; RFC 2083), scaled up by a whole factor (nearest neighbour) inside a dark border like the glass
    /// around the module's active area. With OLED colours the image is indexed (colour type 3, bit depth 8) with a
    /// three-entry palette: glass, unlit pixel (black) and lit pixel (the blue-white of an SSD1306 OLED); without,
    /// it is 8-bit greyscale (colour type 0) with the same three roles. Host-only (the handset's screenshots).
    /// </summary>
    public static class FramePng
    {
        /// <summary>Width of the glass around the picture on each side, in frame pixels (scaled like them).</summary>
        public const int Border = 2;

        public const int MaxScale = 16;

        // Palette order: the byte value of a pixel in the indexed image.
        private const byte Glass = 0, Unlit = 1, Lit = 2;

        // PNG specification §5.2: the eight-byte signature.
        private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

        // PLTE entries (R, G, B) for Glass, Unlit, Lit.
        private static ReadOnlySpan<byte> Palette => [0x1A, 0x20, 0x26, 0x00, 0x00, 0x00, 0x9A, 0xE6, 0xFF];

        // Pixel bytes for Glass, Unlit, Lit in the indexed picture: the palette entries.
        private static ReadOnlySpan<byte> Indices => [Glass, Unlit, Lit];

        // Grey levels for Glass, Unlit, Lit when the picture is greyscale.
        private static ReadOnlySpan<byte> Greys => [0x30, 0x00, 0xFF];

        private const int ChunkOverhead = 12; // length, type, CRC (PNG specification §5.3)
        private const int IhdrLength = 13;

        public static int WidthFor(int scale) => (FrameBuffer.Width + 2 * Border) * scale;

        public static int HeightFor(int scale) => (FrameBuffer.Height + 2 * Border) * scale;

        /// <summary>The frame as PNG file bytes; scale is 1..<see cref="MaxScale"/>.</summary>
        public static byte[] Encode(FrameBuffer frame, int scale = 4, bool oledColours = true)
        {
            ArgumentNullException.ThrowIfNull(frame);
            ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(scale, MaxScale);

            int width = WidthFor(scale);
            int height = HeightFor(scale);
            using var idat = new MemoryStream();
            Deflate(idat, frame, scale, width, oledColours ? Indices : Greys);
            ReadOnlySpan<byte> compressed = idat.GetBuffer().AsSpan(0, (int)idat.Length);

            int size = Signature.Length + ChunkOverhead + IhdrLength + ChunkOverhead + compressed.Length + ChunkOverhead;
            if (oledColours) size += ChunkOverhead + Palette.Length;
            var png = new byte[size];
            Span<byte> rest = png;
            Signature.CopyTo(rest);
            rest = rest[Signature.Length..];

            // PNG specification §11.2.2 IHDR: width, height, bit depth, colour type, compression 0 (deflate),
            // filter method 0 (adaptive, five types), interlace 0 (none).
            Span<byte> ihdr = stackalloc byte[IhdrLength];
            BinaryPrimitives.WriteUInt32BigEndian(ihdr, (uint)width);
            BinaryPrimitives.WriteUInt32BigEndian(ihdr[4..], (uint)height);
            ihdr[8] = 8;
            ihdr[9] = oledColours ? (byte)3 : (byte)0;
            ihdr[10] = 0;
            ihdr[11] = 0;
            ihdr[12] = 0;
            rest = WriteChunk(rest, "IHDR"u8, ihdr);
            if (oledColours) rest = WriteChunk(rest, "PLTE"u8, Palette); // §11.2.3: before the first IDAT
            rest = WriteChunk(rest, "IDAT"u8, compressed); // §11.2.4: the zlib stream of the filtered rows
            rest = WriteChunk(rest, "IEND"u8, ReadOnlySpan<byte>.Empty); // §11.2.5
            return png;
        }

        public static void Write(string path, FrameBuffer frame, int scale = 4, bool oledColours = true)
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            File.WriteAllBytes(path, Encode(frame, scale, oledColours));
        }

        // The scanlines, each a filter-type byte (0, None: PNG specification §9.2) and one byte per pixel, into a
        // zlib stream (RFC 1950). A frame row is built once and written scale times; the border rows are all glass.
        private static void Deflate(Stream output, FrameBuffer frame, int scale, int width, ReadOnlySpan<byte> values)
        {
            var row = new byte[1 + width];
            using var zlib = new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true);
            row.AsSpan(1).Fill(values[Glass]);
            for (int i = 0; i < Border * scale; i++) zlib.Write(row);

            for (int y = 0; y < FrameBuffer.Height; y++)
            {
                Span<byte> pixels = row.AsSpan(1 + Border * scale, FrameBuffer.Width * scale);
                for (int x = 0; x < FrameBuffer.Width; x++)
                {
                    pixels.Slice(x * scale, scale).Fill(values[frame.GetPixel(x, y) ? Lit : Unlit]);
                }
                for (int i = 0; i < scale; i++) zlib.Write(row);
            }

            row.AsSpan(1).Fill(values[Glass]);
            for (int i = 0; i < Border * scale; i++) zlib.Write(row);
        }

        // PNG specification §5.3: length (of data only, big-endian), type, data, CRC-32 of type and data.
        private static Span<byte> WriteChunk(Span<byte> dest, scoped ReadOnlySpan<byte> type, scoped ReadOnlySpan<byte> data)
        {
            BinaryPrimitives.WriteUInt32BigEndian(dest, (uint)data.Length);
            type.CopyTo(dest[4..]);
            data.CopyTo(dest[8..]);
            uint crc = PngCrc.Update(0xFFFFFFFFu, type);
            crc = PngCrc.Update(crc, data) ^ 0xFFFFFFFFu;
            BinaryPrimitives.WriteUInt32BigEndian(dest[(8 + data.Length)..], crc);
            return dest[(ChunkOverhead + data.Length)..];
        }
    }
}
