using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using Phone.Config;
using Phone.Host.Net;

namespace Phone.Tools.Handset
{
    public static class Program
    {
        public const int ExitOk = 0;
        public const int ExitFailed = 1;
        public const int ExitUsage = 2;

        public const string Usage =
@"Virtual handset: the phone app itself (Phone.App) on simulated peripherals — display, key matrix,
I2S microphone and speaker, flash volume — with a WAV microphone, a WAV speaker recording and a text display.

usage:
  Handset demo [options]     two handsets (1001, 1002) on 127.0.0.1 call each other over TLS + SRTP
  Handset run --config FILE [options]
                             one handset from an nf.config (registers when a registrar is set)
  Handset help | --help      this text; 'Handset demo --help' / 'Handset run --help' for details";

        public const string DemoUsage =
@"usage: Handset demo [--out DIR] [--state DIR] [--mic-1001 WAV] [--mic-1002 WAV] [--talk 4s] [--plain]

Two handsets in one process, each built from an embedded nf.config parsed by the phone's ConfigParser
(transport tls, CA = the throwaway CA, srtp mandatory, no registrar). 1001's keypad script dials
sips:1002@127.0.0.1:<port>, 1002 answers automatically, both talk (1001 sends 440 Hz, 1002 1000 Hz, or the
WAVs given), 1001 hangs up. Prints the SIP ladder, the SRTP suite, media statistics and an audio check;
exit 0 only if every check passes.

  --out DIR        write 1001-speaker.wav and 1002-speaker.wav (what each handset heard) to DIR
  --state DIR      where the throwaway CA lives (default $XDG_CACHE_HOME/phone-handset or ~/.cache/phone-handset)
  --mic-1001 WAV   1001's microphone (PCM WAV, converted to 8 kHz mono, looped); default a 440 Hz tone
  --mic-1002 WAV   1002's microphone; default a 1000 Hz tone
  --talk DUR       how long the call lasts (default 4s, at most 60s)
  --plain          plain line output even on a terminal";

        public const string RunUsage =
@"usage: Handset run --config FILE [--script S] [--auto-answer] [--mic WAV] [--speaker WAV]
                    [--duration 30s] [--device-root DIR] [--listen-tls] [--no-register] [--sip-port N]
                    [--rtp-port N] [--state DIR] [--plain] [--sdp-address IP] [--tone-hz HZ]
                    [--control 127.0.0.1:PORT]

One handset: the phone app booted from an nf.config (copied with the options below written into it onto a
temporary flash volume). With a registrar (sip.registrar, or sip.domain) it registers over the configured
transport and shows the registration state; it places and answers calls from the keypad.

