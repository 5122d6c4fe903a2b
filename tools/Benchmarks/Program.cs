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
    /// seconds; other arguments go to BenchmarkDotNet (e.g. --filter).
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            bool smoke = args.Contains("--smoke");
            args = args.Where(a => a != "--smoke").ToArray();

            Job job = smoke
                ? Job.Dry.WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(2).WithToolchain(InProcessEmitToolchain.Instance)
                : Job.Default.WithToolchain(InProcessEmitToolchain.Instance);
            IConfig config = DefaultConfig.Instance.AddJob(job).WithOptions(ConfigOptions.DisableOptimizationsValidator);

            var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args.Length == 0 ? new[] { "--filter", "*" } : args, config);
            bool failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
            Console.WriteLine(failed ? "benchmarks FAILED" : "benchmarks ok");
            return failed ? 1 : 0;
        }
    }
}
