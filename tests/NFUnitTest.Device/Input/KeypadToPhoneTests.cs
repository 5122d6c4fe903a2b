using nanoFramework.TestFramework;
using Phone.Call;
using Phone.Device.Display;
using Phone.Device.Input;
using Phone.Tests.Call;

namespace Phone.Tests.Device.Input
{
    /// <summary>
    /// The whole keypad and display path as the firmware wires it: bouncing matrix scans → KeyScanner →
    /// PhoneStateMachine.Press (Down and Repeat) → TextScreen → ScreenRenderer → frame buffer spans.
    /// </summary>
    [TestClass]
    public class KeypadToPhoneTests
    {
        // docs/keypad.md layout: row 4 = 1 2 3, row 7 = * 0 #, row 0 = vol- up vol+.
        const string Handset = "vol- up vol+ / left ok right / mute down hold / call dnd end / 1 2 3 / 4 5 6 / 7 8 9 / * 0 #";
        static readonly int[] s_rows = new int[8];
        static long s_now;

        static void Feed(KeyScanner k, PhoneStateMachine m)
        {
            KeyEvent e;
            while (k.TryTake(out e))
            {
                if (e.Kind != KeyEventKind.Up) m.Press(e.Key, e.TimeMs);
            }
        }

        // One key press at (row, column): 3 ms of bounce, 80 ms held, released, 60 ms idle; scans every 2 ms.
        static void Press(KeyScanner k, PhoneStateMachine m, int row, int column, int heldMs)
        {
            for (int t = 0; t < heldMs + 60; t += 2)
            {
                bool down = t < 3 ? (t % 4 == 0) : t < heldMs;
                s_rows[row] = down ? 1 << column : 0;
                k.Scan(s_rows, s_now);
                Feed(k, m);
                s_now += 2;
            }
        }

        [TestMethod]
        public void DialingTwoHundredWithBouncingKeysPlacesOneCall()
        {
            s_now = 0;
            KeyScanner k = new KeyScanner(KeyMap.Parse(Handset).Map);
            PhoneStateMachine m = PhoneScript.New();
            Press(k, m, 4, 1, 80);      // 2
            Press(k, m, 7, 1, 80);      // 0
            Press(k, m, 7, 1, 80);      // 0
            Assert.AreEqual("200", PhoneScript.DisplayOf(m).Screen.Line(2).TrimEnd(), "each bouncing press typed one digit");
            Press(k, m, 7, 2, 80);      // #
            Assert.AreEqual("PlaceCall -1 sip:200@example.com", PhoneScript.Take(m));
        }

        [TestMethod]
        public void HoldingVolumeUpStepsOncePerRepeat()
        {
            s_now = 0;
            KeyScanner k = new KeyScanner(KeyMap.Parse(Handset).Map);
            PhoneStateMachine m = PhoneScript.New();
            // Vol- held 820 ms: Down after the debounce, repeats 500 and 650 ms later: three steps down from 80.
            Press(k, m, 0, 0, 820);
            Assert.AreEqual(50, m.RingVolume);
            Press(k, m, 0, 2, 80);      // a short vol+: one step, no repeat
            Assert.AreEqual(60, m.RingVolume);
        }

        [TestMethod]
        public void ATypedDigitReachesTheDisplayAsOnePageSpan()
        {
            s_now = 0;
            KeyScanner k = new KeyScanner(KeyMap.Parse(Handset).Map);
            PhoneStateMachine m = PhoneScript.New();
            FrameBuffer fb = new FrameBuffer();
            ScreenRenderer r = new ScreenRenderer(fb);
            Press(k, m, 4, 0, 80);      // 1: dialing starts
            r.Render(PhoneScript.DisplayOf(m).Screen, PhoneScript.DisplayOf(m).Icons);
            fb.ClearDirty();
            Press(k, m, 4, 2, 80);      // 3: "1" -> "13" on row 2
            r.Render(PhoneScript.DisplayOf(m).Screen, PhoneScript.DisplayOf(m).Icons);
            Assert.AreEqual(1 << 2, fb.DirtyPageMask);
            Assert.AreEqual(6, fb.DirtyFirstColumn(2), "the second character cell");
            Assert.IsTrue(fb.DirtyLastColumn(2) <= 11);
        }
    }
}