  --config FILE     the nf.config; errors are printed with their line numbers (exit 1)
  --script S        keypad script, e.g. ""wait 1s; dial 1002; key call; until connected; wait 5s; key hangup""
                    statements: wait DUR | dial DIGITS|URI | key NAME | until STATE [DUR] | quit  (docs/handset.md)
  --auto-answer     answer incoming calls after 300 ms
  --mic WAV         microphone (PCM WAV, converted to 8 kHz mono, looped); default a 440 Hz tone
  --tone-hz HZ      pitch of that default tone, 50-3900 Hz (the far side can tell two handsets apart)
  --speaker WAV     record what the speaker plays while a call has media to this WAV (8 kHz mono PCM16)
  --duration DUR    stop after this long (default: until the script quits, q is typed or Ctrl+C)
  --device-root DIR where device paths such as I:\ca.pem point (default: the config file's directory)
  --listen-tls      accept calls over TLS (sip.listen_port; prov.crt/prov.key from the throwaway CA)
  --no-register     do not REGISTER (sip.register = false: calls go straight to sip.registrar:sip.port)
  --sip-port N      the TLS listener's port with --listen-tls (default: any free port); over udp/tcp
                    the phone binds its SIP UDP port itself
  --rtp-port N      even local RTP port of the first call slot (RTCP one above, the second slot 2 above;
                    default: a free range)
  --state DIR       throwaway CA directory (with --listen-tls)
  --plain           plain line output even on a terminal
  --sdp-address IP  the address the phone announces in Via, Contact and SDP c= instead of the one its
                    sockets use (as a phone behind NAT would); the peer has to latch to the real source
  --control H:PORT  accept control connections (TCP, loopback only: 127.x.x.x, [::1], localhost; at most
                    2 clients; port 0 picks one and prints it). One command per line, one reply line
                    (ok ... | error ...), plus 'event ...' lines: dial DIGITS|URI, key NAME, answer, hangup,
                    hold, resume, dtmf D, state, stats [CALL], wait STATE [DUR], ping, help, quit, bye
                    (docs/handset.md, Control interface). The handset runs until 'quit' as with a script.
keys on a terminal: 0-9 * # digits, c call/answer, e hang up, h hold, m mute, + - volume,
                    o OK/menu, d do-not-disturb, arrows, q quit";

        public static int Main(string[] args)
        {
            RaisePriority();
            try
            {
                return MainAsync(args, Console.Out, Console.Error).GetAwaiter().GetResult();
            }
            catch (UsageException e)
            {
                Console.Error.WriteLine("handset: " + e.Message);
                Console.Error.WriteLine();
                Console.Error.WriteLine(e.UsageText);
                return ExitUsage;
            }
        }

        /// <summary>
        /// A phone is a real-time program: its 20 ms media clock should not wait behind batch work. The
        /// process asks for AboveNormal priority (nice −5 on Linux); without the privilege it stays as it is.
        /// It uses a few per cent of one core, so this shortens its waits, not anyone else's share.
        /// </summary>
        private static void RaisePriority()
        {
            try
            {
                using var self = System.Diagnostics.Process.GetCurrentProcess();
                if (self.PriorityClass == System.Diagnostics.ProcessPriorityClass.Normal) self.PriorityClass = System.Diagnostics.ProcessPriorityClass.AboveNormal;
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception || e is PlatformNotSupportedException || e is InvalidOperationException)
            {
            }
        }

        public static async Task<int> MainAsync(string[] args, TextWriter output, TextWriter error)
        {
            if (args.Length == 0 || args[0] == "help" || args[0] == "--help" || args[0] == "-h")
            {
                output.WriteLine(Usage);
                return args.Length == 0 ? ExitUsage : ExitOk;
            }

            string command = args[0];
            var rest = new List<string>(args);
            rest.RemoveAt(0);
            switch (command)
            {
                case "demo":
                    if (rest.Contains("--help") || rest.Contains("-h"))
                    {
                        output.WriteLine(DemoUsage);
                        return ExitOk;
                    }

                    return await Demo.RunAsync(DemoOptions.Parse(rest), output).ConfigureAwait(false);
                case "run":
                    if (rest.Contains("--help") || rest.Contains("-h"))
                    {
                        output.WriteLine(RunUsage);
                        return ExitOk;
                    }

                    return await RunCommand.RunAsync(RunOptions.Parse(rest), output, error).ConfigureAwait(false);
                default:
                    throw new UsageException("unknown command '" + command + "'", Usage);
            }
        }

        /// <summary>Parses nf.config text with the phone's own parser; errors as "line N [section] key: Code: detail".</summary>
        public static PhoneConfig ParseConfig(byte[] text, string name, TextWriter error)
        {
            ConfigResult r = ConfigParser.Parse(text, 0, text.Length);
            if (r.IsValid) return r.Config;
            error.WriteLine(name + ": " + r.Errors.Length + " error(s):");
            foreach (ConfigError e in r.Errors) error.WriteLine("  " + name + ": " + e);
            return null;
        }
    }

    public sealed class UsageException : Exception
    {
        public UsageException(string message, string usage) : base(message)
        {
            UsageText = usage;
        }

        public string UsageText { get; }
    }

    /// <summary>A small --flag [value] reader that refuses unknown flags.</summary>
    internal sealed class ArgReader
    {
        private readonly List<string> _args;
        private readonly string _usage;
        private int _i;

        public ArgReader(List<string> args, string usage)
        {
            _args = args;
            _usage = usage;
        }

        public bool Next(out string flag)
        {
            flag = _i < _args.Count ? _args[_i++] : null;
            return flag != null;
        }

        public string Value(string flag)
        {
            if (_i >= _args.Count) throw Fail(flag + " needs a value");
            return _args[_i++];
        }

        public long Duration(string flag, long maxMs)
        {
            string v = Value(flag);
            if (!HandsetScript.TryDuration(v, out long ms) || ms <= 0 || ms > maxMs) throw Fail(flag + ": bad duration '" + v + "' (e.g. 500ms, 4s, 2m)");
            return ms;
        }

        public int Port(string flag)
        {
            string v = Value(flag);
            if (!int.TryParse(v, out int p) || p < 1 || p > 65535) throw Fail(flag + ": bad port '" + v + "'");
            return p;
        }

