using System;
using System.IO;
using System.Text;
using Phone.Call;
using Phone.Ui;
using Phone.Sip.Registration;

namespace Phone.Tools.Handset
{
    /// <summary>
    /// Draws a handset's 21×8 TextScreen (row 0 holds the StatusIcons) and a status line. On a terminal the
    /// screen is redrawn in place (ANSI) when it or the status changes; otherwise (redirected output, CI=true,
    /// --plain) the screen is printed as plain lines when a row changes, and the status line when its text changes.
    /// </summary>
    public sealed class HandsetDisplay
    {
        private readonly TextWriter _out;
        private readonly bool _ansi;
        private readonly object _lock;
        private string _lastScreen;
        private string _lastStatus;
        private bool _drawn;
        private string _lastKey;
        private bool _plainSeen;
        private PhoneState _plainState;
        private RegistrationState _plainRegistration;
        private long _plainDrops;
        private bool _plainSecure;
        private string _plainSuite;

        // Plain output: the phone's state changed but its screen had not been redrawn yet (under load the panel can
        // lag the state by a turn), so the next render must look at the screen even if nothing else changed.
        private bool _plainScreenOwed;

        public HandsetDisplay(TextWriter output, bool ansi, object outputLock)
        {
            _out = output;
            _ansi = ansi;
            _lock = outputLock ?? new object();
        }

        /// <summary>Plain lines show only the screen (status counters go to the final report).</summary>
        public bool PlainStatus { get; set; } = true;

        public static bool TerminalIsInteractive() =>
            !Console.IsOutputRedirected && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

        public void Render(string name, TextScreen screen, PhoneState state, RegistrationState registration, CallReport media)
        {
            // Plain output prints only on a change of what it shows: the phone's state (the screen) and the status
            // line's inputs. The handset renders every second during a call (and on every screen change, such as the
            // call timer); without this check each of those would build the screen and status strings for nothing.
            if (!_ansi)
            {
                long drops = media == null ? -1 : media.AuthFailures + media.RtcpAuthFailures + media.ShortRtcpTags + media.Replays +
                                                  media.Malformed + media.Unprotected + media.UnknownSsrc;
                bool secure = media != null && media.Secure;
                string suite = media?.Suite;
                if (!_plainScreenOwed && _plainSeen && state == _plainState && registration == _plainRegistration && drops == _plainDrops &&
                    secure == _plainSecure && (object)suite == _plainSuite)
                {
                    return;
                }

                _plainSeen = true;
                _plainState = state;
                _plainRegistration = registration;
                _plainDrops = drops;
                _plainSecure = secure;
                _plainSuite = suite;
            }

            var sb = new StringBuilder();
            for (int r = 0; r < TextScreen.Rows; r++) sb.Append(screen.Line(r).PadRight(TextScreen.Columns)).Append('\n');
            string text = sb.ToString();
            string status = "reg " + registration.ToString().ToLowerInvariant() + " | " + state.ToString().ToLowerInvariant();
            string counters = "";
            if (media != null)
            {
                status += " | " + (media.Secure ? "srtp " + media.Suite : "rtp");
                counters = " | pkts " + media.PacketsSent + "/" + media.PacketsReceived + " lost " + media.PacketsLost +
                           " late " + media.FramesLate + " concealed " + media.FramesConcealed +
                           " jitter " + media.JitterMs.ToString("0.0") + "ms rtt " + MediaFacts.Rtt(media);
                if (MediaFacts.AnyDropped(media))
                {
                    // Refusals show even on plain output (a new line when they change, at most once a second).
                    status += " | " + MediaFacts.Drops(media);
                }
            }

            lock (_lock)
            {
                if (_ansi)
                {
                    string full = status + counters;
                    if (text == _lastScreen && full == _lastStatus) return;
                    _lastScreen = text;
                    _lastStatus = full;
                    var o = new StringBuilder();
                    o.Append(_drawn ? "\u001b[" + (TextScreen.Rows + 3) + "A" : "");
                    o.Append("+---------------------+  ").Append(name).Append("\u001b[K\n");
                    foreach (string line in text.TrimEnd('\n').Split('\n')) o.Append('|').Append(line).Append("|\u001b[K\n");
                    o.Append("+---------------------+\u001b[K\n");
                    o.Append(full).Append("\u001b[K\n");
                    _out.Write(o.ToString());
                    _out.Flush();
                    _drawn = true;
                    return;
                }

                // Plain output: the screen when the phone's state changes (not every call-timer second).
                string key = name + state;
                if (text != _lastScreen && key != _lastKey)
                {
                    _lastScreen = text;
                    _lastKey = key;
                    var o = new StringBuilder();
                    string[] lines = text.TrimEnd('\n').Split('\n');
                    for (int r = 0; r < lines.Length; r++)
                    {
                        if (lines[r].Trim().Length == 0 && r > 0) continue;
                        o.Append("  [").Append(name).Append("] |").Append(lines[r]).Append("|\n");
                    }

                    _out.Write(o.ToString());
                }

                _plainScreenOwed = key != _lastKey;
                if (status != _lastStatus)
                {
                    _lastStatus = status;
                    _out.WriteLine("  [" + name + "] " + status);
                }

                _out.Flush();
            }
        }

        /// <summary>On a terminal, events are printed above the screen, which is then drawn anew below them.</summary>
        public void Note(string line)
        {
            lock (_lock)
            {
                if (_ansi && _drawn)
                {
                    _out.Write("\u001b[" + (TextScreen.Rows + 3) + "A\u001b[J");
                    _drawn = false;
                    _lastScreen = null;
                }

                _out.WriteLine(line);
            }
        }
    }
}
