using nanoFramework.TestFramework;
using Phone.Call;
using Phone.Device.Input;

namespace Phone.Tests.Device.Input
{
    /// <summary>
    /// Debounce, auto-repeat and noise rejection, fed with scans on a virtual clock. Events are written as
    /// "D1@120" (Down), "^D1@320" (Up), "+VolumeUp@520" (Repeat) so each test states the exact expected sequence.
    /// </summary>
    [TestClass]
    public class KeyScannerTests
    {
        // Row 0: 1 2 3, row 1: vol+ vol- (empty), as bits: D1 = row 0 bit 0, VolumeUp = row 1 bit 0.
        const string Map = "1 2 3 / vol+ vol- -";
        static readonly int[] s_rows = new int[2];

        static KeyScanner New()
        {
            return new KeyScanner(KeyMap.Parse(Map).Map);
        }

        static void Scan(KeyScanner k, int row0, int row1, long now)
        {
            s_rows[0] = row0;
            s_rows[1] = row1;
            k.Scan(s_rows, now);
        }

        static string Take(KeyScanner k)
        {
            string s = "";
            KeyEvent e;
            while (k.TryTake(out e))
            {
                if (s.Length > 0) s += " ";
                if (e.Kind == KeyEventKind.Up) s += "^";
                else if (e.Kind == KeyEventKind.Repeat) s += "+";
                s += Name(e.Key) + "@" + e.TimeMs.ToString();
            }
            return s;
        }

        static string Name(PhoneKey key)
        {
            switch (key)
            {
                case PhoneKey.D1: return "D1";
                case PhoneKey.D2: return "D2";
                case PhoneKey.D3: return "D3";
                case PhoneKey.VolumeUp: return "VolumeUp";
                case PhoneKey.VolumeDown: return "VolumeDown";
            }
            return "?";
        }

        // One scan per ms from start: '1' = D1 reads pressed, '0' = released.
        static void Pattern(KeyScanner k, string levels, long start)
        {
            for (int i = 0; i < levels.Length; i++) Scan(k, levels[i] == '1' ? 1 : 0, 0, start + i);
        }

        [TestMethod]
        public void ACleanPressIsReportedOnceTheDebounceTimeHasPassed()
        {
            KeyScanner k = New();
            for (long t = 0; t < 100; t += 5) Scan(k, 0, 0, t);
            for (long t = 100; t < 300; t += 5) Scan(k, 1, 0, t);
            for (long t = 300; t < 400; t += 5) Scan(k, 0, 0, t);
            Assert.AreEqual("D1@120 ^D1@320", Take(k));
        }

        [TestMethod]
        public void ChatterShorterThanTheDebounceGivesOneDownAndOneUp()
        {
            KeyScanner k = New();
            // Press: contacts bounce for 7 ms, then hold; the last return to "up" is at 6 ms, so the press
            // counts from 7 ms and is reported at 7 + 20 = 27 ms.
            Pattern(k, "1010110" + "1111111111111111111111111111111111111111", 0);
            Assert.AreEqual("D1@27", Take(k));
            // Release at 47 ms: bounces until 52 ms, stays up from 53 ms: reported at 73 ms.
            Pattern(k, "010011" + "000000000000000000000000000000", 47);
            Assert.AreEqual("^D1@73", Take(k));
        }

        [TestMethod]
        public void AGlitchShorterThanTheDebounceIsIgnored()
        {
            KeyScanner k = New();
            Pattern(k, "0000" + "1111111111111111111" + "0000000000000000000000000000000", 0);
            Assert.AreEqual("", Take(k));
            Assert.IsFalse(k.IsDown(PhoneKey.D1));
        }

        [TestMethod]
        public void AHeldVolumeKeyRepeatsAfterTheDelayThenAtTheInterval()
        {
            KeyScanner k = New();
            for (long t = 0; t < 1000; t += 10) Scan(k, 0, 1, t);
            // Down at 20; first repeat 500 ms later, then every 150 ms.
            Assert.AreEqual("VolumeUp@20 +VolumeUp@520 +VolumeUp@670 +VolumeUp@820 +VolumeUp@970", Take(k));
            for (long t = 1000; t < 1300; t += 10) Scan(k, 0, 0, t);
            Assert.AreEqual("^VolumeUp@1020", Take(k));
        }

        [TestMethod]
        public void NoRepeatOnceTheKeyReadsReleased()
        {
            KeyScanner k = New();
            for (long t = 0; t < 1110; t += 10) Scan(k, 0, 1, t);
            Assert.AreEqual("VolumeUp@20 +VolumeUp@520 +VolumeUp@670 +VolumeUp@820 +VolumeUp@970", Take(k));
            // Lifted at 1110; a repeat is due at 1120, inside the release's debounce time: not sent.
            for (long t = 1110; t < 1300; t += 10) Scan(k, 0, 0, t);
            Assert.AreEqual("^VolumeUp@1130", Take(k));
        }

