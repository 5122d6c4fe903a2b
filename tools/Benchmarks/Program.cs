using System;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;
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
    /// "before" rows of the SRTP benchmark (BeforeKernels); "--interleaved [rounds [chunk]]" runs the SRTP comparison
    /// interleaved instead (SrtpInterleaved; with --smoke, 2 rounds of 50); the environment variable PHONE_LIBSRTP_OPENSSL adds rows
    /// for a libsrtp2 built with OpenSSL (LibSrtpOpenSsl); other arguments go to BenchmarkDotNet
    /// (e.g. --filter).
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            bool smoke = args.Contains("--smoke");
            int interleaved = Array.IndexOf(args, "--interleaved");
            if (interleaved >= 0)
            {
                // SrtpInterleaved instead of BenchmarkDotNet: --interleaved [rounds [chunk]].
                int rounds = interleaved + 1 < args.Length && int.TryParse(args[interleaved + 1], out int r) ? r : smoke ? 2 : 200;
                int chunk = interleaved + 2 < args.Length && int.TryParse(args[interleaved + 2], out int c) ? c : smoke ? 50 : 2000;
                Console.WriteLine("libsrtp2 with OpenSSL: " + (LibSrtpOpenSsl.Path ?? "not measured (set " + LibSrtpOpenSsl.Variable + "); the reference is Debian's libsrtp2"));
                return SrtpInterleaved.Run(rounds, chunk);
            }

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
            if (LibSrtpOpenSsl.Path == null)
            {
                // The OpenSSL-backed libsrtp2 is optional: without PHONE_LIBSRTP_OPENSSL its rows are left out.
                config = config.AddFilter(new SimpleFilter(b => !b.Descriptor.WorkloadMethod.Name.Contains("LibSrtpOpenSsl")));
            }

            Console.WriteLine("libsrtp2 with OpenSSL: " + (LibSrtpOpenSsl.Path ?? "not measured (set " + LibSrtpOpenSsl.Variable + " to a libsrtp2.so built with OpenSSL)"));

            var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args.Length == 0 ? new[] { "--filter", "*" } : args, config);
            bool failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
            Console.WriteLine(failed ? "benchmarks FAILED" : "benchmarks ok");
            return failed ? 1 : 0;
        }
    }
}
