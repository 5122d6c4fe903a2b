using System;
using Phone.Device.Display;

namespace Phone.Host.Display
{
    /// <summary>
    /// The display's pixels for a terminal: each character stands for two pixel rows of one column ('▀' upper lit,
    /// '▄' lower lit, '█' both, ' ' neither), so the 128x64 frame becomes 32 lines of 128 characters, each ending in '\n'.
    /// </summary>
    public static class FrameText
    {
        public const int Lines = FrameBuffer.Height / 2;

        public static string Render(FrameBuffer frame)
        {
            ArgumentNullException.ThrowIfNull(frame);
            return string.Create(Lines * (FrameBuffer.Width + 1), frame, static (chars, f) =>
            {
                int i = 0;
                for (int line = 0; line < Lines; line++)
                {
                    for (int x = 0; x < FrameBuffer.Width; x++)
                    {
                        bool upper = f.GetPixel(x, 2 * line);
                        bool lower = f.GetPixel(x, 2 * line + 1);
                        chars[i++] = upper ? (lower ? '█' : '▀') : (lower ? '▄' : ' ');
                    }
                    chars[i++] = '\n';
                }
            });
        }
    }
}
