using System;

namespace nanoFramework.TestFramework
{
    /// <summary>Test output; on the host it goes to standard output, which VSTest attaches to the result.</summary>
    public static class OutputHelper
    {
        public static void Write(string message) => Console.Write(message);
        public static void WriteLine(string message) => Console.WriteLine(message);
    }

    public static class Helper
    {
        /// <summary>Drops the leading method argument the device launcher prepends to DataRow arguments.</summary>
        public static object[] RemoveTestMethodIfDataRowExists(object[] attribs)
        {
            if (attribs == null) return null;
            int n = 0;
            foreach (object a in attribs) if (!(a is TestMethodAttribute)) n++;
            object[] result = new object[n];
            int i = 0;
            foreach (object a in attribs) if (!(a is TestMethodAttribute)) result[i++] = a;
            return result;
        }
    }

    public static class TestExtensions
    {
        public static bool SequenceEqual(Array array1, Array array2)
        {
            if (ReferenceEquals(array1, array2)) return true;
            if (array1 == null || array2 == null || array1.Length != array2.Length) return false;
            for (int i = 0; i < array1.Length; i++)
            {
                if (!Equals(array1.GetValue(i), array2.GetValue(i))) return false;
            }
            return true;
        }
    }
}
