using System;
using nanoFramework.TestFramework;
using TestFrameworkShared;
using Xunit;
using NfAssert = nanoFramework.TestFramework.Assert;
using XAssert = Xunit.Assert;

namespace Phone.TestFramework.Tests
{
    /// <summary>The host assertions fail exactly when the device's would, with a message naming both values.</summary>
    public class AssertTests
    {
        [Fact]
        public void AreEqual_passes_on_equal_values() => NfAssert.AreEqual(42, 42);

        [Fact]
        public void AreEqual_fails_with_expected_actual_and_message()
        {
            var ex = XAssert.Throws<AssertFailedException>(() => NfAssert.AreEqual(1, 2, "sample"));
            XAssert.Contains("<1>", ex.Message);
            XAssert.Contains("<2>", ex.Message);
            XAssert.Contains("sample", ex.Message);
        }

        [Fact]
        public void AreEqual_strings_compare_ordinally() =>
            XAssert.Throws<AssertFailedException>(() => NfAssert.AreEqual("a", "A"));

        [Fact]
        public void IsTrue_and_IsFalse_fail_on_the_wrong_value()
        {
            XAssert.Throws<AssertFailedException>(() => NfAssert.IsTrue(false));
            XAssert.Throws<AssertFailedException>(() => NfAssert.IsFalse(true));
            NfAssert.IsTrue(true);
            NfAssert.IsFalse(false);
        }

        [Fact]
        public void Null_checks_fail_on_the_wrong_value()
        {
            XAssert.Throws<AssertFailedException>(() => NfAssert.IsNull(new object()));
            XAssert.Throws<AssertFailedException>(() => NfAssert.IsNotNull(null));
        }

        [Fact]
        public void ThrowsException_passes_only_on_the_exact_type()
        {
            NfAssert.ThrowsException(typeof(InvalidOperationException), () => throw new InvalidOperationException());
            var none = XAssert.Throws<AssertFailedException>(() => NfAssert.ThrowsException(typeof(InvalidOperationException), () => { }));
            XAssert.Contains("No exception", none.Message);
            // A derived type is not the expected type on the device either.
            XAssert.Throws<AssertFailedException>(() => NfAssert.ThrowsException(typeof(Exception), () => throw new InvalidOperationException()));
        }

        [Fact]
        public void Array_equality_compares_elements()
        {
            NfAssert.Equal(new byte[] { 1, 2 }, new byte[] { 1, 2 });
            XAssert.Throws<AssertFailedException>(() => NfAssert.Equal(new byte[] { 1, 2 }, new byte[] { 1, 3 }));
            CollectionAssert.AreEqual(new byte[] { 1, 2 }, new byte[] { 1, 2 });
            XAssert.Throws<AssertFailedException>(() => CollectionAssert.AreEqual(new byte[] { 1, 2 }, new byte[] { 1 }));
        }

        [Fact]
        public void String_asserts_fail_when_the_text_is_absent()
        {
            NfAssert.Contains("ell", "hello");
            XAssert.Throws<AssertFailedException>(() => NfAssert.Contains("xyz", "hello"));
            XAssert.Throws<AssertFailedException>(() => NfAssert.StartsWith("lo", "hello"));
            XAssert.Throws<AssertFailedException>(() => NfAssert.EndsWith("he", "hello"));
        }

        [Fact]
        public void SkipTest_throws_SkipTestException() =>
            XAssert.Throws<SkipTestException>(() => NfAssert.SkipTest("not on this target"));
    }
}
