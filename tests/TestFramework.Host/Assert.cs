using System;
using System.Collections;
using TestFrameworkShared;

namespace nanoFramework.TestFramework
{
    /// <summary>
    /// Assertions of the nanoFramework.TestFramework 3.x API, same names and overloads as on the device.
    /// A failure throws <see cref="AssertFailedException"/> with a message naming expected and actual values.
    /// </summary>
    public sealed class Assert
    {
        private static string Msg(string message) => string.IsNullOrEmpty(message) ? "" : " " + message;
        private static void Fail(string what, string message) => throw new AssertFailedException(what + Msg(message));
        private static string Show(object o) => o == null ? "(null)" : o.ToString();
        private static void Eq(bool same, object expected, object actual, string name, string message)
        { if (!same) Fail($"Assert.{name} failed. Expected:<{Show(expected)}>. Actual:<{Show(actual)}>.", message); }
        private static void Ne(bool same, object notExpected, object actual, string name, string message)
        { if (same) Fail($"Assert.{name} failed. Expected any value except:<{Show(notExpected)}>. Actual:<{Show(actual)}>.", message); }
        public static void AreEqual(bool expected, bool actual, string message = "") => Eq(expected == actual, expected, actual, "AreEqual", message);
        public static void AreEqual(byte expected, byte actual, string message = "") => Eq(expected == actual, expected, actual, "AreEqual", message);
        public static void AreEqual(char expected, char actual, string message = "") => Eq(expected == actual, expected, actual, "AreEqual", message);
        public static void AreEqual(DateTime expected, DateTime actual, string message = "") => Eq(expected == actual, expected, actual, "AreEqual", message);
        public static void AreEqual(double expected, double actual, string message = "") => Eq(expected.Equals(actual), expected, actual, "AreEqual", message);
        public static void AreEqual(short expected, short actual, string message = "") => Eq(expected == actual, expected, actual, "AreEqual", message);
        public static void AreEqual(int expected, int actual, string message = "") => Eq(expected == actual, expected, actual, "AreEqual", message);
        public static void AreEqual(long expected, long actual, string message = "") => Eq(expected == actual, expected, actual, "AreEqual", message);
        public static void AreEqual(sbyte expected, sbyte actual, string message = "") => Eq(expected == actual, expected, actual, "AreEqual", message);
        public static void AreEqual(float expected, float actual, string message = "") => Eq(expected.Equals(actual), expected, actual, "AreEqual", message);
        public static void AreEqual(string expected, string actual, string message = "") => Eq(expected == actual, expected, actual, "AreEqual", message);
        public static void AreEqual(ushort expected, ushort actual, string message = "") => Eq(expected == actual, expected, actual, "AreEqual", message);
        public static void AreEqual(uint expected, uint actual, string message = "") => Eq(expected == actual, expected, actual, "AreEqual", message);
        public static void AreEqual(ulong expected, ulong actual, string message = "") => Eq(expected == actual, expected, actual, "AreEqual", message);
        public static void AreEqual(object expected, object actual, string message = "") => Eq(object.Equals(expected, actual), expected, actual, "AreEqual", message);
        public static void Equal(bool expected, bool actual, string message = "") => Eq(expected == actual, expected, actual, "Equal", message);
        public static void Equal(byte expected, byte actual, string message = "") => Eq(expected == actual, expected, actual, "Equal", message);
        public static void Equal(char expected, char actual, string message = "") => Eq(expected == actual, expected, actual, "Equal", message);
        public static void Equal(DateTime expected, DateTime actual, string message = "") => Eq(expected == actual, expected, actual, "Equal", message);
        public static void Equal(double expected, double actual, string message = "") => Eq(expected.Equals(actual), expected, actual, "Equal", message);
        public static void Equal(short expected, short actual, string message = "") => Eq(expected == actual, expected, actual, "Equal", message);
        public static void Equal(int expected, int actual, string message = "") => Eq(expected == actual, expected, actual, "Equal", message);
        public static void Equal(long expected, long actual, string message = "") => Eq(expected == actual, expected, actual, "Equal", message);
        public static void Equal(sbyte expected, sbyte actual, string message = "") => Eq(expected == actual, expected, actual, "Equal", message);
        public static void Equal(float expected, float actual, string message = "") => Eq(expected.Equals(actual), expected, actual, "Equal", message);
        public static void Equal(string expected, string actual, string message = "") => Eq(expected == actual, expected, actual, "Equal", message);
        public static void Equal(ushort expected, ushort actual, string message = "") => Eq(expected == actual, expected, actual, "Equal", message);
        public static void Equal(uint expected, uint actual, string message = "") => Eq(expected == actual, expected, actual, "Equal", message);
        public static void Equal(ulong expected, ulong actual, string message = "") => Eq(expected == actual, expected, actual, "Equal", message);
        public static void AreNotEqual(bool expected, bool actual, string message = "") => Ne(expected == actual, expected, actual, "AreNotEqual", message);
        public static void AreNotEqual(byte expected, byte actual, string message = "") => Ne(expected == actual, expected, actual, "AreNotEqual", message);
        public static void AreNotEqual(char expected, char actual, string message = "") => Ne(expected == actual, expected, actual, "AreNotEqual", message);
        public static void AreNotEqual(DateTime expected, DateTime actual, string message = "") => Ne(expected == actual, expected, actual, "AreNotEqual", message);
        public static void AreNotEqual(double expected, double actual, string message = "") => Ne(expected.Equals(actual), expected, actual, "AreNotEqual", message);
        public static void AreNotEqual(short expected, short actual, string message = "") => Ne(expected == actual, expected, actual, "AreNotEqual", message);
        public static void AreNotEqual(int expected, int actual, string message = "") => Ne(expected == actual, expected, actual, "AreNotEqual", message);
        public static void AreNotEqual(long expected, long actual, string message = "") => Ne(expected == actual, expected, actual, "AreNotEqual", message);
        public static void AreNotEqual(sbyte expected, sbyte actual, string message = "") => Ne(expected == actual, expected, actual, "AreNotEqual", message);
        public static void AreNotEqual(float expected, float actual, string message = "") => Ne(expected.Equals(actual), expected, actual, "AreNotEqual", message);
        public static void AreNotEqual(string expected, string actual, string message = "") => Ne(expected == actual, expected, actual, "AreNotEqual", message);
        public static void AreNotEqual(ushort expected, ushort actual, string message = "") => Ne(expected == actual, expected, actual, "AreNotEqual", message);
        public static void AreNotEqual(uint expected, uint actual, string message = "") => Ne(expected == actual, expected, actual, "AreNotEqual", message);
        public static void AreNotEqual(ulong expected, ulong actual, string message = "") => Ne(expected == actual, expected, actual, "AreNotEqual", message);
        public static void AreNotEqual(object expected, object actual, string message = "") => Ne(object.Equals(expected, actual), expected, actual, "AreNotEqual", message);
        public static void NotEqual(bool expected, bool actual, string message = "") => Ne(expected == actual, expected, actual, "NotEqual", message);
        public static void NotEqual(byte expected, byte actual, string message = "") => Ne(expected == actual, expected, actual, "NotEqual", message);
        public static void NotEqual(char expected, char actual, string message = "") => Ne(expected == actual, expected, actual, "NotEqual", message);
        public static void NotEqual(DateTime expected, DateTime actual, string message = "") => Ne(expected == actual, expected, actual, "NotEqual", message);
        public static void NotEqual(double expected, double actual, string message = "") => Ne(expected.Equals(actual), expected, actual, "NotEqual", message);
        public static void NotEqual(short expected, short actual, string message = "") => Ne(expected == actual, expected, actual, "NotEqual", message);
        public static void NotEqual(int expected, int actual, string message = "") => Ne(expected == actual, expected, actual, "NotEqual", message);
        public static void NotEqual(long expected, long actual, string message = "") => Ne(expected == actual, expected, actual, "NotEqual", message);
        public static void NotEqual(sbyte expected, sbyte actual, string message = "") => Ne(expected == actual, expected, actual, "NotEqual", message);
        public static void NotEqual(float expected, float actual, string message = "") => Ne(expected.Equals(actual), expected, actual, "NotEqual", message);
        public static void NotEqual(string expected, string actual, string message = "") => Ne(expected == actual, expected, actual, "NotEqual", message);
        public static void NotEqual(ushort expected, ushort actual, string message = "") => Ne(expected == actual, expected, actual, "NotEqual", message);
        public static void NotEqual(uint expected, uint actual, string message = "") => Ne(expected == actual, expected, actual, "NotEqual", message);
        public static void NotEqual(ulong expected, ulong actual, string message = "") => Ne(expected == actual, expected, actual, "NotEqual", message);
        public static void Equal(Array expected, Array actual, string message = "")
        { if (!TestExtensions.SequenceEqual(expected, actual)) Fail("Assert.Equal failed. The arrays differ.", message); }
        public static void NotEqual(Array notExpected, Array actual, string message = "")
        { if (TestExtensions.SequenceEqual(notExpected, actual)) Fail("Assert.NotEqual failed. The arrays are equal.", message); }
        public static void IsTrue(bool condition, string message = "") { if (!condition) Fail("Assert.IsTrue failed.", message); }
        public static void True(bool condition, string message = "") { if (!condition) Fail("Assert.True failed.", message); }
        public static void IsFalse(bool condition, string message = "") { if (condition) Fail("Assert.IsFalse failed.", message); }
        public static void False(bool condition, string message = "") { if (condition) Fail("Assert.False failed.", message); }
        public static void IsNull(object value, string message = "") { if (value != null) Fail("Assert.IsNull failed.", message); }
        public static void Null(object value, string message = "") { if (value != null) Fail("Assert.Null failed.", message); }
        public static void IsNotNull(object value, string message = "") { if (value == null) Fail("Assert.IsNotNull failed.", message); }
        public static void NotNull(object value, string message = "") { if (value == null) Fail("Assert.NotNull failed.", message); }
        public static void AreSame(object expected, object actual, string message = "") { if (!ReferenceEquals(expected, actual)) Fail("Assert.AreSame failed.", message); }
        public static void Same(object expected, object actual, string message = "") { if (!ReferenceEquals(expected, actual)) Fail("Assert.Same failed.", message); }
        public static void AreNotSame(object expected, object actual, string message = "") { if (ReferenceEquals(expected, actual)) Fail("Assert.AreNotSame failed.", message); }
        public static void NotSame(object expected, object actual, string message = "") { if (ReferenceEquals(expected, actual)) Fail("Assert.NotSame failed.", message); }
        public static void IsInstanceOfType(object value, Type expectedType, string message = "")
        { if (value == null || !expectedType.IsInstanceOfType(value)) Fail($"Assert.IsInstanceOfType failed. Expected type:<{expectedType}>. Actual type:<{value?.GetType()}>.", message); }
        public static void IsNotInstanceOfType(object value, Type wrongType, string message = "")
        { if (value != null && wrongType.IsInstanceOfType(value)) Fail($"Assert.IsNotInstanceOfType failed. Wrong type:<{wrongType}>.", message); }
        public static void IsType(Type expectedType, object value, string message = "") => IsInstanceOfType(value, expectedType, message);
        public static void IsNotType(Type notExpectedType, object value, string message = "") => IsNotInstanceOfType(value, notExpectedType, message);
        public static void Contains(string expected, string actual, string message = "")
        { if (actual == null || expected == null || actual.IndexOf(expected, StringComparison.Ordinal) < 0) Fail($"Assert.Contains failed. <{Show(expected)}> not found in <{Show(actual)}>.", message); }
        public static void DoesNotContains(string expected, string actual, string message = "")
        { if (actual != null && expected != null && actual.IndexOf(expected, StringComparison.Ordinal) >= 0) Fail($"Assert.DoesNotContains failed. <{expected}> found in <{actual}>.", message); }
        public static void StartsWith(string expected, string actual, string message = "")
        { if (actual == null || expected == null || !actual.StartsWith(expected, StringComparison.Ordinal)) Fail($"Assert.StartsWith failed. <{Show(actual)}> does not start with <{Show(expected)}>.", message); }
        public static void EndsWith(string expected, string actual, string message = "")
        { if (actual == null || expected == null || !actual.EndsWith(expected, StringComparison.Ordinal)) Fail($"Assert.EndsWith failed. <{Show(actual)}> does not end with <{Show(expected)}>.", message); }
        public static void Empty(ICollection collection, string message = "")
        { if (collection == null || collection.Count != 0) Fail("Assert.Empty failed.", message); }
        public static void NotEmpty(ICollection collection, string message = "")
        { if (collection == null || collection.Count == 0) Fail("Assert.NotEmpty failed.", message); }
        public static void SkipTest(string message = "") => throw new SkipTestException(message);

