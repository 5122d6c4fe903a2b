using System.Linq;
using Xunit;

namespace Phone.TargetCheck.Tests
{
    /// <summary>
    /// Sources using what nanoFramework 1.x cannot run are each rejected with a message naming the
    /// file, the line and the construct. The line numbers below are where each snippet puts it.
    /// </summary>
    public class PlantedConstructTests
    {
        private static Finding Rejected(CompiledDevice built, int line, string construct)
        {
            Finding f = built.Findings.FirstOrDefault(x => x.File == "Planted.cs" && x.Line == line && x.Message.Contains(construct));
            Assert.True(f != null, "expected a finding at Planted.cs line " + line + " naming '" + construct + "'; got:\n" + string.Join("\n", built.Findings));
            Assert.Contains("Planted.cs(" + line, f.ToString());
            return f;
        }

        [Fact]
        public void Generic_list_is_rejected()
        {
            var built = Fixture.CompileDevice("class A\n{\n    void M() { var l = new System.Collections.Generic.List<int>(); }\n}\n");
            Rejected(built, 3, "Generic");
        }

        [Fact]
        public void Stackalloc_is_rejected_by_the_compiler_without_unsafe()
        {
            var built = Fixture.CompileDevice("class A\n{\n    unsafe void M()\n    {\n        int* p = stackalloc int[4];\n    }\n}\n");
            Assert.False(built.Success);
            Assert.Contains(built.Findings, f => f.File == "Planted.cs" && f.Line == 3 && f.Message.Contains("stackalloc"));
        }

        [Fact]
        public void Stackalloc_is_rejected_by_the_IL_lint_even_when_it_compiles()
        {
            // Compiled with unsafe allowed, so only the IL lint stands between the code and the device.
            var built = Fixture.CompileDevice("class A\n{\n    unsafe int M()\n    {\n        int* p = stackalloc int[4];\n        return p[0];\n    }\n}\n", allowUnsafe: true);
            Assert.NotNull(built.Image);
            Rejected(built, 5, "stackalloc");
            Rejected(built, 5, "pointer type");
        }

        [Fact]
        public void Nullable_int_is_rejected()
        {
            var built = Fixture.CompileDevice("class A\n{\n    int? x;\n}\n");
            Rejected(built, 3, "Nullable");
        }

        [Fact]
        public void Multidimensional_array_is_rejected_by_the_IL_lint()
        {
            var built = Fixture.CompileDevice("class A\n{\n    int M()\n    {\n        int[,] grid = new int[2, 3];\n        return grid.Length;\n    }\n}\n");
            Assert.NotNull(built.Image); // the compiler accepts it: only the lint can catch it
            Rejected(built, 5, "multidimensional array");
        }

        [Fact]
        public void Async_task_is_rejected()
        {
            var built = Fixture.CompileDevice("class A\n{\n    async System.Threading.Tasks.Task M() { }\n}\n");
            Rejected(built, 3, "Task");
        }

        [Fact]
        public void Buffer_BlockCopy_is_rejected()
        {
            var built = Fixture.CompileDevice("class A\n{\n    void M(byte[] a, byte[] b)\n    {\n        System.Buffer.BlockCopy(a, 0, b, 0, 4);\n    }\n}\n");
            Rejected(built, 5, "Buffer");
        }

        [Fact]
        public void Generic_definitions_and_instantiations_are_rejected_by_the_IL_lint()
        {
            string src = "class Box<T>\n{\n    T value;\n}\nclass A\n{\n    void Each<T>(T x) { }\n    void M()\n    {\n        System.Action<int> f = null;\n    }\n}\n";
            var built = Fixture.CompileDevice(src);
            Assert.NotNull(built.Image);
            Rejected(built, 1, "generic type definition");
            Rejected(built, 7, "generic method definition");
            Rejected(built, 10, "generic instantiation");
        }

        [Fact]
        public void Asynchronous_delegate_calls_are_rejected()
        {
            var built = Fixture.CompileDevice("class A\n{\n    void M(System.Threading.ThreadStart s)\n    {\n        s.BeginInvoke(null, null);\n    }\n}\n");
            Rejected(built, 5, "BeginInvoke");
        }

        [Fact]
        public void A_member_nanoFramework_lacks_is_rejected()
        {
            // string.Join exists on desktop .NET but not in nanoFramework's mscorlib.
            var built = Fixture.CompileDevice("class A\n{\n    string M(string[] s)\n    {\n        return string.Join(\",\", s);\n    }\n}\n");
            Rejected(built, 5, "Join");
        }

        [Fact]
        public void File_scoped_namespace_is_rejected_at_CSharp_9()
        {
            // C# 10. A classic .nfproj builds with C# 9.0 (the project system's default, pinned in every
            // .nfproj), so the device build would fail on it.
            var built = Fixture.CompileDevice("using System;\nnamespace A.B;\nclass A\n{\n}\n");
            Assert.False(built.Success);
            Rejected(built, 2, "C# 9.0");
        }

        [Fact]
        public void Global_using_is_rejected_at_CSharp_9()
        {
            var built = Fixture.CompileDevice("global using System.Text;\nclass A\n{\n}\n");
            Rejected(built, 1, "C# 9.0");
        }

        [Fact]
        public void A_device_project_without_LangVersion_builds_with_CSharp_9()
        {
            string dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tc-lang-" + System.Guid.NewGuid().ToString("N"));
            System.IO.Directory.CreateDirectory(dir);
            try
            {
                string proj = System.IO.Path.Combine(dir, "X.nfproj");
                System.IO.File.WriteAllText(proj, "<Project><PropertyGroup><AssemblyName>X</AssemblyName></PropertyGroup></Project>");
                Assert.Equal("9.0", DeviceProject.Load(proj).LangVersion);
                System.IO.File.WriteAllText(proj, "<Project><PropertyGroup><LangVersion>latest</LangVersion></PropertyGroup></Project>");
                Assert.Equal("latest", DeviceProject.Load(proj).LangVersion);
            }
            finally { System.IO.Directory.Delete(dir, true); }
        }

        [Fact]
        public void Device_code_within_the_rules_passes()
        {
            string src = "using System.Text;\nusing System.Collections;\nclass A\n{\n    static readonly byte[] Table = new byte[] { 1, 2, 3 };\n" +
                         "    int[][] jagged = new int[2][];\n    string M(ArrayList l)\n    {\n        var sb = new StringBuilder();\n" +
                         "        foreach (object o in l) sb.Append(o.ToString());\n        System.Array.Copy(Table, 0, new byte[3], 0, 3);\n" +
                         "        lock (l) { }\n        switch (sb.ToString()) { case \"a\": return \"x\"; }\n        return string.Format(\"{0}\", 1);\n    }\n}\n";
            var built = Fixture.CompileDevice(src);
            Assert.True(built.Success, string.Join("\n", built.Findings));
        }
    }
}
