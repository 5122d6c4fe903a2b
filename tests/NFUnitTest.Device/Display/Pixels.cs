using nanoFramework.TestFramework;
using Phone.Device.Display;

namespace Phone.Tests.Device.Display
{
    /// <summary>
    /// Reads the frame buffer's bytes the way the SSD1306 does (datasheet §8.7: byte = page * 128 + column,
    /// bit (y mod 8) = pixel row y, LSB at the top), not through FrameBuffer's own pixel accessors, and compares
    /// an area with an ASCII-art picture ('#' lit, '.' dark).
    /// </summary>
    internal static class Pixels
    {
        public static bool Lit(FrameBuffer fb, int x, int y)
        {
            byte b = fb.Bytes[(y / 8) * 128 + x];
            return ((b >> (y % 8)) & 1) == 1;
        }

        public static void AssertArea(FrameBuffer fb, int x0, int y0, string[] picture)
        {
            for (int y = 0; y < picture.Length; y++)
            {
                string row = picture[y];
                string seen = "";
                for (int x = 0; x < row.Length; x++) seen += Lit(fb, x0 + x, y0 + y) ? '#' : '.';
                Assert.AreEqual(row, seen, "pixel row " + (y0 + y).ToString());
            }
        }
    }
}
