using System;

namespace TestFrameworkShared
{
    /// <summary>Thrown by a failing assertion; the launcher reports its message as the failure.</summary>
    public class AssertFailedException : Exception
    {
        public AssertFailedException() { }
        public AssertFailedException(string message) : base(message) { }
        public AssertFailedException(string message, Exception inner) : base(message, inner) { }
    }
}
