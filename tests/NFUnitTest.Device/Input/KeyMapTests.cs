using nanoFramework.TestFramework;
using Phone.Call;
using Phone.Device.Input;

namespace Phone.Tests.Device.Input
{
    /// <summary>The keypad map text: the handset layout of docs/keypad.md, names, empty positions, and errors with their offsets.</summary>
    [TestClass]
    public class KeyMapTests
    {
        // docs/keypad.md: 8 rows of 3.
        const string Handset = "vol- up vol+ / left ok right / mute down hold / call dnd end / 1 2 3 / 4 5 6 / 7 8 9 / * 0 #";

        [TestMethod]
        public void TheHandsetLayoutPutsEveryKeyWhereTheDocsDrawIt()
        {
            KeyMapResult r = KeyMap.Parse(Handset);
            Assert.IsTrue(r.Ok);
            KeyMap m = r.Map;
            Assert.AreEqual(8, m.Rows);
            Assert.AreEqual(3, m.Columns);
            AssertKey(m, 0, 0, PhoneKey.VolumeDown);
            AssertKey(m, 0, 1, PhoneKey.Up);
            AssertKey(m, 0, 2, PhoneKey.VolumeUp);
            AssertKey(m, 1, 0, PhoneKey.Left);
            AssertKey(m, 1, 1, PhoneKey.Ok);
            AssertKey(m, 1, 2, PhoneKey.Right);
            AssertKey(m, 2, 0, PhoneKey.Mute);
            AssertKey(m, 2, 1, PhoneKey.Down);
            AssertKey(m, 2, 2, PhoneKey.Hold);
            AssertKey(m, 3, 0, PhoneKey.Call);
            AssertKey(m, 3, 1, PhoneKey.Dnd);
            AssertKey(m, 3, 2, PhoneKey.HangUp);
            AssertKey(m, 4, 0, PhoneKey.D1);
            AssertKey(m, 5, 1, PhoneKey.D5);
            AssertKey(m, 6, 2, PhoneKey.D9);
            AssertKey(m, 7, 0, PhoneKey.Star);
            AssertKey(m, 7, 1, PhoneKey.D0);
            AssertKey(m, 7, 2, PhoneKey.Pound);
        }

        [TestMethod]
        public void ConfNamesTheConferenceKey()
        {
            // The reference board's matrix with conf fitted in its first spare position.
            KeyMapResult r = KeyMap.Parse("1 2 3 call end / 4 5 6 hold mute / 7 8 9 vol+ vol- / * 0 # up down / ok left CONF - -");
            Assert.IsTrue(r.Ok);
            AssertKey(r.Map, 4, 2, PhoneKey.Conference);
        }

        [TestMethod]
        public void HyphenLeavesAPositionEmptyAndNamesIgnoreCase()
        {
            // The 5x5 matrix of hardware/profiles/phone-v1.board, in mixed case.
            KeyMapResult r = KeyMap.Parse("1 2 3 CALL End / 4 5 6 hold mute / 7 8 9 Vol+ VOL- / * 0 # up down / ok left - - -");
            Assert.IsTrue(r.Ok);
            Assert.AreEqual(5, r.Map.Rows);
            Assert.AreEqual(5, r.Map.Columns);
            AssertKey(r.Map, 0, 3, PhoneKey.Call);
            AssertKey(r.Map, 0, 4, PhoneKey.HangUp);
            AssertKey(r.Map, 2, 3, PhoneKey.VolumeUp);
            AssertKey(r.Map, 4, 1, PhoneKey.Left);
            PhoneKey k;
            Assert.IsFalse(r.Map.TryGetKey(4, 2, out k), "hyphen");
            Assert.IsFalse(r.Map.TryGetKey(4, 4, out k), "hyphen");
            Assert.IsFalse(r.Map.TryGetKey(5, 0, out k), "outside the matrix");
            Assert.IsFalse(r.Map.TryGetKey(-1, 0, out k), "negative row");
        }

