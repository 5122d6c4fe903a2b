using nanoFramework.TestFramework;

namespace Phone.Tests.Smoke
{
    [TestClass]
    public class FrameTests
    {
        static int _setups;

        [Setup]
        public void Setup() { _setups++; }

        [TestMethod]
        public void SetupRanOnce() { Assert.AreEqual(1, _setups); }

        [TestMethod]
        [DataRow(1, 2, 3)]
        [DataRow(10, 20, 30)]
        public void Adds(int a, int b, int sum) { Assert.AreEqual(sum, a + b); }
    }
}
