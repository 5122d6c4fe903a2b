using nanoFramework.TestFramework;
using Phone.Call;
using Phone.Device.Display;
using Phone.Ui;
using Phone.Sip.Registration;

namespace Phone.Tests.Device.Display
{
    /// <summary>Text and status icons drawn into the frame buffer, checked against pictures drawn by hand.</summary>
    [TestClass]
    public class ScreenRendererTests
    {
        static TextScreen Text(int row, string text)
        {
            TextScreen s = new TextScreen();
            s.Begin();
            s.Put(text);
            s.End(row);
            return s;
        }

        [TestMethod]
        public void TheLetterAInItsCell()
        {
            FrameBuffer fb = new FrameBuffer();
            new ScreenRenderer(fb).Render(Text(0, "A"), null);
            Pixels.AssertArea(fb, 0, 0, new string[]
            {
                ".###..",
                "#...#.",
                "#...#.",
                "#####.",
                "#...#.",
                "#...#.",
                "#...#.",
                "......",
            });
        }

        [TestMethod]
        public void AnIdleLineOnRowOne()
        {
            FrameBuffer fb = new FrameBuffer();
            new ScreenRenderer(fb).Render(Text(1, "Idle 1001"), null);
            // One glyph (5 columns and the blank spacing column) per piece: I d l e ' ' 1 0 0 1.
            Pixels.AssertArea(fb, 0, 8, new string[]
            {
                ".###.." + "....#." + ".##..." + "......" + "......" + "..#..." + ".###.." + ".###.." + "..#...",
                "..#..." + "....#." + "..#..." + "......" + "......" + ".##..." + "#...#." + "#...#." + ".##...",
                "..#..." + ".##.#." + "..#..." + ".###.." + "......" + "..#..." + "#..##." + "#..##." + "..#...",
                "..#..." + "#..##." + "..#..." + "#...#." + "......" + "..#..." + "#.#.#." + "#.#.#." + "..#...",
                "..#..." + "#...#." + "..#..." + "#####." + "......" + "..#..." + "##..#." + "##..#." + "..#...",
                "..#..." + "#...#." + "..#..." + "#....." + "......" + "..#..." + "#...#." + "#...#." + "..#...",
                ".###.." + ".####." + ".###.." + ".###.." + "......" + ".###.." + ".###.." + ".###.." + ".###..",
                "......" + "......" + "......" + "......" + "......" + "......" + "......" + "......" + "......",
            });
            // The rest of the row is dark, up to the margin.
            for (int x = 54; x < 128; x++)
            {
                for (int y = 8; y < 16; y++) Assert.IsFalse(Pixels.Lit(fb, x, y));
            }
        }

        [TestMethod]
        public void OneChangedCharacterDirtiesOnePageAndItsColumns()
        {
            FrameBuffer fb = new FrameBuffer();
            ScreenRenderer r = new ScreenRenderer(fb);
            TextScreen s = Text(3, "Dial:");
            r.Render(s, null);
            fb.ClearDirty();
            Assert.AreEqual(0, s.DirtyMask, "the renderer clears the screen's dirty rows");

            s.Begin();
            s.Put("DialX");
            s.End(3);
            r.Render(s, null);
            // 'X' at column 4 covers pixels 24..29; its 6th column stays blank, so 24..28 changed.
            Assert.AreEqual(1 << 3, fb.DirtyPageMask);
            Assert.AreEqual(24, fb.DirtyFirstColumn(3));
            Assert.AreEqual(28, fb.DirtyLastColumn(3));

            fb.ClearDirty();
            r.Render(s, null);
            Assert.AreEqual(0, fb.DirtyPageMask, "nothing changed, nothing to send");
        }