        /// <summary>Passes only when the action throws exactly <paramref name="exceptionType"/>, as on the device.</summary>
        public static void ThrowsException(Type exceptionType, Action action, string message = "")
        {
            try { action(); }
            catch (Exception ex)
            {
                if (ex.GetType() != exceptionType)
                    Fail($"Assert.ThrowsException failed. Expected exception type:<{exceptionType}>. Actual exception type:<{ex.GetType()}>. {ex.Message}", message);
                return;
            }
            Fail($"Assert.ThrowsException failed. No exception thrown. Expected exception type:<{exceptionType}>.", message);
        }
        public static void Throws(Type exceptionType, Action action, string message = "") => ThrowsException(exceptionType, action, message);
    }

    public sealed class CollectionAssert
    {
        private static bool Same(ICollection a, ICollection b)
        {
            if (a == null || b == null) return a == b;
            if (a.Count != b.Count) return false;
            IEnumerator ea = a.GetEnumerator(), eb = b.GetEnumerator();
            while (ea.MoveNext() && eb.MoveNext()) if (!Equals(ea.Current, eb.Current)) return false;
            return true;
        }
        public static void AreEqual(ICollection expected, ICollection actual, string message = "")
        { if (!Same(expected, actual)) throw new AssertFailedException("CollectionAssert.AreEqual failed." + (string.IsNullOrEmpty(message) ? "" : " " + message)); }
        public static void AreNotEqual(ICollection notExpected, ICollection actual, string message = "")
        { if (Same(notExpected, actual)) throw new AssertFailedException("CollectionAssert.AreNotEqual failed." + (string.IsNullOrEmpty(message) ? "" : " " + message)); }
        public static void Empty(ICollection collection, string message = "") => Assert.Empty(collection, message);
        public static void NotEmpty(ICollection collection, string message = "") => Assert.NotEmpty(collection, message);
    }
}
