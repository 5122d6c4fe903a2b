using System;
using System.Collections.Generic;
using System.Globalization;
using Phone.Call;

namespace Phone.Tools.Handset
{
    public enum ScriptStepKind
    {
        Wait,
        Key,
        Dial,
        Until,
        Quit,
    }

    public sealed class ScriptStep
    {
        public ScriptStepKind Kind;
        public long Ms;
        public PhoneKey Key;
        public string Digits;

        /// <summary>Dial: the full URI to call instead of sip:digits@domain (keypad digits are still typed).</summary>
        public string Uri;

        /// <summary>Until: a PhoneState name, "registered" or "missed".</summary>
        public string Condition;

        /// <summary>Until "missed": the missed-call count to reach.</summary>
        public int Count;

        /// <summary>Until: the PhoneState the condition names (parsed once: the step is checked every 20 ms while it waits).</summary>
        public Phone.Call.PhoneState State = (Phone.Call.PhoneState)(-1);

        public string Text;

        public override string ToString() => Text;
    }

    /// <summary>
    /// The keypad script language (docs/handset.md): statements separated by ';' or new lines, '#' starts a
    /// comment at the start of a statement.
    /// <code>
    /// wait 1s | wait 500ms         pause
    /// dial 1002                    type the digits on the keypad (no Call key)
    /// dial sips:1002@host:port     type 1002; the call goes to that URI instead of sip:1002@domain
    /// key call|answer|hangup|end|hold|mute|ok|up|down|left|right|dnd|volup|voldown|+|-|0..9|*|#
    /// until connected [10s]        wait for a phone state (idle dialing calling ringback incoming connected
    ///                              held ended) or 'registered'; the script fails after the timeout (default 10 s)
    /// until missed 1 [10s]         wait until the panel counts at least that many missed (or refused) calls
    /// quit                         stop the handset
    /// </code>
    /// </summary>
    public static class HandsetScript
    {
        public static readonly string[] States = { "idle", "dialing", "calling", "ringback", "incoming", "connected", "held", "ended", "registered" };

        public static List<ScriptStep> Parse(string text, out string error)
        {
            error = null;
            var steps = new List<ScriptStep>();
            if (text == null) return steps;
            string[] parts = text.Replace("\r", "").Split(new[] { ';', '\n' });
            for (int n = 0; n < parts.Length; n++)
            {
                string s = parts[n].Trim();
                if (s.Length == 0 || s[0] == '#') continue;
                string[] w = s.Split((char[])null, StringSplitOptions.RemoveEmptyEntries);
                string verb = w[0].ToLowerInvariant();
                var step = new ScriptStep { Text = s };
                switch (verb)
                {
                    case "wait":
                        if (w.Length != 2 || !TryDuration(w[1], out step.Ms)) return Fail(out error, s, "wait needs one duration such as 500ms or 2s");
                        step.Kind = ScriptStepKind.Wait;
                        break;
                    case "key":
                    case "press":
                        if (w.Length != 2 || !TryKey(w[1], out step.Key)) return Fail(out error, s, "unknown key (call answer hangup end hold mute ok up down left right dnd volup voldown + - 0-9 * #)");
                        step.Kind = ScriptStepKind.Key;
                        break;
                    case "dial":
                        if (w.Length != 2 || !TryDial(w[1], out step.Digits, out step.Uri)) return Fail(out error, s, "dial needs digits (0-9, *) or a sip:/sips: URI whose user part is digits");
                        step.Kind = ScriptStepKind.Dial;
                        break;
                    case "until" when w.Length >= 2 && w[1].ToLowerInvariant() == "missed":
                        // A count, not "one more": a call refused while the key that allowed it is still held down
                        // would otherwise be counted before the wait began.
                        if (w.Length < 3 || w.Length > 4 || !int.TryParse(w[2], NumberStyles.None, CultureInfo.InvariantCulture, out step.Count) || step.Count < 1)
                        {
                            return Fail(out error, s, "until missed needs a count of at least 1, then an optional timeout");
                        }

                        step.Kind = ScriptStepKind.Until;
                        step.Condition = "missed";
                        step.Ms = 10000;
                        if (w.Length == 4 && !TryDuration(w[3], out step.Ms)) return Fail(out error, s, "bad timeout");
                        break;
                    case "until":
                        if (w.Length < 2 || w.Length > 3 || Array.IndexOf(States, w[1].ToLowerInvariant()) < 0)
                        {
                            return Fail(out error, s, "until needs a state: " + string.Join(" ", States));
                        }

                        step.Kind = ScriptStepKind.Until;
                        step.Condition = w[1].ToLowerInvariant();
                        if (Enum.TryParse(step.Condition, true, out Phone.Call.PhoneState state)) step.State = state;
                        step.Ms = 10000;
                        if (w.Length == 3 && !TryDuration(w[2], out step.Ms)) return Fail(out error, s, "bad timeout");
                        break;
                    case "quit":
                    case "exit":
                        step.Kind = ScriptStepKind.Quit;
                        break;
                    default:
                        return Fail(out error, s, "unknown statement (wait, dial, key, until, quit)");
                }

                steps.Add(step);
            }

            return steps;
        }

