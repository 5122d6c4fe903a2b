using nanoFramework.TestFramework;
using Phone.Call;
using Phone.Ui;
using Phone.Config;

namespace Phone.Tests.Call
{
    /// <summary>
    /// Drives a state machine in tests: a fixed configuration, commands rendered as short text so a script can
    /// state exactly what must have been emitted, and whole-screen comparisons row by row.
    /// </summary>
    public static class PhoneScript
    {
        public const string Blank = "";

        /// <summary>domain example.com, user 100 "Desk 100", speaker 70 %, ring 80 %.</summary>
        private static PhoneDisplay display;

        /// <summary>The display of machine m, kept while the tests use the same machine (so dirty masks carry over).</summary>
        public static PhoneDisplay DisplayOf(PhoneStateMachine m)
        {
            if (display == null || display.Machine != m)
            {
                display = new PhoneDisplay(m);
            }

            return display;
        }

        public static PhoneStateMachine New()
        {
            return new PhoneStateMachine(Config(), 0);
        }

        /// <summary>A machine for c (start from Config() and change what the test is about).</summary>
        public static PhoneStateMachine New(PhoneConfig c)
        {
            return new PhoneStateMachine(c, 0);
        }

        public static PhoneStateMachine New(int historyCapacity)
        {
            return new PhoneStateMachine(Config(), historyCapacity, 0);
        }

        public static PhoneConfig Config()
        {
            PhoneConfig c = new PhoneConfig();
            c.Sip.Domain = "example.com";
            c.Sip.User = "100";
            c.Sip.DisplayName = "Desk 100";
            c.Audio.SpeakerVolume = 70;
            c.Audio.RingVolume = 80;
            return c;
        }

        /// <summary>Presses each key at the same time.</summary>
        public static void Keys(PhoneStateMachine m, string keys, long nowMs)
        {
            for (int i = 0; i < keys.Length; i++)
            {
                char c = keys[i];
                PhoneKey k = c == '*' ? PhoneKey.Star : c == '#' ? PhoneKey.Pound : (PhoneKey)(c - '0');
                m.Press(k, nowMs);
            }
        }

        /// <summary>The emitted commands as "A | B | C" (empty when none), then clears the queue.</summary>
        public static string Take(PhoneStateMachine m)
        {
            string s = "";
            CommandQueue q = m.Commands;
            for (int i = 0; i < q.Count; i++)
            {
                if (i > 0) s += " | ";
                s += Describe(q[i]);
            }
            q.Clear();
            return s;
        }

        public static string Describe(PhoneCommand c)
        {
            switch (c.Kind)
            {
                case PhoneCommandKind.PlaceCall: return "PlaceCall " + c.CallId.ToString() + " " + c.Uri;
                case PhoneCommandKind.Answer: return "Answer " + c.CallId.ToString();
                case PhoneCommandKind.Reject: return "Reject " + c.CallId.ToString() + " " + c.Status.ToString();
                case PhoneCommandKind.Redirect: return "Redirect " + c.CallId.ToString() + " " + c.Uri;
                case PhoneCommandKind.HangUp: return "HangUp " + c.CallId.ToString();
                case PhoneCommandKind.Hold: return "Hold " + c.CallId.ToString() + (c.On ? " on" : " off");
                case PhoneCommandKind.Transfer:
                    return "Transfer " + c.CallId.ToString() + " " + (c.Uri != null ? c.Uri : "replacing " + c.OtherCallId.ToString());
                case PhoneCommandKind.SendDtmf: return "Dtmf " + c.CallId.ToString() + " " + c.Digit.ToString();
                case PhoneCommandKind.SetMute: return c.On ? "Mute on" : "Mute off";
                case PhoneCommandKind.Conference: return c.On ? "Conference on" : "Conference off";
                case PhoneCommandKind.SetVolume:
                    return (c.Target == VolumeTarget.Speaker ? "Volume speaker " : "Volume ring ") + c.Level.ToString();
                case PhoneCommandKind.SetAlert:
                    switch (c.Tone)
                    {
                        case AlertTone.Ring: return "Alert ring";
                        case AlertTone.CallWaiting: return "Alert waiting";
                        case AlertTone.Ringback: return "Alert ringback";
                    }
                    return "Alert none";
            }
            return "?";
        }

        /// <summary>Rows 0..7 must read exactly as given (each padded with blanks to 21 columns).</summary>
        public static void Screen(PhoneStateMachine m, string[] rows)
        {
            Assert.AreEqual(8, rows.Length, "script must give 8 rows");
            for (int r = 0; r < 8; r++)
            {
                Assert.AreEqual(rows[r].PadRight(21, ' '), DisplayOf(m).Screen.Line(r), "row " + r.ToString());
            }
        }

        /// <summary>Rows 1..7 (below the status bar) must read exactly as given.</summary>
        public static void Body(PhoneStateMachine m, string r1, string r2, string r3, string r4, string r5, string r6, string r7)
        {
            Screen(m, new string[] { DisplayOf(m).Screen.Line(0), r1, r2, r3, r4, r5, r6, r7 });
        }

        public static void Status(PhoneStateMachine m, string row0)
        {
            Assert.AreEqual(row0.PadRight(21, ' '), DisplayOf(m).Screen.Line(0), "status row");
        }

        public static void StateIs(PhoneStateMachine m, PhoneState expected)
        {
            Assert.AreEqual((int)expected, (int)m.State, "state");
        }
    }
}
