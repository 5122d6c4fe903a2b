using System;
using System.IO;
using System.Text;
using Phone.Device.Display;
using Phone.Host.Display;
using Phone.Ui;
using Xunit;

namespace Phone.Host.Tests.Display
{
    /// <summary>
    /// Pictures of the display read back by independent decoders (<see cref="PngReference"/>): the file is a valid PNG
    /// and every pixel shows the frame, checked against pictures drawn by hand from the font and the test's own pixels.
    /// </summary>
    public sealed class FramePngTests
    {
        // Each decoded colour as a letter: L lit (bright), U unlit (black), G glass (dark, not black), ? anything else.
        static char Kind((byte R, byte G, byte B) c)
        {
            if (c == (0, 0, 0)) return 'U';
            if (Math.Min(c.R, Math.Min(c.G, c.B)) >= 0x80) return 'L';
            if (Math.Max(c.R, Math.Max(c.G, c.B)) <= 0x40) return 'G';
            return '?';
        }

        // The decoded image shrunk back by scale, one letter per frame-sized cell (border included), after checking
        // that every scale x scale block is one colour (nearest-neighbour scaling).
        static string[] Cells(PngReference.Picture p, int scale)
        {
            Assert.Equal(0, p.Width % scale);
            Assert.Equal(0, p.Height % scale);
            var rows = new string[p.Height / scale];
            var sb = new StringBuilder();
            for (int cy = 0; cy < rows.Length; cy++)
            {
                sb.Clear();
                for (int cx = 0; cx < p.Width / scale; cx++)
                {
                    var first = p.At(cx * scale, cy * scale);
                    for (int dy = 0; dy < scale; dy++)
                    {
                        for (int dx = 0; dx < scale; dx++)
                        {
                            Assert.True(p.At(cx * scale + dx, cy * scale + dy) == first, $"block ({cx}, {cy}) is not one colour");
                        }
                    }
                    sb.Append(Kind(first));
                }
                rows[cy] = sb.ToString();
            }
            return rows;
        }

        static TextScreen Text(int row, string text)
        {
            var s = new TextScreen();
            s.Begin();
            s.Put(text);
            s.End(row);
            return s;
        }

        static readonly string GlassRow = new string('G', FrameBuffer.Width + 2 * FramePng.Border);
        static readonly string Glass = new string('G', FramePng.Border);

        static string Inside(string pixels) => Glass + pixels + Glass;

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(4)]
        [InlineData(5)]
        public void IsAValidPngOfTheScaledFrameWithItsBorder(int scale)
        {
            var fb = new FrameBuffer();
            new ScreenRenderer(fb).Render(Text(2, "Idle 1001"), null);
            byte[] png = FramePng.Encode(fb, scale);

            (int exit, string report) = PngReference.PngCheck(png);
            Assert.True(exit == 0, report);
            PngReference.Picture p = PngReference.Decode(png);
            Assert.Equal(128 * scale + 2 * FramePng.Border * scale, p.Width);
            Assert.Equal(64 * scale + 2 * FramePng.Border * scale, p.Height);
            Assert.Equal(3, p.ColourType);
            Assert.Equal(8, p.BitDepth);
            Assert.Equal(3, p.PaletteEntries);

            // Every pixel: glass around, and inside it the frame's own pixels.
            string[] cells = Cells(p, scale);
            for (int cy = 0; cy < cells.Length; cy++)
            {
                for (int cx = 0; cx < cells[cy].Length; cx++)
                {
                    int x = cx - FramePng.Border, y = cy - FramePng.Border;
                    bool inside = x >= 0 && x < 128 && y >= 0 && y < 64;
                    char expected = !inside ? 'G' : fb.GetPixel(x, y) ? 'L' : 'U';
                    Assert.True(expected == cells[cy][cx], $"cell ({cx}, {cy}): expected {expected}, decoded {cells[cy][cx]}");
                }
            }
        }

        [Fact]
        public void TextDrawnByTheRendererShowsTheFontsPixels()
        {
            var fb = new FrameBuffer();
            new ScreenRenderer(fb).Render(Text(3, "AT"), null);
            string[] cells = Cells(PngReference.Decode(FramePng.Encode(fb, 3)), 3);

            // 'A' and 'T' as drawn in Font6x8, each with its blank sixth column, then a blank cell; text row 3 is pixel rows 24..31.
            string[] expected =
            {
                ".###..#####.......",
                "#...#...#.........",
                "#...#...#.........",
                "#####...#.........",
                "#...#...#.........",
                "#...#...#.........",
                "#...#...#.........",
                "..................",
            };
            for (int r = 0; r < 8; r++)
            {
                string decoded = cells[FramePng.Border + 24 + r].Substring(FramePng.Border, 18);
                Assert.Equal(expected[r].Replace('#', 'L').Replace('.', 'U'), decoded);
            }
            Assert.Equal(Inside(new string('U', 128)), cells[FramePng.Border + 23]);
            Assert.Equal(Inside(new string('U', 128)), cells[FramePng.Border + 32]);
        }

