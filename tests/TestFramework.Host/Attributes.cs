using System;

namespace nanoFramework.TestFramework
{
    /// <summary>Marks a class whose [Setup], [TestMethod] and [Cleanup] methods the launcher runs.</summary>
    [AttributeUsage(AttributeTargets.Class)]
    public class TestClassAttribute : Attribute
    {
        public virtual TestMethodAttribute GetTestMethodAttribute(TestMethodAttribute testMethodAttribute) => testMethodAttribute;
    }

    [AttributeUsage(AttributeTargets.Method)]
    public class TestMethodAttribute : Attribute { }

    /// <summary>Run once per test class, before its tests.</summary>
    [AttributeUsage(AttributeTargets.Method)]
    public class SetupAttribute : Attribute { }

    /// <summary>Run once per test class, after its tests.</summary>
    [AttributeUsage(AttributeTargets.Method)]
    public class CleanupAttribute : Attribute { }

    /// <summary>One row of arguments for a parameterised test; each row is its own test case.</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
    public class DataRowAttribute : Attribute
    {
        public DataRowAttribute(params object[] methodParameters) { MethodParameters = methodParameters; }
        public object[] MethodParameters { get; }
    }

    /// <summary>Thrown by Assert.SkipTest: the launcher reports the test as skipped.</summary>
    public class SkipTestException : Exception
    {
        public SkipTestException(string message = "", Exception innerException = null) : base(message, innerException) { }
    }
}
