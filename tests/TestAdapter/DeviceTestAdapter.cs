using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Emit;
using Microsoft.VisualStudio.TestPlatform.ObjectModel;
using Microsoft.VisualStudio.TestPlatform.ObjectModel.Adapter;
using Microsoft.VisualStudio.TestPlatform.ObjectModel.Logging;

namespace Phone.TestAdapter
{
    /// <summary>
    /// Runs the shared nanoFramework test suite under `dotnet test` the way the device's unit-test
    /// launcher runs it: for each [TestClass], every [Setup] method once, then each [TestMethod]
    /// (one case per [DataRow] row), then every [Cleanup] method once. Methods are invoked with a
    /// null target, as on the device, so test classes must keep state in static fields.
    /// </summary>
    [FileExtension(".dll")]
    [DefaultExecutorUri(ExecutorUri)]
    [ExtensionUri(ExecutorUri)]
    public sealed class DeviceTestAdapter : ITestDiscoverer, ITestExecutor
    {
        public const string ExecutorUri = "executor://phone/nfunittest-host";
        private const string Ns = "nanoFramework.TestFramework.";
        private volatile bool _cancelled;

        public void DiscoverTests(IEnumerable<string> sources, IDiscoveryContext discoveryContext, IMessageLogger logger, ITestCaseDiscoverySink discoverySink)
        {
            foreach (string source in sources)
            {
                foreach (DeviceTest t in Discover(source, logger)) discoverySink.SendTestCase(t.Case);
            }
        }

        public void RunTests(IEnumerable<string> sources, IRunContext runContext, IFrameworkHandle frameworkHandle)
        {
            // `dotnet test --filter` reaches the adapter as a filter expression on the run context.
            ITestCaseFilterExpression filter = runContext?.GetTestCaseFilter(FilterProperties.Keys.ToList(), name => FilterProperties.TryGetValue(name, out TestProperty p) ? p : null);
            foreach (string source in sources)
            {
                List<DeviceTest> tests = Discover(source, frameworkHandle);
                if (filter != null) tests = tests.Where(t => filter.MatchTestCase(t.Case, name => PropertyValue(t.Case, name))).ToList();
                Run(tests, frameworkHandle);
            }
        }

        private static readonly Dictionary<string, TestProperty> FilterProperties = new Dictionary<string, TestProperty>(StringComparer.OrdinalIgnoreCase)
        {
            ["FullyQualifiedName"] = TestCaseProperties.FullyQualifiedName,
            ["DisplayName"] = TestCaseProperties.DisplayName,
            ["Name"] = TestCaseProperties.DisplayName,
        };

        private static object PropertyValue(TestCase c, string name) =>
            string.Equals(name, "FullyQualifiedName", StringComparison.OrdinalIgnoreCase) ? c.FullyQualifiedName
            : string.Equals(name, "DisplayName", StringComparison.OrdinalIgnoreCase) || string.Equals(name, "Name", StringComparison.OrdinalIgnoreCase) ? c.DisplayName
            : null;

        public void RunTests(IEnumerable<TestCase> tests, IRunContext runContext, IFrameworkHandle frameworkHandle)
        {
            foreach (IGrouping<string, TestCase> bySource in tests.GroupBy(t => t.Source))
            {
                HashSet<string> wanted = new HashSet<string>(bySource.Select(t => t.FullyQualifiedName));
                Run(Discover(bySource.Key, frameworkHandle).Where(t => wanted.Contains(t.Case.FullyQualifiedName)).ToList(), frameworkHandle);
            }
        }

        public void Cancel() => _cancelled = true;

        private sealed class DeviceTest
        {
            public Type Class;
            public MethodInfo Method;
            public object[] Row; // null for a plain [TestMethod]
            public TestCase Case;
        }

        private static bool Has(MemberInfo m, string attribute) =>
            m.GetCustomAttributesData().Any(a => a.AttributeType.FullName == Ns + attribute);

        private static List<DeviceTest> Discover(string source, IMessageLogger logger)
        {
            List<DeviceTest> found = new List<DeviceTest>();
            Assembly assembly;
            try
            {
                if (!File.Exists(source)) return found;
                assembly = Assembly.LoadFrom(source);
                if (!assembly.GetReferencedAssemblies().Any(r => r.Name == "nanoFramework.TestFramework")) return found;
            }
            catch (Exception ex)
            {
                logger?.SendMessage(TestMessageLevel.Warning, "Cannot load " + source + ": " + ex.Message);
                return found;
            }

            foreach (Type type in assembly.GetTypes().Where(t => Has(t, "TestClassAttribute")).OrderBy(t => t.MetadataToken))
            {
                foreach (MethodInfo m in type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                                             .Where(m => Has(m, "TestMethodAttribute")).OrderBy(m => m.MetadataToken))
                {
                    string fqn = type.FullName + "." + m.Name;
                    List<CustomAttributeData> rows = m.GetCustomAttributesData().Where(a => a.AttributeType.FullName == Ns + "DataRowAttribute").ToList();
                    if (rows.Count == 0)
                    {
                        found.Add(new DeviceTest { Class = type, Method = m, Case = NewCase(fqn, type.Name + "." + m.Name, source) });
                        continue;
                    }
                    for (int i = 0; i < rows.Count; i++)
                    {
                        object[] args = RowArguments(rows[i]);
                        string shown = string.Join(", ", args.Select(Show));
                        found.Add(new DeviceTest
                        {
                            Class = type,
                            Method = m,
                            Row = args,
                            Case = NewCase(fqn + "." + i, type.Name + "." + m.Name + " [" + i + "] (" + shown + ")", source),
                        });
                    }
                }
            }
            return found;
        }