        private static List<ScriptStep> Fail(out string error, string statement, string why)
        {
            error = "script: '" + statement + "': " + why;
            return null;
        }

        /// <summary>500ms, 2s, 1.5s, 1m; a bare number is seconds.</summary>
        public static bool TryDuration(string s, out long ms)
        {
            ms = 0;
            s = s.Trim().ToLowerInvariant();
            double factor = 1000;
            if (s.EndsWith("ms", StringComparison.Ordinal)) { factor = 1; s = s.Substring(0, s.Length - 2); }
            else if (s.EndsWith("s", StringComparison.Ordinal)) { s = s.Substring(0, s.Length - 1); }
            else if (s.EndsWith("m", StringComparison.Ordinal)) { factor = 60000; s = s.Substring(0, s.Length - 1); }
            if (!double.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double v) || v < 0 || v > 86400000) return false;
            ms = (long)Math.Round(v * factor);
            return true;
        }

        public static bool TryKey(string s, out PhoneKey key)
        {
            key = PhoneKey.Ok;
            s = s.ToLowerInvariant();
            if (s.Length == 1 && s[0] >= '0' && s[0] <= '9')
            {
                key = (PhoneKey)(s[0] - '0');
                return true;
            }

            switch (s)
            {
                case "*": case "star": key = PhoneKey.Star; return true;
                case "#": case "pound": key = PhoneKey.Pound; return true;
                case "call": case "answer": case "c": key = PhoneKey.Call; return true;
                case "hangup": case "end": case "e": key = PhoneKey.HangUp; return true;
                case "hold": case "h": key = PhoneKey.Hold; return true;
                case "mute": case "m": key = PhoneKey.Mute; return true;
                case "ok": case "menu": key = PhoneKey.Ok; return true;
                case "up": key = PhoneKey.Up; return true;
                case "down": key = PhoneKey.Down; return true;
                case "left": case "back": key = PhoneKey.Left; return true;
                case "right": key = PhoneKey.Right; return true;
                case "dnd": key = PhoneKey.Dnd; return true;
                case "transfer": case "xfer": case "x": key = PhoneKey.Transfer; return true;
                case "volup": case "+": key = PhoneKey.VolumeUp; return true;
                case "voldown": case "-": key = PhoneKey.VolumeDown; return true;
            }

            return false;
        }

        /// <summary>The key a terminal character stands for (digits, *, #, c, e, h, m, +, -, o=OK, d=DND).</summary>
        public static bool TryTerminalKey(char c, out PhoneKey key)
        {
            key = PhoneKey.Ok;
            if (c == 'o') { key = PhoneKey.Ok; return true; }
            if (c == 'd') { key = PhoneKey.Dnd; return true; }
            return TryKey(c.ToString(), out key);
        }

        public static bool TryDial(string s, out string digits, out string uri)
        {
            digits = null;
            uri = null;
            string user = s;
            if (s.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) || s.StartsWith("sips:", StringComparison.OrdinalIgnoreCase))
            {
                int colon = s.IndexOf(':');
                int at = s.IndexOf('@');
                if (at <= colon + 1 || at == s.Length - 1) return false;
                user = s.Substring(colon + 1, at - colon - 1);
                uri = s;
            }

            if (user.Length == 0 || user.Length > PhoneStateMachine.MaxDialDigits) return false;
            foreach (char c in user)
            {
                if (!(c >= '0' && c <= '9') && c != '*') return false;
            }

            digits = user;
            return true;
        }

        public static PhoneKey DigitKey(char c) => c == '*' ? PhoneKey.Star : (PhoneKey)(c - '0');
    }
}
