using System;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Phone.Benchmarks
{
    /// <summary>
    /// Runs the benchmarks in-process (no generated project: libphonecrypto.so and libsrtp2 load as
    /// in the tests). "--smoke" runs each benchmark a handful of times so CI proves they work in
    /// seconds; "--quick" runs a short job (3 warm-ups, 10 iterations: for a shared machine, compare the
    /// ratios within one run); "--before &lt;commit&gt;" builds libphonecrypto from that commit for the
    /// "before" rows of the SRTP benchmark (BeforeKernels); other arguments go to BenchmarkDotNet
    /// (e.g. --filter).
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            bool smoke = args.Contains("--smoke");
            bool quick = args.Contains("--quick");
            int before = Array.IndexOf(args, "--before");
            string beforeCommit = before >= 0 && before + 1 < args.Length ? args[before + 1] : null;
            args = args.Where((a, i) => a != "--smoke" && a != "--quick" && (before < 0 || (i != before && i != before + 1))).ToArray();
            BeforeKernels.Prepare(beforeCommit);
            Console.WriteLine("SRTP 'before' rows: " + BeforeKernels.Description);

            Job job = smoke
                ? Job.Dry.WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(2).WithToolchain(InProcessEmitToolchain.Instance)
                : quick
                    ? Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(10).WithToolchain(InProcessEmitToolchain.Instance)
                    : Job.Default.WithToolchain(InProcessEmitToolchain.Instance);
            IConfig config = DefaultConfig.Instance.AddJob(job).WithOptions(ConfigOptions.DisableOptimizationsValidator);

            var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args.Length == 0 ? new[] { "--filter", "*" } : args, config);
            bool failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
            Console.WriteLine(failed ? "benchmarks FAILED" : "benchmarks ok");
            return failed ? 1 : 0;
        }
    }
}