        private static object[] RowArguments(CustomAttributeData row)
        {
            // DataRow(params object[]): a single constructor argument holding the array.
            if (row.ConstructorArguments.Count == 1 && row.ConstructorArguments[0].Value is IReadOnlyCollection<CustomAttributeTypedArgument> items)
            {
                return items.Select(a => Unwrap(a)).ToArray();
            }
            return row.ConstructorArguments.Select(a => Unwrap(a)).ToArray();
        }

        private static object Unwrap(CustomAttributeTypedArgument a)
        {
            if (a.Value is IReadOnlyCollection<CustomAttributeTypedArgument> nested)
            {
                Type element = a.ArgumentType.GetElementType() ?? typeof(object);
                Array array = Array.CreateInstance(element, nested.Count);
                int i = 0;
                foreach (CustomAttributeTypedArgument n in nested) array.SetValue(Unwrap(n), i++);
                return array;
            }
            if (a.ArgumentType.IsEnum) return Enum.ToObject(a.ArgumentType, a.Value);
            return a.Value;
        }

        private static string Show(object o) => o == null ? "null" : o is string s ? "\"" + s + "\"" : o is Array a ? a.GetType().GetElementType().Name + "[" + a.Length + "]" : o.ToString();

        private static TestCase NewCase(string fqn, string display, string source) =>
            new TestCase(fqn, new Uri(ExecutorUri), source) { DisplayName = display };

        private void Run(List<DeviceTest> tests, IFrameworkHandle handle)
        {
            foreach (IGrouping<Type, DeviceTest> byClass in tests.GroupBy(t => t.Class))
            {
                if (_cancelled) return;
                MethodInfo[] all = byClass.Key.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly);
                string setupFailure = null;
                foreach (MethodInfo setup in all.Where(m => Has(m, "SetupAttribute")))
                {
                    Exception e = Invoke(setup, null);
                    if (e != null && setupFailure == null) setupFailure = "[Setup] " + setup.Name + " failed: " + e.GetType().Name + ": " + e.Message;
                }

                foreach (DeviceTest t in byClass)
                {
                    if (_cancelled) return;
                    handle.RecordStart(t.Case);
                    TestResult result = new TestResult(t.Case) { ComputerName = Environment.MachineName };
                    Stopwatch watch = Stopwatch.StartNew();
                    Exception failure = setupFailure != null ? new InvalidOperationException(setupFailure) : Invoke(t.Method, t.Row);
                    watch.Stop();
                    result.Duration = watch.Elapsed;
                    if (failure == null)
                    {
                        result.Outcome = TestOutcome.Passed;
                    }
                    else if (failure.GetType().FullName == Ns + "SkipTestException")
                    {
                        result.Outcome = TestOutcome.Skipped;
                        result.ErrorMessage = failure.Message;
                    }
                    else
                    {
                        result.Outcome = TestOutcome.Failed;
                        result.ErrorMessage = failure.GetType().FullName == "TestFrameworkShared.AssertFailedException"
                            ? failure.Message
                            : failure.GetType().FullName + ": " + failure.Message;
                        result.ErrorStackTrace = failure.StackTrace;
                    }
                    handle.RecordEnd(t.Case, result.Outcome);
                    handle.RecordResult(result);
                }

                foreach (MethodInfo cleanup in all.Where(m => Has(m, "CleanupAttribute")))
                {
                    Exception e = Invoke(cleanup, null);
                    if (e != null) handle.SendMessage(TestMessageLevel.Error, byClass.Key.FullName + " [Cleanup] " + cleanup.Name + " failed: " + e.Message);
                }
            }
        }

        /// <summary>
        /// Calls <paramref name="method"/> with a null target, as the device launcher does. Reflection
        /// refuses a null target for instance methods, so a small dynamic method issues the call
        /// directly; touching instance state then fails with NullReferenceException, as on the device.
        /// </summary>
        private static Exception Invoke(MethodInfo method, object[] row)
        {
            ParameterInfo[] ps = method.GetParameters();
            object[] args = row ?? new object[0];
            if (args.Length != ps.Length)
                return new TargetParameterCountException(method.Name + " takes " + ps.Length + " parameter(s); the row gives " + args.Length);
            for (int i = 0; i < ps.Length; i++)
            {
                Type p = ps[i].ParameterType;
                bool fits = args[i] == null ? !p.IsValueType : p.IsInstanceOfType(args[i]);
                if (!fits)
                    return new ArgumentException("DataRow argument " + i + " is " + (args[i] == null ? "null" : args[i].GetType().Name) + ", parameter '" + ps[i].Name + "' is " + p.Name + " (the device launcher does not convert)");
            }
            try
            {
                DynamicMethod dm = new DynamicMethod("call_" + method.Name, typeof(void), new[] { typeof(object[]) }, method.Module, skipVisibility: true);
                ILGenerator il = dm.GetILGenerator();
                if (!method.IsStatic) il.Emit(OpCodes.Ldnull);
                for (int i = 0; i < ps.Length; i++)
                {
                    il.Emit(OpCodes.Ldarg_0);
                    il.Emit(OpCodes.Ldc_I4, i);
                    il.Emit(OpCodes.Ldelem_Ref);
                    il.Emit(ps[i].ParameterType.IsValueType ? OpCodes.Unbox_Any : OpCodes.Castclass, ps[i].ParameterType);
                }
                il.Emit(OpCodes.Call, method);
                if (method.ReturnType != typeof(void)) il.Emit(OpCodes.Pop);
                il.Emit(OpCodes.Ret);
                ((Action<object[]>)dm.CreateDelegate(typeof(Action<object[]>)))(args);
                return null;
            }
            catch (Exception ex)
            {
                return ex is TargetInvocationException tie && tie.InnerException != null ? tie.InnerException : ex;
            }
        }
    }
}
