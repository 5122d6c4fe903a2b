using System;
using Phone.Device.Display;
using Phone.Host.Display;
using Phone.Ui;
using Xunit;

namespace Phone.Host.Tests.Display
{
    /// <summary>The frame as half-block characters, checked against pixels and the font's 'A' drawn by hand.</summary>
    public sealed class FrameTextTests
    {
        static string[] Lines(FrameBuffer fb)
        {
            string text = FrameText.Render(fb);
            Assert.EndsWith("\n", text);
            string[] lines = text[..^1].Split('\n');
            Assert.Equal(32, lines.Length);
            foreach (string line in lines) Assert.Equal(128, line.Length);
            return lines;
        }

        [Fact]
        public void ADarkFrameIsBlank()
        {
            foreach (string line in Lines(new FrameBuffer())) Assert.Equal(new string(' ', 128), line);
        }

        [Fact]
        public void EachCharacterIsTwoPixelRowsOfOneColumn()
        {
            var fb = new FrameBuffer();
            fb.SetPixel(0, 0, true);    // upper only
            fb.SetPixel(1, 1, true);    // lower only
            fb.SetPixel(2, 0, true);    // both
            fb.SetPixel(2, 1, true);
            fb.SetPixel(127, 63, true); // the last pixel: lower half of the last character
            fb.SetPixel(64, 32, true);  // upper half of line 16
            string[] lines = Lines(fb);

            Assert.Equal("▀▄█" + new string(' ', 125), lines[0]);
            Assert.Equal(new string(' ', 64) + "▀" + new string(' ', 63), lines[16]);
            Assert.Equal(new string(' ', 127) + "▄", lines[31]);
            for (int i = 1; i < 31; i++)
            {
                if (i != 16) Assert.Equal(new string(' ', 128), lines[i]);
            }
        }

        [Fact]
        public void TheRenderersLetterA()
        {
            var screen = new TextScreen();
            screen.Begin();
            screen.Put("A");
            screen.End(0);
            var fb = new FrameBuffer();
            new ScreenRenderer(fb).Render(screen, null);
            string[] lines = Lines(fb);

            // Font6x8's 'A' (.###. / #...# / #...# / ##### / #...# x3 / blank) in pairs of rows.
            Assert.Equal("▄▀▀▀▄ ", lines[0][..6]);
            Assert.Equal("█▄▄▄█ ", lines[1][..6]);
            Assert.Equal("█   █ ", lines[2][..6]);
            Assert.Equal("▀   ▀ ", lines[3][..6]);
            Assert.Equal(new string(' ', 122), lines[0][6..]);
            Assert.Equal(new string(' ', 128), lines[4]);
        }
    }
}
