using System;
using System.IO;
using System.Linq;

namespace Phone.TargetCheck.Tests
{
    /// <summary>One target check (reference assemblies built once) shared by all tests.</summary>
    public static class Fixture
    {
        private static readonly Lazy<TargetCheck> _check = new Lazy<TargetCheck>(() =>
        {
            string root = Root;
            return new TargetCheck(root, TargetCheck.DefaultApiDirectory(root));
        });

        public static string Root { get; } = TargetCheck.FindRoot(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException("Phone.sln not found above " + AppContext.BaseDirectory);

        public static TargetCheck Check => _check.Value;

        /// <summary>Compiles one planted source file as device code against mscorlib and System.Text.</summary>
        public static CompiledDevice CompileDevice(string source, bool allowUnsafe = false, string file = "Planted.cs")
        {
            var refs = Check.References.Closure(new[] { "mscorlib", "nanoFramework.System.Text" }).Select(Check.References.Image);
            return DeviceCompiler.Compile("Planted", new[] { (file, source) }, refs, allowUnsafe: allowUnsafe);
        }
    }
}
