using Phone.Firmware.Audio;

namespace Phone.Firmware.App
{
    /// <summary>
    /// What the firmware opens, as plain numbers: the display bus, the keypad lines and key map, the audio wiring.
    /// <para>
    /// ADAPTER: filled from Phone.Device's BoardProfile (I:\board.profile, or the embedded default text) once that
    /// API is committed; until then Default() holds the reference board phone-v1 (hardware/profiles/phone-v1.board),
    /// copied value for value. This is the one place that changes when the profile parser lands.
    /// </para>
    /// </summary>
    public sealed class BoardSettings
    {
        public string Name = "phone-v1";

        public int DisplayBus = 1;
        public int DisplaySda = 21;
        public int DisplayScl = 22;
        public int DisplayAddress = 0x3C;

        public int[] KeypadRows = new int[] { 13, 14, 27, 32, 15 };
        public int[] KeypadColumns = new int[] { 34, 35, 36, 39, 5 };
        public bool KeypadExternalPullUps = true;

        /// <summary>Phone.Device KeyMap syntax: rows separated by "/", top row first.</summary>
        public string KeyMapText = "1 2 3 call end / 4 5 6 hold mute / 7 8 9 vol+ vol- / * 0 # up down / ok left - - -";

        public readonly AudioWiring Audio = new AudioWiring();

        /// <summary>Where the values came from, for the boot screen.</summary>
        public string Source = "built-in phone-v1";

        /// <summary>The reference handset phone-v1.</summary>
        public static BoardSettings Default()
        {
            BoardSettings b = new BoardSettings();
            AudioWiring a = b.Audio;
            a.MicBus = 1;
            a.MicBck = 26;
            a.MicWs = 25;
            a.MicData = 33;
            a.MicSampleRate = 32000;
            a.MicSlotBits = 32;
            a.MicRightChannel = false;
            a.SpeakerBus = 2;
            a.SpeakerBck = 18;
            a.SpeakerWs = 19;
            a.SpeakerData = 23;
            a.SpeakerSampleRate = 8000;
            a.SpeakerSlotBits = 16;
            a.AmpEnable = 4;
            return b;
        }
    }
}
