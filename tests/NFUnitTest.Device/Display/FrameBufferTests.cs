using nanoFramework.TestFramework;
using Phone.Device.Display;

namespace Phone.Tests.Device.Display
{
    /// <summary>The GDDRAM byte layout (SSD1306 datasheet §8.7) and the dirty spans.</summary>
    [TestClass]
    public class FrameBufferTests
    {
        [TestMethod]
        public void PixelsLandInTheDatasheetsBytesAndBits()
        {
            FrameBuffer fb = new FrameBuffer();
            Assert.AreEqual(1024, fb.Bytes.Length);
            fb.SetPixel(0, 0, true);
            Assert.AreEqual((byte)0x01, fb.Bytes[0], "PAGE0 SEG0 D0");
            fb.SetPixel(5, 10, true);
            Assert.AreEqual((byte)0x04, fb.Bytes[128 + 5], "PAGE1 SEG5 D2");
            fb.SetPixel(127, 63, true);
            Assert.AreEqual((byte)0x80, fb.Bytes[1023], "PAGE7 SEG127 D7");
            fb.SetPixel(127, 56, true);
            Assert.AreEqual((byte)0x81, fb.Bytes[1023]);
            fb.SetPixel(127, 63, false);
            Assert.AreEqual((byte)0x01, fb.Bytes[1023]);
            Assert.IsTrue(fb.GetPixel(5, 10));
            Assert.IsFalse(fb.GetPixel(5, 11));
        }

        [TestMethod]
        public void OutOfRangeIsIgnored()
        {
            FrameBuffer fb = new FrameBuffer();
            fb.ClearDirty();
            fb.SetPixel(128, 0, true);
            fb.SetPixel(0, 64, true);
            fb.SetPixel(-1, -1, true);
            fb.Set(8, 0, 0xFF);
            fb.Set(0, 128, 0xFF);
            Assert.AreEqual(0, fb.DirtyPageMask);
            Assert.IsFalse(fb.GetPixel(-1, 0));
            Assert.AreEqual((byte)0, fb.Get(9, 9));
        }

        [TestMethod]
        public void OnlyChangedBytesWidenAPagesDirtySpan()
        {
            FrameBuffer fb = new FrameBuffer();
            Assert.AreEqual(0xFF, fb.DirtyPageMask, "a new buffer is sent whole");
            fb.ClearDirty();
            fb.Set(2, 40, 0x00);                       // same as before: not dirty
            Assert.AreEqual(0, fb.DirtyPageMask);
            fb.Set(2, 40, 0x18);
            fb.Set(2, 35, 0x01);
            fb.Set(2, 50, 0x02);
            Assert.AreEqual(0x04, fb.DirtyPageMask);
            Assert.AreEqual(35, fb.DirtyFirstColumn(2));
            Assert.AreEqual(50, fb.DirtyLastColumn(2));
            Assert.AreEqual(FrameBuffer.Clean, fb.DirtyFirstColumn(3));

            byte[] out16 = new byte[17];
            Assert.AreEqual(16, fb.CopyDirty(2, out16, 1));
            Assert.AreEqual((byte)0x01, out16[1]);
            Assert.AreEqual((byte)0x18, out16[1 + 5]);
            Assert.AreEqual((byte)0x02, out16[16]);
            Assert.AreEqual(0, fb.CopyDirty(2, new byte[15], 0), "too small: nothing copied");
            Assert.AreEqual(0, fb.CopyDirty(3, out16, 0), "clean page");
            fb.ClearDirty(2);
            Assert.AreEqual(0, fb.DirtyPageMask);
        }

        [TestMethod]
        public void FillLightsEveryPixel()
        {
            FrameBuffer fb = new FrameBuffer();
            fb.ClearDirty();
            fb.Fill(0xFF);
            Assert.IsTrue(Pixels.Lit(fb, 0, 0));
            Assert.IsTrue(Pixels.Lit(fb, 127, 63));
            Assert.AreEqual(0xFF, fb.DirtyPageMask);
            Assert.AreEqual(0, fb.DirtyFirstColumn(7));
            Assert.AreEqual(127, fb.DirtyLastColumn(7));
        }
    }
}
