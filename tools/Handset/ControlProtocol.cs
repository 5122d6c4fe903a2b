using System;
using System.Globalization;
using System.Net;
using System.Text;
using Phone.Call;

namespace Phone.Tools.Handset
{
    public enum ControlVerb
    {
        Dial,
        Key,
        Answer,
        Hangup,
        Hold,
        Resume,
        Dtmf,
        State,
        Stats,
        Wait,
        Ping,
        Help,
        Quit,
        Bye,
    }

    /// <summary>One parsed control line (docs/handset.md, "Control interface"). Parsing never touches the phone.</summary>
    public sealed class ControlCommand
    {
        public ControlVerb Verb;
        public PhoneKey Key;
        public string Digits;
        public string Uri;

        /// <summary>Wait: a script state name (idle … ended) or "registered".</summary>
        public string Condition;
        public long TimeoutMs;

        /// <summary>Stats: the call asked for; null = the foreground call (or the last one ended).</summary>
        public int? CallId;
    }

    /// <summary>
    /// The control interface's line protocol: what a line may hold, how it parses, how values are quoted, and which
    /// addresses the listener may bind (loopback only).
    /// </summary>
    public static class ControlProtocol
    {
        /// <summary>Longest command line accepted, in bytes, without the line end.</summary>
        public const int MaxLineBytes = 256;

        /// <summary>Control clients connected at once; one more is told "error busy" and closed.</summary>
        public const int MaxClients = 2;

        /// <summary>Upper bound of a `wait` timeout.</summary>
        public const long MaxWaitMs = 600000;

        public const long DefaultWaitMs = 10000;

        public const string Commands =
            "dial DIGITS|URI, key NAME, answer, hangup, hold, resume, dtmf DIGIT, state, stats [CALL], wait STATE [DUR], ping, help, quit, bye";

        /// <summary>
        /// HOST:PORT for --control. HOST must be a loopback address (127.0.0.0/8, ::1 as [::1]) or "localhost"; PORT
        /// 0 lets the system pick. Anything that could listen beyond this machine is refused.
        /// </summary>
        public static bool TryParseEndpoint(string text, out IPEndPoint endpoint, out string error)
        {
            endpoint = null;
            error = null;
            if (string.IsNullOrWhiteSpace(text))
            {
                error = "--control needs HOST:PORT on loopback, e.g. 127.0.0.1:5070";
                return false;
            }

            int colon = text.LastIndexOf(':');
            if (colon <= 0 || colon == text.Length - 1)
            {
                error = "--control needs HOST:PORT on loopback, e.g. 127.0.0.1:5070, not '" + text + "'";
                return false;
            }

            string host = text.Substring(0, colon), port = text.Substring(colon + 1);
            if (host.StartsWith("[", StringComparison.Ordinal) && host.EndsWith("]", StringComparison.Ordinal)) host = host.Substring(1, host.Length - 2);
            if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out int p) || p > 65535)
            {
                error = "--control: bad port '" + port + "'";
                return false;
            }

