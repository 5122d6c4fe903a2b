using nanoFramework.TestFramework;
using Phone.Call;
using Phone.Ui;
using Phone.Sip.Registration;

namespace Phone.Tests.Ui
{
    /// <summary>The 21x8 text screen: padding, truncation, characters the font lacks, numbers, the dirty mask.</summary>
    [TestClass]
    public class TextScreenTests
    {
        [TestMethod]
        public void StartsBlankWithEveryRowDirty()
        {
            TextScreen s = new TextScreen();
            Assert.AreEqual(0xFF, s.DirtyMask);
            for (int r = 0; r < 8; r++) Assert.AreEqual("                     ", s.Line(r));
        }

        [TestMethod]
        public void OnlyChangedRowsBecomeDirty()
        {
            TextScreen s = new TextScreen();
            s.ClearDirty();
            s.Begin();
            s.End(3);
            Assert.AreEqual(0, s.DirtyMask, "blank over blank");
            s.Begin();
            s.Put("Hi");
            s.End(3);
            Assert.AreEqual(0x08, s.DirtyMask);
            Assert.IsTrue(s.IsDirty(3));
            Assert.IsFalse(s.IsDirty(2));
            s.Begin();
            s.Put("Yo");
            s.End(6);
            Assert.AreEqual(0x48, s.DirtyMask);
            s.ClearDirty();
            s.Begin();
            s.Put("Hi");
            s.End(3);
            Assert.AreEqual(0, s.DirtyMask, "same text again");
            Assert.AreEqual("Hi                   ", s.Line(3));
        }

        [TestMethod]
        public void LongTextIsCutAtTwentyOneColumns()
        {
            TextScreen s = new TextScreen();
            s.Begin();
            s.Put("abcdefghijklmnopqrstuvwxyz");
            s.Put('!');
            s.End(1);
            Assert.AreEqual("abcdefghijklmnopqrstu", s.Line(1));
        }

        [TestMethod]
        public void CharactersOutsidePrintableAsciiBecomeQuestionMarks()
        {
            TextScreen s = new TextScreen();
            s.Begin();
            s.Put("Ren\u00e9\t1");
            s.End(0);
            Assert.AreEqual("Ren??1               ", s.Line(0));
        }

        [TestMethod]
        [DataRow(0, "0")]
        [DataRow(7, "7")]
        [DataRow(486, "486")]
        [DataRow(-12, "-12")]
        [DataRow(2147483647, "2147483647")]
        [DataRow(-2147483648, "-2147483648")]
        public void NumbersWithoutAllocation(int n, string expected)
        {
            TextScreen s = new TextScreen();
            s.Begin();
            s.PutNumber(n);
            s.End(2);
            Assert.AreEqual(expected.PadRight(21, ' '), s.Line(2));
        }

        [TestMethod]
        public void CopyRowAndCharAt()
        {
            TextScreen s = new TextScreen();
            s.Begin();
            s.Put("Row5");
            s.End(5);
            char[] buf = new char[23];
            s.CopyRow(5, buf, 2);
            Assert.AreEqual(0, (int)buf[1], "CopyRow leaves the char before offset untouched");
            Assert.AreEqual('R', buf[2]);
            Assert.AreEqual('5', buf[5]);
            Assert.AreEqual(' ', buf[22]);
            Assert.AreEqual('w', s.CharAt(5, 2));
        }

        [TestMethod]
        public void StatusIconsLayout()
        {
            TextScreen s = new TextScreen();
            StatusIcons i = new StatusIcons();
            i.Render(s);
            Assert.AreEqual("R-               ....", s.Line(0));
            i.Registration = RegistrationState.Failed;
            i.Srtp = SrtpIcon.Unlocked;
            i.MissedCalls = 150;
            i.Signal = 2;
            i.Render(s);
            Assert.AreEqual("R! U     *99     ||..", s.Line(0));
        }
    }
}