        [TestMethod]
        public void ADigitHeldDoesNotRepeat()
        {
            KeyScanner k = New();
            for (long t = 0; t < 2000; t += 10) Scan(k, 1, 0, t);
            Assert.AreEqual("D1@20", Take(k));
            Assert.IsTrue(k.IsDown(PhoneKey.D1));
        }

        [TestMethod]
        public void RepeatCanBeTurnedOnForAnyKeyAndOffForVolume()
        {
            KeyScanner k = New();
            k.SetRepeat(PhoneKey.D1, true);
            k.SetRepeat(PhoneKey.VolumeUp, false);
            Assert.IsTrue(k.Repeats(PhoneKey.D1));
            Assert.IsFalse(k.Repeats(PhoneKey.VolumeUp));
            for (long t = 0; t <= 600; t += 10) Scan(k, 1, 1, t);
            Assert.AreEqual("D1@20 VolumeUp@20 +D1@520", Take(k));
        }

        [TestMethod]
        public void AfterAStallOneRepeatIsSentNotABurst()
        {
            KeyScanner k = New();
            for (long t = 0; t <= 30; t += 10) Scan(k, 0, 1, t);
            Assert.AreEqual("VolumeUp@20", Take(k));
            Scan(k, 0, 1, 2000);               // a 2 s stall: six repeats were "due"
            Assert.AreEqual("+VolumeUp@2000", Take(k));
            Scan(k, 0, 1, 2100);
            Assert.AreEqual("", Take(k));
            Scan(k, 0, 1, 2150);
            Assert.AreEqual("+VolumeUp@2150", Take(k));
        }

        [TestMethod]
        public void TwoKeysTogetherAreBothReported()
        {
            KeyScanner k = New();
            for (long t = 0; t <= 40; t += 5) Scan(k, 0x3, 0, t);
            Assert.AreEqual("D1@20 D2@20", Take(k));
        }

        [TestMethod]
        public void MoreThanTwoKeysChangingInOneScanIsNoise()
        {
            KeyScanner k = New();
            Scan(k, 0, 0, 0);
            Scan(k, 0x7, 0, 5);                // three keys at once for one scan: a spike
            for (long t = 10; t <= 100; t += 5) Scan(k, 0, 0, t);
            Assert.AreEqual("", Take(k));
            Assert.AreEqual(1, k.RejectedScans);
        }

        [TestMethod]
        public void TheSameChordInTwoScansInARowIsAHand()
        {
            KeyScanner k = New();
            Scan(k, 0, 0, 0);
            for (long t = 5; t <= 40; t += 5) Scan(k, 0x7, 0, t);
            // Rejected at 5, accepted at 10 (same pattern), reported 20 ms after 10.
            Assert.AreEqual("D1@30 D2@30 D3@30", Take(k));
            Assert.AreEqual(1, k.RejectedScans);
        }

        [TestMethod]
        public void APositionWithNoKeyGivesNothing()
        {
            KeyScanner k = New();
            for (long t = 0; t <= 100; t += 5) Scan(k, 0, 0x4, t);   // row 1 column 2 is "-"
            Assert.AreEqual("", Take(k));
        }

        [TestMethod]
        public void EventDrivenSourcesUseSetRawAndUpdate()
        {
            // As the KeyMatrix binding reports edges: row 1 column 1 (vol-) falls at 50 and rises at 200.
            KeyScanner k = New();
            k.Update(0);
            k.SetRaw(1, 1, true);
            k.Update(50);
            k.Update(60);
            Assert.AreEqual("", Take(k));
            k.Update(70);
            Assert.AreEqual("VolumeDown@70", Take(k));
            k.SetRaw(1, 1, false);
            k.Update(200);
            k.Update(225);
            Assert.AreEqual("^VolumeDown@225", Take(k));
            k.SetRaw(9, 9, true);              // outside the matrix: ignored
            k.Update(300);
            Assert.AreEqual("", Take(k));
        }

        [TestMethod]
        public void EventsNobodyTakesAreCountedWhenTheQueueIsFull()
        {
            KeyScanner k = New();
            k.DebounceMs = 0;
            long t = 0;
            for (int i = 0; i < 10; i++)
            {
                Scan(k, 1, 0, t++);
                Scan(k, 0, 0, t++);
            }
            Assert.AreEqual(KeyScanner.QueueCapacity, k.Pending);
            Assert.AreEqual(20 - KeyScanner.QueueCapacity, k.DroppedEvents);
        }

        [TestMethod]
        public void NullOrShortScansCountAsReleased()
        {
            KeyScanner k = New();
            for (long t = 0; t <= 30; t += 5) Scan(k, 1, 0, t);
            Assert.AreEqual("D1@20", Take(k));
            for (long t = 35; t <= 70; t += 5) k.Scan(null, t);
            Assert.AreEqual("^D1@55", Take(k));
            for (long t = 75; t <= 120; t += 5) k.Scan(new int[] { 0x2 }, t);
            Assert.AreEqual("D2@95", Take(k));
        }
    }
}