        [TestMethod]
        public void ASelectedLineIsDrawnInverted()
        {
            FrameBuffer fb = new FrameBuffer();
            ScreenRenderer r = new ScreenRenderer(fb);
            TextScreen s = Text(2, "A");
            r.Render(s, null);
            fb.ClearDirty();
            r.InverseRows = 1 << 2;
            r.Render(s, null);
            Assert.AreEqual(1 << 2, fb.DirtyPageMask);
            Pixels.AssertArea(fb, 0, 16, new string[]
            {
                "#...##",
                ".###.#",
                ".###.#",
                ".....#",
                ".###.#",
                ".###.#",
                ".###.#",
                "######",
            });
            Assert.IsTrue(Pixels.Lit(fb, 127, 16), "the margin too");
            Assert.IsTrue(Pixels.Lit(fb, 126, 23));
            r.InverseRows = 0;
            r.Render(s, null);
            Assert.IsFalse(Pixels.Lit(fb, 127, 16));
        }

        [TestMethod]
        public void SignalBarsRiseAcrossTheLastFourCells()
        {
            FrameBuffer fb = new FrameBuffer();
            StatusIcons icons = new StatusIcons();
            icons.Signal = 3;
            new ScreenRenderer(fb).Render(new TextScreen(), icons);
            // Cells 17, 18, 19 lit (heights 2, 4, 6), cell 20 a bar not reached (two base dots).
            Pixels.AssertArea(fb, 102, 0, new string[]
            {
                "......" + "......" + "......" + "......",
                "......" + "......" + ".####." + "......",
                "......" + "......" + ".####." + "......",
                "......" + ".####." + ".####." + "......",
                "......" + ".####." + ".####." + "......",
                ".####." + ".####." + ".####." + "......",
                ".####." + ".####." + ".####." + ".#..#.",
                "......" + "......" + "......" + "......",
            });
        }

        [TestMethod]
        public void StatusIconsSitInTheirCellsAndMissedCallsShowANumber()
        {
            FrameBuffer fb = new FrameBuffer();
            ScreenRenderer r = new ScreenRenderer(fb);
            StatusIcons icons = new StatusIcons();
            icons.Registration = RegistrationState.Registered;
            icons.Srtp = SrtpIcon.Locked;
            icons.MissedCalls = 12;
            TextScreen s = new TextScreen();
            r.Render(s, icons);
            // Cell 2: the closed lock.
            Pixels.AssertArea(fb, 12, 0, new string[]
            {
                ".###..",
                "#...#.",
                "#...#.",
                "#####.",
                "##.##.",
                "##.##.",
                "#####.",
                "......",
            });
            // Cells 11 and 12: "12" in the text font.
            Pixels.AssertArea(fb, 66, 0, new string[]
            {
                "..#..." + ".###..",
                ".##..." + "#...#.",
                "..#..." + "....#.",
                "..#..." + "...#..",
                "..#..." + "..#...",
                "..#..." + ".#....",
                ".###.." + "#####.",
                "......" + "......",
            });
            // Cells 4 (mute), 6 (hold) and 8 (DND) are empty.
            for (int x = 24; x < 54; x++)
            {
                for (int y = 0; y < 8; y++) Assert.IsFalse(Pixels.Lit(fb, x, y), "x=" + x.ToString());
            }

            // Mute on: only cell 4 changes.
            fb.ClearDirty();
            icons.Muted = true;
            icons.Render(s);                    // as the state machine does: row 0 becomes dirty
            r.Render(s, icons);
            Assert.AreEqual(1, fb.DirtyPageMask);
            Assert.IsTrue(fb.DirtyFirstColumn(0) >= 24 && fb.DirtyLastColumn(0) <= 29);

            // Hold is the renderer's own flag.
            fb.ClearDirty();
            r.Held = true;
            r.Render(s, icons);
            Assert.AreEqual(1, fb.DirtyPageMask);
            Assert.IsTrue(fb.DirtyFirstColumn(0) >= 36 && fb.DirtyLastColumn(0) <= 41);
        }

