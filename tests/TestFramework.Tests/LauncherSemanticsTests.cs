using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.VisualStudio.TestPlatform.ObjectModel;
using Microsoft.VisualStudio.TestPlatform.ObjectModel.Adapter;
using Microsoft.VisualStudio.TestPlatform.ObjectModel.Logging;
using Phone.TestAdapter;
using Xunit;

namespace Phone.TestFramework.Tests
{
    /// <summary>
    /// Runs the adapter over a small sample suite compiled here, and checks the device launcher's
    /// semantics: one case per method and per DataRow row, Setup once before a class's tests and
    /// Cleanup once after, a null target, failure messages and skips reported as such.
    /// </summary>
    public class LauncherSemanticsTests
    {
        private const string Sample = @"
using nanoFramework.TestFramework;
namespace Sample
{
    [TestClass]
    public class Counting
    {
        public static int Setups, Cleanups, Ran;
        public static string Order = """";
        int instanceField;
        [Setup] public void Init() { Setups++; Order += ""S""; }
        [TestMethod] public void SeesSetupOnce() { Ran++; Order += ""T""; Assert.AreEqual(1, Setups); Assert.AreEqual(0, Cleanups); }
        [TestMethod] [DataRow(1, 2, 3)] [DataRow(2, 2, 5)] public void Adds(int a, int b, int sum) { Ran++; Order += ""R""; Assert.AreEqual(sum, a + b, ""sum""); }
        [TestMethod] public void TouchesInstanceState() { Ran++; instanceField = 1; }
        [TestMethod] public void Skips() { Assert.SkipTest(""not here""); }
        [TestMethod] public void WrongException() { Assert.ThrowsException(typeof(System.ArgumentException), () => { }); }
        [Cleanup] public void Done() { Cleanups++; Order += ""C""; }
    }
}";

        private sealed class Recorder : IFrameworkHandle
        {
            public readonly List<TestResult> Results = new List<TestResult>();
            public readonly List<string> Messages = new List<string>();
            public bool EnableShutdownAfterTestRun { get; set; }
            public void RecordResult(TestResult testResult) => Results.Add(testResult);
            public void RecordStart(TestCase testCase) { }
            public void RecordEnd(TestCase testCase, TestOutcome outcome) { }
            public void RecordAttachments(IList<AttachmentSet> attachmentSets) { }
            public void SendMessage(TestMessageLevel testMessageLevel, string message) => Messages.Add(message);
            public int LaunchProcessWithDebuggerAttached(string filePath, string workingDirectory, string arguments, IDictionary<string, string> environmentVariables) => -1;
        }

        private static readonly Lazy<string> SamplePath = new Lazy<string>(() =>
        {
            string framework = typeof(nanoFramework.TestFramework.Assert).Assembly.Location;
            var refs = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")).Split(Path.PathSeparator)
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();
            refs.Add(MetadataReference.CreateFromFile(framework));
            var compilation = CSharpCompilation.Create("SampleSuite", new[] { CSharpSyntaxTree.ParseText(Sample) }, refs,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            string path = Path.Combine(AppContext.BaseDirectory, "SampleSuite.dll");
            var emit = compilation.Emit(path);
            if (!emit.Success) throw new InvalidOperationException(string.Join("\n", emit.Diagnostics));
            return path;
        });

        private static readonly Lazy<Recorder> Run = new Lazy<Recorder>(() =>
        {
            var r = new Recorder();
            new DeviceTestAdapter().RunTests(new[] { SamplePath.Value }, null, r);
            return r;
        });

        private static TestResult Result(string name) =>
            Run.Value.Results.Single(r => r.TestCase.FullyQualifiedName == "Sample.Counting." + name);

        private static object Static(string field) =>
            Assembly.LoadFrom(SamplePath.Value).GetType("Sample.Counting").GetField(field).GetValue(null);

        [Fact]
        public void Each_method_and_each_DataRow_row_is_its_own_case()
        {
            var names = Run.Value.Results.Select(r => r.TestCase.FullyQualifiedName).OrderBy(n => n).ToList();
            Assert.Equal(new[] { "Sample.Counting.Adds.0", "Sample.Counting.Adds.1", "Sample.Counting.SeesSetupOnce", "Sample.Counting.Skips",
                                 "Sample.Counting.TouchesInstanceState", "Sample.Counting.WrongException" }, names);
        }

        [Fact]
        public void Setup_runs_once_before_the_tests_and_Cleanup_once_after()
        {
            Assert.Equal(TestOutcome.Passed, Result("SeesSetupOnce").Outcome);
            _ = Run.Value;
            Assert.Equal(1, (int)Static("Setups"));
            Assert.Equal(1, (int)Static("Cleanups"));
            string order = (string)Static("Order");
            Assert.StartsWith("S", order);
            Assert.EndsWith("C", order);
        }

        [Fact]
        public void A_failing_row_fails_with_the_assertion_message()
        {
            Assert.Equal(TestOutcome.Passed, Result("Adds.0").Outcome);
            TestResult failed = Result("Adds.1");
            Assert.Equal(TestOutcome.Failed, failed.Outcome);
            Assert.Contains("<5>", failed.ErrorMessage);
            Assert.Contains("<4>", failed.ErrorMessage);
            Assert.Contains("sum", failed.ErrorMessage);
        }

        [Fact]
        public void Test_methods_run_with_a_null_target_as_on_the_device()
        {
            TestResult r = Result("TouchesInstanceState");
            Assert.Equal(TestOutcome.Failed, r.Outcome);
            Assert.Contains("NullReferenceException", r.ErrorMessage);
        }

        [Fact]
        public void A_missing_expected_exception_fails_the_test() =>
            Assert.Equal(TestOutcome.Failed, Result("WrongException").Outcome);

        [Fact]
        public void SkipTest_reports_skipped() =>
            Assert.Equal(TestOutcome.Skipped, Result("Skips").Outcome);

        [Fact]
        public void Discovery_names_rows_like_the_launcher()
        {
            var sink = new List<TestCase>();
            new DeviceTestAdapter().DiscoverTests(new[] { SamplePath.Value }, null, null, new Sink(sink));
            Assert.Contains(sink, c => c.FullyQualifiedName == "Sample.Counting.Adds.1" && c.DisplayName.Contains("(2, 2, 5)"));
        }

        private sealed class Sink : ITestCaseDiscoverySink
        {
            private readonly List<TestCase> _cases;
            public Sink(List<TestCase> cases) { _cases = cases; }
            public void SendTestCase(TestCase discoveredTest) => _cases.Add(discoveredTest);
        }
    }
}