        public string ExistingFile(string flag)
        {
            string v = Value(flag);
            if (!File.Exists(v)) throw Fail(flag + ": no such file '" + v + "'");
            return v;
        }

        public UsageException Fail(string message) => new UsageException(message, _usage);
    }

    public sealed class DemoOptions
    {
        public string OutDir;
        public string StateDir;
        public string Mic1001;
        public string Mic1002;
        public long TalkMs = 4000;
        public bool Plain;

        public static DemoOptions Parse(List<string> args)
        {
            var o = new DemoOptions();
            var r = new ArgReader(args, Program.DemoUsage);
            while (r.Next(out string f))
            {
                switch (f)
                {
                    case "--out": o.OutDir = r.Value(f); break;
                    case "--state": o.StateDir = r.Value(f); break;
                    case "--mic-1001": o.Mic1001 = r.ExistingFile(f); break;
                    case "--mic-1002": o.Mic1002 = r.ExistingFile(f); break;
                    case "--talk": o.TalkMs = r.Duration(f, 60000); break;
                    case "--plain": o.Plain = true; break;
                    default: throw r.Fail("unknown option '" + f + "'");
                }
            }

            return o;
        }
    }

    public sealed class RunOptions
    {
        public string ConfigPath;
        public string Script;
        public bool AutoAnswer;
        public string Mic;
        public string Speaker;
        public long DurationMs = -1;
        public string DeviceRoot;
        public bool ListenTls;
        public bool NoRegister;
        public int SipPort;
        public int RtpPort;
        public string StateDir;
        public bool Plain;
        public string SdpAddress;

        /// <summary>--control: where the control interface listens (always loopback); null: none.</summary>
        public System.Net.IPEndPoint Control;

        /// <summary>The default microphone's pitch when no --mic WAV is given.</summary>
        public double ToneHz = 440;

        public static RunOptions Parse(List<string> args)
        {
            var o = new RunOptions();
            var r = new ArgReader(args, Program.RunUsage);
            while (r.Next(out string f))
            {
                switch (f)
                {
                    case "--config": o.ConfigPath = r.ExistingFile(f); break;
                    case "--script": o.Script = r.Value(f); break;
                    case "--auto-answer": o.AutoAnswer = true; break;
                    case "--mic": o.Mic = r.ExistingFile(f); break;
                    case "--speaker": o.Speaker = r.Value(f); break;
                    case "--duration": o.DurationMs = r.Duration(f, 86400000); break;
                    case "--device-root": o.DeviceRoot = r.Value(f); break;
                    case "--listen-tls": o.ListenTls = true; break;
                    case "--no-register": o.NoRegister = true; break;
                    case "--sip-port": o.SipPort = r.Port(f); break;
                    case "--rtp-port":
                        o.RtpPort = r.Port(f);
                        if ((o.RtpPort & 1) != 0 || o.RtpPort > 65532) throw r.Fail("--rtp-port needs an even port up to 65532");
                        break;
                    case "--state": o.StateDir = r.Value(f); break;
                    case "--plain": o.Plain = true; break;
                    case "--tone-hz":
                        // Below the 4 kHz Nyquist limit of 8 kHz G.711, and audible.
                        string hz = r.Value(f);
                        if (!double.TryParse(hz, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out o.ToneHz) ||
                            !(o.ToneHz >= 50 && o.ToneHz <= 3900)) // NaN too
                        {
                            throw r.Fail("--tone-hz needs a frequency from 50 to 3900 Hz, not '" + hz + "'");
                        }

                        break;
                    case "--sdp-address":
                        o.SdpAddress = r.Value(f);
                        if (!System.Net.IPAddress.TryParse(o.SdpAddress, out System.Net.IPAddress a) || a.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
                        {
                            throw r.Fail("--sdp-address needs an IPv4 address");
                        }

                        break;
                    case "--control":
                        if (!ControlProtocol.TryParseEndpoint(r.Value(f), out o.Control, out string controlError)) throw r.Fail(controlError);
                        break;
                    default: throw r.Fail("unknown option '" + f + "'");
                }
            }

            if (o.ConfigPath == null) throw r.Fail("run needs --config FILE");
            if (o.Script != null)
            {
                HandsetScript.Parse(o.Script, out string err);
                if (err != null) throw r.Fail(err);
            }

            return o;
        }
    }
}
