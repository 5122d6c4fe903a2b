using System;
using System.IO;

namespace Phone.Host.Tests
{
    /// <summary>Locates the repository root (the folder holding Phone.sln); nothing outside it is used.</summary>
    public static class RepoPaths
    {
        public static string Root { get; } = FindRoot();

        private static string FindRoot()
        {
            string dir = AppContext.BaseDirectory;
            while (dir != null && !File.Exists(Path.Combine(dir, "Phone.sln"))) dir = Path.GetDirectoryName(dir);
            return dir ?? throw new InvalidOperationException("Phone.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