        [Fact]
        public void CornersLandInTheCornersOfTheActiveArea()
        {
            var fb = new FrameBuffer();
            fb.SetPixel(0, 0, true);
            fb.SetPixel(127, 0, true);
            fb.SetPixel(0, 63, true);
            fb.SetPixel(127, 63, true);
            string[] cells = Cells(PngReference.Decode(FramePng.Encode(fb, 2)), 2);

            Assert.Equal(64 + 2 * FramePng.Border, cells.Length);
            string corners = Inside("L" + new string('U', 126) + "L");
            string dark = Inside(new string('U', 128));
            for (int i = 0; i < FramePng.Border; i++)
            {
                Assert.Equal(GlassRow, cells[i]);
                Assert.Equal(GlassRow, cells[cells.Length - 1 - i]);
            }
            Assert.Equal(corners, cells[FramePng.Border]);
            for (int y = 1; y < 63; y++) Assert.Equal(dark, cells[FramePng.Border + y]);
            Assert.Equal(corners, cells[FramePng.Border + 63]);
        }

        [Fact]
        public void AFullyLitPageIsEightFullRows()
        {
            var fb = new FrameBuffer();
            for (int c = 0; c < FrameBuffer.Width; c++) fb.Set(5, c, 0xFF);
            string[] cells = Cells(PngReference.Decode(FramePng.Encode(fb, 4)), 4);

            for (int y = 0; y < 64; y++)
            {
                char k = y >= 40 && y < 48 ? 'L' : 'U';
                Assert.Equal(Inside(new string(k, 128)), cells[FramePng.Border + y]);
            }
        }

        [Fact]
        public void ColoursAreBlackUnlitOneBrightLitAndADarkGlass()
        {
            var fb = new FrameBuffer();
            fb.SetPixel(10, 10, true);
            PngReference.Picture p = PngReference.Decode(FramePng.Encode(fb, 1));
            int o = FramePng.Border;
            Assert.Equal(((byte)0, (byte)0, (byte)0), p.At(o + 11, o + 10));
            Assert.Equal('L', Kind(p.At(o + 10, o + 10)));
            Assert.Equal('G', Kind(p.At(0, 0)));

            // OLED colours: not a grey (the lit colour is tinted).
            var lit = p.At(o + 10, o + 10);
            Assert.False(lit.R == lit.G && lit.G == lit.B);
        }

        [Fact]
        public void GreyscaleShowsTheSamePictureInGreys()
        {
            var fb = new FrameBuffer();
            new ScreenRenderer(fb).Render(Text(0, "Hello"), null);
            fb.SetPixel(127, 63, true);
            byte[] png = FramePng.Encode(fb, 2, oledColours: false);

            (int exit, string report) = PngReference.PngCheck(png);
            Assert.True(exit == 0, report);
            PngReference.Picture grey = PngReference.Decode(png);
            Assert.Equal(0, grey.ColourType);
            Assert.Equal(8, grey.BitDepth);
            Assert.Equal(0, grey.PaletteEntries);
            int o = FramePng.Border * 2;
            Assert.Equal(((byte)255, (byte)255, (byte)255), grey.At(o + 127 * 2, o + 63 * 2));
            Assert.Equal(((byte)0, (byte)0, (byte)0), grey.At(o + 126 * 2, o + 63 * 2));
            Assert.Equal(Cells(PngReference.Decode(FramePng.Encode(fb, 2)), 2), Cells(grey, 2));
        }

        [Fact]
        public void TheReferencesRejectACorruptedChunk()
        {
            byte[] png = FramePng.Encode(new FrameBuffer(), 1);
            Assert.Equal(0, PngReference.TryDecode(png).Exit);
            Assert.Equal(0, PngReference.PngCheck(png).Exit);

            // One bit flipped inside the IDAT data: its CRC no longer matches.
            int idat = IndexOf(png, "IDAT"u8);
            png[idat + 4 + 2] ^= 0x01;
            var decoded = PngReference.TryDecode(png);
            Assert.NotEqual(0, decoded.Exit);
            Assert.Contains("CRC mismatch", decoded.Stderr);
            Assert.NotEqual(0, PngReference.PngCheck(png).Exit);
        }

        [Fact]
        public void WriteStoresTheEncodedPicture()
        {
            var fb = new FrameBuffer();
            new ScreenRenderer(fb).Render(Text(7, "0123456789"), null);
            string path = Path.Combine(Path.GetTempPath(), "phone-frame-" + Guid.NewGuid().ToString("N") + ".png");
            try
            {
                FramePng.Write(path, fb, 3);
                Assert.Equal(FramePng.Encode(fb, 3), File.ReadAllBytes(path));
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Fact]
        public void RefusesAMissingFrameAndScalesOutOfRange()
        {
            Assert.Throws<ArgumentNullException>(() => FramePng.Encode(null));
            Assert.Throws<ArgumentOutOfRangeException>(() => FramePng.Encode(new FrameBuffer(), 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => FramePng.Encode(new FrameBuffer(), FramePng.MaxScale + 1));
            (int exit, string report) = PngReference.PngCheck(FramePng.Encode(new FrameBuffer(), FramePng.MaxScale));
            Assert.True(exit == 0, report);
            Assert.Contains($"{FramePng.WidthFor(FramePng.MaxScale)} x {FramePng.HeightFor(FramePng.MaxScale)} image", report);
        }

        static int IndexOf(byte[] haystack, ReadOnlySpan<byte> needle) => haystack.AsSpan().IndexOf(needle);
    }
}
