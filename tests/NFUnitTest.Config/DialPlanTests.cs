using nanoFramework.TestFramework;
using Phone.Config;

namespace Phone.Tests.Config
{
    /// <summary>
    /// The digit map matcher against hand-worked cases of the RFC 3435 §2.1.5 notation: what a prefix can still
    /// become, when a number is whole, and when it could still grow.
    /// </summary>
    [TestClass]
    public class DialPlanTests
    {
        private static DialMatch Match(string plan, string typed)
        {
            DialPlan p = DialPlan.Parse(plan);
            Assert.IsNotNull(p, plan);
            return p.Match(typed.ToCharArray(), typed.Length);
        }

        [TestMethod]
        public void FixedLengthPatternCompletesOnItsLastDigit()
        {
            Assert.AreEqual((int)DialMatch.Partial, (int)Match("1xxx", "1"));
            Assert.AreEqual((int)DialMatch.Partial, (int)Match("1xxx", "100"));
            Assert.AreEqual((int)DialMatch.Complete, (int)Match("1xxx", "1002"));
            Assert.AreEqual((int)DialMatch.NoMatch, (int)Match("1xxx", "10021"));
            Assert.AreEqual((int)DialMatch.NoMatch, (int)Match("1xxx", "2"));
            Assert.AreEqual((int)DialMatch.NoMatch, (int)Match("1xxx", "1*"));
        }

        [TestMethod]
        public void RepeatedElementMatchesZeroOrMoreTimesAndCanAlwaysGrow()
        {
            // 0[1-9]x. : a 0, one of 1-9, then any number of digits (none included).
            Assert.AreEqual((int)DialMatch.Partial, (int)Match("0[1-9]x.", "0"));
            Assert.AreEqual((int)DialMatch.NoMatch, (int)Match("0[1-9]x.", "00"));
            Assert.AreEqual((int)DialMatch.CompleteCanGrow, (int)Match("0[1-9]x.", "03"));
            Assert.AreEqual((int)DialMatch.CompleteCanGrow, (int)Match("0[1-9]x.", "0301234567"));
            Assert.AreEqual((int)DialMatch.NoMatch, (int)Match("0[1-9]x.", "030#"));
        }

        [TestMethod]
        public void SetsTakeSingleDigitsAndRanges()
        {
            Assert.AreEqual((int)DialMatch.Complete, (int)Match("[0-35]", "2"));
            Assert.AreEqual((int)DialMatch.Complete, (int)Match("[0-35]", "5"));
            Assert.AreEqual((int)DialMatch.NoMatch, (int)Match("[0-35]", "4"));
            Assert.AreEqual((int)DialMatch.Complete, (int)Match("[*#]x", "#7"));
        }

        [TestMethod]
        public void AlternativesAreAllConsidered()
        {
            const string Plan = "1xxx|0[1-9]x.|112|911|*xx";
            Assert.AreEqual(5, DialPlan.Parse(Plan).Count);
            Assert.AreEqual((int)DialMatch.Partial, (int)Match(Plan, "11"), "1xxx and 112 both still possible");
            Assert.AreEqual((int)DialMatch.CompleteCanGrow, (int)Match(Plan, "112"), "a whole 112 that 1xxx could still extend");
            Assert.AreEqual((int)DialMatch.Complete, (int)Match(Plan, "911"));
            Assert.AreEqual((int)DialMatch.NoMatch, (int)Match(Plan, "5"));
        }

        [TestMethod]
        public void AWholeNumberThatAnotherPatternCouldExtendWaits()
        {
            // 112 is whole, but 1xxx can take a fourth digit: the timeout decides (RFC 3435 §2.1.5, "no longer match").
            Assert.AreEqual((int)DialMatch.CompleteCanGrow, (int)Match("112|1xxx", "112"));
            Assert.AreEqual((int)DialMatch.Complete, (int)Match("112|1xxx", "1123"));
            Assert.AreEqual((int)DialMatch.Complete, (int)Match("*xx", "*72"));
        }

        [TestMethod]
        public void BlanksAroundBarsAndUpperCaseXAreAccepted()
        {
            Assert.AreEqual((int)DialMatch.Complete, (int)Match(" 1XX | 2x ", "199"));
            Assert.AreEqual((int)DialMatch.Complete, (int)Match(" 1XX | 2x ", "20"));
        }

        [TestMethod]
        public void RepeatedElementInTheMiddleMaySkip()
        {
            // 9x.# : a 9, any digits, then '#'.
            Assert.AreEqual((int)DialMatch.Complete, (int)Match("9x.#", "9#"));
            Assert.AreEqual((int)DialMatch.Complete, (int)Match("9x.#", "9123#"));
            Assert.AreEqual((int)DialMatch.Partial, (int)Match("9x.#", "9123"));
        }
    }
}