        [TestMethod]
        public void VoicemailWaitingShowsTheTapeAndTheNewCountInCells13To15()
        {
            FrameBuffer fb = new FrameBuffer();
            ScreenRenderer r = new ScreenRenderer(fb);
            StatusIcons icons = new StatusIcons();
            TextScreen s = new TextScreen();
            r.Render(s, icons);
            for (int x = 78; x < 96; x++)
            {
                for (int y = 0; y < 8; y++) Assert.IsFalse(Pixels.Lit(fb, x, y), "x=" + x.ToString());
            }

            fb.ClearDirty();
            icons.MessagesWaiting = true;
            icons.NewMessages = 3;
            icons.Render(s);
            r.Render(s, icons);
            // Cell 13: the two reels joined below; cell 14: "3" in the text font; cell 15 blank.
            Pixels.AssertArea(fb, 78, 0, new string[]
            {
                "......" + "#####." + "......",
                "......" + "...#.." + "......",
                ".#..#." + "..#..." + "......",
                "#.##.#" + "...#.." + "......",
                ".####." + "....#." + "......",
                "......" + "#...#." + "......",
                "......" + ".###.." + "......",
                "......" + "......" + "......",
            });
            Assert.AreEqual(1, fb.DirtyPageMask);
            Assert.IsTrue(fb.DirtyFirstColumn(0) >= 78 && fb.DirtyLastColumn(0) <= 95);
        }

        [TestMethod]
        public void RowZeroIsTextWithoutIcons()
        {
            FrameBuffer fb = new FrameBuffer();
            ScreenRenderer r = new ScreenRenderer(fb);
            StatusIcons icons = new StatusIcons();
            r.StatusGlyphs = false;
            r.Render(Text(0, "A"), icons);
            Assert.IsTrue(Pixels.Lit(fb, 1, 0), "the A's top");
            Assert.IsFalse(Pixels.Lit(fb, 0, 0));
        }

        [TestMethod]
        public void SwitchingScreensRepaintsEverything()
        {
            FrameBuffer fb = new FrameBuffer();
            ScreenRenderer r = new ScreenRenderer(fb);
            TextScreen phone = Text(5, "Phone");
            TextScreen diag = Text(5, "Diag");
            r.Render(phone, null);
            diag.ClearDirty();                  // the other screen thinks it is drawn
            r.Render(diag, null);
            // "Phone" -> "Diag" although diag had no dirty rows. Second pixel row: P is "#...#", D is "#..#.".
            Assert.IsTrue(fb.IsPageDirty(5));
            Assert.IsTrue(Pixels.Lit(fb, 3, 41));
            Assert.IsFalse(Pixels.Lit(fb, 4, 41));
        }

        [TestMethod]
        public void CharactersTheFontLacksAreQuestionMarks()
        {
            Assert.AreEqual(Font6x8.GlyphOf('?'), Font6x8.GlyphOf('\u00e9'));
            Assert.AreEqual(Font6x8.GlyphOf('?'), Font6x8.GlyphOf('\t'));
            Assert.AreEqual(0, Font6x8.GlyphOf(' '));
            Assert.AreEqual(94, Font6x8.GlyphOf('~'));
            Assert.AreEqual((byte)0, Font6x8.Column(Font6x8.GlyphCount, 0));
            Assert.AreEqual((byte)0, Font6x8.Column(0, 6));
        }

        [TestMethod]
        public void EveryPrintableCharacterButSpaceHasPixels()
        {
            for (int c = 33; c <= 126; c++)
            {
                int g = Font6x8.GlyphOf((char)c);
                int lit = 0;
                for (int x = 0; x < 6; x++) lit |= Font6x8.Column(g, x);
                Assert.IsTrue(lit != 0, "glyph " + c.ToString());
                Assert.AreEqual((byte)0, Font6x8.Column(g, 5), "the spacing column of " + c.ToString());
            }
        }
    }
}
