using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit.Abstractions;

namespace Phone.Host.Tests.Interop
{
    /// <summary>
    /// The cells one matrix test measures (peer × direction × suite × feature). Each check runs on its own,
    /// so one failing cell does not hide the others; a <see cref="Require"/> cell that fails stops the test
    /// (later cells are reported as not reached). <see cref="Finish"/> fails the test when any cell failed.
    /// Every cell is written to the test output and, when PHONE_CALL_MATRIX_OUT names a file, appended to it
    /// as a tab-separated line (test, peer, direction, suite, feature, result, detail) for docs/interop-matrix.md.
    /// </summary>
    public sealed class CallMatrixReport
    {
        private readonly ITestOutputHelper _out;
        private readonly string _test;
        private readonly List<(string Cell, string Result, string Detail)> _cells = new List<(string, string, string)>();
        private readonly Func<string> _context;

        public CallMatrixReport(ITestOutputHelper output, string test, string peer, string direction, string suite, Func<string> context)
        {
            _out = output;
            _test = test;
            Peer = peer;
            Direction = direction;
            Suite = suite;
            _context = context;
        }

        public string Peer { get; }
        public string Direction { get; }
        public string Suite { get; set; }

        public sealed class StopException : Exception
        {
            public StopException(string message, Exception inner) : base(message, inner) { }
        }

        /// <summary>Runs one cell's check; a failure is recorded and the test goes on.</summary>
        public bool Check(string feature, Action check) => Run(feature, check, stop: false);

        /// <summary>Runs a cell the rest of the test depends on; a failure is recorded and ends the test.</summary>
        public void Require(string feature, Action check) => Run(feature, check, stop: true);

        public void Note(string line) => _out.WriteLine(line);

        private bool Run(string feature, Action check, bool stop)
        {
            try
            {
                check();
                Record(feature, "pass", "");
                return true;
            }
            catch (Exception e) when (!(e is StopException))
            {
                string detail = e.GetType().Name + ": " + e.Message;
                Record(feature, "FAIL", detail);
                if (stop) throw new StopException(feature + " failed", e);
                return false;
            }
        }

        private void Record(string feature, string result, string detail)
        {
            _cells.Add((feature, result, detail));
            _out.WriteLine("CELL " + Peer + " | " + Direction + " | " + Suite + " | " + feature + " | " + result + (detail.Length > 0 ? "\n  " + detail.Replace("\n", "\n  ") : ""));
            string file = Environment.GetEnvironmentVariable("PHONE_CALL_MATRIX_OUT");
            if (!string.IsNullOrEmpty(file))
            {
                string first = detail.Split('\n')[0];
                lock (typeof(CallMatrixReport))
                {
                    File.AppendAllText(file, string.Join("\t", _test, Peer, Direction, Suite, feature, result, first.Replace('\t', ' ')) + "\n");
                }
            }
        }

        /// <summary>Ends the test: marks <paramref name="planned"/> cells never run as not reached, then fails if any cell failed.</summary>
        public void Finish(Exception stopped, params string[] planned)
        {
            foreach (string p in planned)
            {
                if (!_cells.Any(c => c.Cell == p)) Record(p, "FAIL", "not reached: " + (stopped?.Message ?? "test ended early"));
            }
            var failed = _cells.Where(c => c.Result != "pass").ToList();
            if (failed.Count == 0) return;
            throw new Xunit.Sdk.XunitException(failed.Count + " matrix cell(s) failed:\n" + string.Join("\n", failed.Select(f => "- " + f.Cell + ": " + f.Detail))
                + (stopped?.InnerException != null ? "\n\nstopped by: " + stopped.InnerException : "") + "\n\n" + _context());
        }
    }
}