            IPAddress a;
            if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)) a = IPAddress.Loopback;
            else if (!IPAddress.TryParse(host, out a))
            {
                error = "--control: '" + host + "' is not an IP address (give 127.0.0.1 or [::1])";
                return false;
            }

            if (!IPAddress.IsLoopback(a))
            {
                error = "--control: refused to listen on " + a + ": the control interface has no authentication, so it binds loopback only (127.0.0.1, [::1])";
                return false;
            }

            endpoint = new IPEndPoint(a, p);
            return true;
        }

        /// <summary>Parses one line (already bounded and checked for characters); null and an error text when it is bad.</summary>
        public static ControlCommand Parse(string line, out string error)
        {
            error = null;
            string[] w = (line ?? "").Split((char[])null, StringSplitOptions.RemoveEmptyEntries);
            if (w.Length == 0)
            {
                error = "empty line";
                return null;
            }

            var c = new ControlCommand();
            string verb = w[0].ToLowerInvariant();
            switch (verb)
            {
                case "dial":
                    if (w.Length != 2 || !HandsetScript.TryDial(w[1], out c.Digits, out c.Uri)) return Fail(out error, "dial needs digits (0-9, *) or a sip:/sips: URI whose user part is digits");
                    c.Verb = ControlVerb.Dial;
                    return c;
                case "key":
                    if (w.Length != 2 || !HandsetScript.TryKey(w[1], out c.Key)) return Fail(out error, "key needs one of: call answer hangup end hold mute ok menu up down left back right dnd volup voldown + - 0-9 * #");
                    c.Verb = ControlVerb.Key;
                    return c;
                case "dtmf":
                    if (w.Length != 2 || w[1].Length != 1 || !IsDtmf(w[1][0])) return Fail(out error, "dtmf needs one digit: 0-9 * #");
                    c.Verb = ControlVerb.Dtmf;
                    c.Key = w[1][0] == '#' ? PhoneKey.Pound : HandsetScript.DigitKey(w[1][0]);
                    return c;
                case "wait":
                    if (w.Length < 2 || w.Length > 3 || Array.IndexOf(HandsetScript.States, w[1].ToLowerInvariant()) < 0)
                    {
                        return Fail(out error, "wait needs a state: " + string.Join(" ", HandsetScript.States) + " [timeout]");
                    }

                    c.Verb = ControlVerb.Wait;
                    c.Condition = w[1].ToLowerInvariant();
                    c.TimeoutMs = DefaultWaitMs;
                    if (w.Length == 3 && (!HandsetScript.TryDuration(w[2], out c.TimeoutMs) || c.TimeoutMs > MaxWaitMs))
                    {
                        return Fail(out error, "wait: bad timeout (e.g. 500ms, 10s; at most 10m)");
                    }

                    return c;
                case "stats":
                    c.Verb = ControlVerb.Stats;
                    if (w.Length == 1) return c;
                    if (w.Length != 2 || !int.TryParse(w[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int id)) return Fail(out error, "stats takes at most a call id");
                    c.CallId = id;
                    return c;
            }

            switch (verb)
            {
                case "answer": c.Verb = ControlVerb.Answer; break;
                case "hangup": c.Verb = ControlVerb.Hangup; break;
                case "hold": c.Verb = ControlVerb.Hold; break;
                case "resume": c.Verb = ControlVerb.Resume; break;
                case "state": c.Verb = ControlVerb.State; break;
                case "ping": c.Verb = ControlVerb.Ping; break;
                case "help": c.Verb = ControlVerb.Help; break;
                case "quit": c.Verb = ControlVerb.Quit; break;
                case "bye": c.Verb = ControlVerb.Bye; break;
                default: return Fail(out error, "unknown command (" + Commands + ")");
            }

            return w.Length == 1 ? c : Fail(out error, verb + " takes no arguments");
        }

        private static bool IsDtmf(char d) => (d >= '0' && d <= '9') || d == '*' || d == '#';

        private static ControlCommand Fail(out string error, string why)
        {
            error = why;
            return null;
        }

        /// <summary>Printable ASCII and tab only: no control characters, no bytes above 0x7E.</summary>
        public static bool IsPrintable(byte[] line, int count)
        {
            for (int i = 0; i < count; i++)
            {
                byte b = line[i];
                if ((b < 0x20 && b != (byte)'\t') || b > 0x7E) return false;
            }

            return true;
        }

        /// <summary>A value for a key=value reply: bare when it has no space, quote or backslash, else "quoted" with \" and \\.</summary>
        public static string Quote(string s)
        {
            s ??= "";
            bool plain = s.Length > 0;
            foreach (char ch in s)
            {
                if (ch <= ' ' || ch == '"' || ch == '\\' || ch > '~') plain = false;
            }

            if (plain) return s;
            var b = new StringBuilder(s.Length + 2).Append('"');
            foreach (char ch in s)
            {
                if (ch == '"' || ch == '\\') b.Append('\\').Append(ch);
                else if (ch < ' ' || ch > '~') b.Append('?');
                else b.Append(ch);
            }

            return b.Append('"').ToString();
        }
    }
}