        [TestMethod]
        public void AliasesNameTheSameKeys()
        {
            KeyMapResult r = KeyMap.Parse("< > hangup menu");
            Assert.IsTrue(r.Ok);
            AssertKey(r.Map, 0, 0, PhoneKey.Left);
            AssertKey(r.Map, 0, 1, PhoneKey.Right);
            AssertKey(r.Map, 0, 2, PhoneKey.HangUp);
            AssertKey(r.Map, 0, 3, PhoneKey.Ok);
        }

        [TestMethod]
        public void FindGivesAKeysPosition()
        {
            KeyMap m = KeyMap.Parse(Handset).Map;
            int row;
            int column;
            Assert.IsTrue(m.Find(PhoneKey.Ok, out row, out column));
            Assert.AreEqual(1, row);
            Assert.AreEqual(1, column);
            KeyMap small = KeyMap.Parse("1 2").Map;
            Assert.IsFalse(small.Find(PhoneKey.Ok, out row, out column));
            Assert.AreEqual(-1, row);
        }

        //              0         1         2
        //              0123456789012345678901234
        [TestMethod]
        [DataRow("1 2 3 / 4 vol 6", 2, 10, 3, 1, 1)]            // UnknownKey at "vol"
        [DataRow("1 2 3 / 4 5 1", 3, 12, 1, 1, 2)]              // DuplicateKey: the second "1"
        [DataRow("1 2 3 / 4 5", 6, 8, 3, 1, 2)]                 // RowLengthMismatch: row 1 has 2 positions
        [DataRow("1 2 3 // 4 5 6", 7, 7, 1, 1, -1)]             // EmptyRow: the second '/'
        [DataRow("/ 1", 7, 0, 1, 0, -1)]                        // EmptyRow: leading '/'
        [DataRow("1 / 2 / 3 / 4 / 5 / 6 / 7 / 8 / 9", 4, 32, 1, 8, 0)] // TooManyRows at "9"
        [DataRow("1 2 3 4 5 6 7 8 9", 5, 16, 1, 0, 8)]          // TooManyColumns at "9"
        [DataRow("1 2 3 x", 2, 6, 1, 0, 3)]
        public void ErrorsSayWhatAndWhere(string text, int error, int offset, int length, int row, int column)
        {
            KeyMapResult r = KeyMap.Parse(text);
            Assert.IsFalse(r.Ok);
            Assert.IsNull(r.Map);
            Assert.AreEqual(error, (int)r.Error, "error");
            Assert.AreEqual(offset, r.Offset, "offset");
            Assert.AreEqual(length, r.Length, "length");
            Assert.AreEqual(row, r.Row, "row");
            Assert.AreEqual(column, r.Column, "column");
        }

        [TestMethod]
        public void EmptyTextIsRefusedWithoutThrowing()
        {
            Assert.AreEqual((int)KeyMapError.Empty, (int)KeyMap.Parse(null).Error);
            Assert.AreEqual((int)KeyMapError.Empty, (int)KeyMap.Parse("").Error);
            Assert.AreEqual((int)KeyMapError.Empty, (int)KeyMap.Parse("  \t ").Error);
            Assert.AreEqual(-1, KeyMap.Parse("").Offset);
        }

        [TestMethod]
        public void ErrorCodesKeepTheirNumbers()
        {
            // The DataRows above name errors by number (attributes take constants of exact types).
            Assert.AreEqual(2, (int)KeyMapError.UnknownKey);
            Assert.AreEqual(3, (int)KeyMapError.DuplicateKey);
            Assert.AreEqual(4, (int)KeyMapError.TooManyRows);
            Assert.AreEqual(5, (int)KeyMapError.TooManyColumns);
            Assert.AreEqual(6, (int)KeyMapError.RowLengthMismatch);
            Assert.AreEqual(7, (int)KeyMapError.EmptyRow);
        }

        static void AssertKey(KeyMap m, int row, int column, PhoneKey expected)
        {
            PhoneKey k;
            Assert.IsTrue(m.TryGetKey(row, column, out k), "a key at " + row + "," + column);
            Assert.AreEqual((int)expected, (int)k, "key at " + row + "," + column);
        }
    }
}
