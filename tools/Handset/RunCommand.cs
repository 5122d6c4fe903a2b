using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Phone.Call;
using Phone.Config;

namespace Phone.Tools.Handset
{
    /// <summary>`Handset run --config nf.config`: one handset, usually against a real registrar.</summary>
    public static class RunCommand
    {
        public static async Task<int> RunAsync(RunOptions o, TextWriter output, TextWriter error)
        {
            byte[] text = File.ReadAllBytes(o.ConfigPath);
            PhoneConfig config = Program.ParseConfig(text, o.ConfigPath, error);
            if (config == null) return Program.ExitFailed;

            string root = o.DeviceRoot ?? Path.GetDirectoryName(Path.GetFullPath(o.ConfigPath));
            ThrowawayCa ca = null;
            if (o.ListenTls) ca = ThrowawayCa.LoadOrCreate(o.StateDir ?? ThrowawayCa.DefaultStateDirectory());

            IMicrophone mic;
            try
            {
                mic = o.Mic != null ? new WavMicrophone(o.Mic) : new ToneMicrophone(o.ToneHz);
            }
            catch (InvalidDataException e)
            {
                error.WriteLine("handset: --mic: " + e.Message);
                return Program.ExitFailed;
            }

            var outLock = new object();
            bool ansi = !o.Plain && HandsetDisplay.TerminalIsInteractive();
            var display = new HandsetDisplay(output, ansi, outLock);
            var clock = Stopwatch.StartNew();
            string name = config.Sip.User;
            var script = o.Script != null ? HandsetScript.Parse(o.Script, out _) : null;
            Handset h;
            try
            {
                h = new Handset(new HandsetOptions
                {
                    Name = name,
                    ConfigText = System.Text.Encoding.UTF8.GetString(text),
                    Config = config,
                    DeviceRoot = root,
                    Register = !o.NoRegister,
                    ServerCertificate = ca?.Server,
                    SipPort = o.SipPort,
                    SdpAddress = o.SdpAddress,
                    FirstRtpPort = o.RtpPort,
                    Microphone = mic,
                    SpeakerPath = o.Speaker,
                    AutoAnswer = o.AutoAnswer,
                    Script = script,
                    Display = display,
                    SharedClock = clock,
                    Log = s => display.Note((clock.ElapsedMilliseconds / 1000.0).ToString("0.000", System.Globalization.CultureInfo.InvariantCulture).PadLeft(8) +
                                            " [" + name + "] " + s),
                });
            }
            catch (Exception e) when (e is ArgumentException || e is IOException || e is UnauthorizedAccessException)
            {
                // The volume could not be made (a listener certificate without its key, an unwritable temp folder).
                error.WriteLine("handset: " + o.ConfigPath + ": " + e.Message);
                return Program.ExitFailed;
            }

            using (h)
            {
                var quit = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                ConsoleCancelEventHandler cancel = (s, e) =>
                {
                    e.Cancel = true;
                    quit.TrySetResult(true);
                };
                Console.CancelKeyPress += cancel;
                using var stopKeys = new CancellationTokenSource();
                if (!Console.IsInputRedirected)
                {
                    var keys = new Thread(() => ReadKeys(h, quit, stopKeys.Token)) { IsBackground = true, Name = "keys" };
                    keys.Start();
                }

                h.Start();
                ControlServer control = null;
                // Commands act on the phone: the socket opens once the phone is up (as its SIP listener is).
                if (o.Control != null && !h.WaitUp(TimeSpan.FromSeconds(15))) h.Log("control: the phone is not up; commands answer 'error phone still booting'");
                if (o.Control != null)
                {
                    try
                    {
                        control = new ControlServer(h, o.Control, h.Log);
                    }
                    catch (System.Net.Sockets.SocketException e)
                    {
                        error.WriteLine("handset: --control " + o.Control + ": " + e.SocketErrorCode);
                        stopKeys.Cancel();
                        Console.CancelKeyPress -= cancel;
                        return Program.ExitFailed;
                    }

                    control.Start();
                    h.Log("control listening on " + control.LocalEndpoint);
                }

                var waits = new System.Collections.Generic.List<Task> { quit.Task };
                if (script != null || control != null) waits.Add(h.Finished);
                if (o.DurationMs > 0) waits.Add(Task.Delay(TimeSpan.FromMilliseconds(o.DurationMs)));
                await Task.WhenAny(waits).ConfigureAwait(false);
                stopKeys.Cancel();
                Console.CancelKeyPress -= cancel;

                await h.ShutdownAsync(TimeSpan.FromSeconds(3)).ConfigureAwait(false);
                control?.Dispose(); // after the hang-up, so clients see the last events
                h.Stop();
                bool scriptOk = h.ScriptError == null;
                output.WriteLine();
                foreach (CallReport r in h.Reports)
                {
                    output.WriteLine("call " + r.CallId + ": " + MediaFacts.Summary(r));
                }

                output.WriteLine("calls answered " + h.CallsConnected + ", ended " + h.CallsEnded + ", registration " + h.Registration.ToString().ToLowerInvariant() +
                                 (scriptOk ? "" : ", script failed: " + h.ScriptError));
                ca?.Dispose();
                return scriptOk ? Program.ExitOk : Program.ExitFailed;
            }
        }

        private static void ReadKeys(Handset h, TaskCompletionSource<bool> quit, CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                if (!Console.KeyAvailable)
                {
                    Thread.Sleep(30);
                    continue;
                }

                ConsoleKeyInfo k = Console.ReadKey(true);
                PhoneKey key;
                switch (k.Key)
                {
                    case ConsoleKey.UpArrow: h.Press(PhoneKey.Up); continue;
                    case ConsoleKey.DownArrow: h.Press(PhoneKey.Down); continue;
                    case ConsoleKey.LeftArrow: case ConsoleKey.Backspace: h.Press(PhoneKey.Left); continue;
                    case ConsoleKey.RightArrow: h.Press(PhoneKey.Right); continue;
                    case ConsoleKey.Enter: h.Press(PhoneKey.Call); continue;
                }

                char c = char.ToLowerInvariant(k.KeyChar);
                if (c == 'q')
                {
                    quit.TrySetResult(true);
                    return;
                }

                if (HandsetScript.TryTerminalKey(c, out key)) h.Press(key);
            }
        }
    }
}
