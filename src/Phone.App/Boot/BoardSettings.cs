using System.Text;
using Phone.Device.Board;
using Phone.Device.Input;
using Phone.Device.Storage;
using Phone.App.Media;

namespace Phone.App.Boot
{
    /// <summary>
    /// What the firmware opens, from Phone.Device's BoardProfile: I:\board.profile when present and valid, else the
    /// built-in phone-v1 profile (DefaultBoardProfile). A profile with errors is not used at all (a wrong pin can
    /// hold a strapping pin or drive an input-only GPIO); its first error is kept for the boot screen.
    /// </summary>
    public sealed class BoardSettings
    {
        /// <summary>The profile's file name on the flash volume.</summary>
        public const string FileName = "board.profile";

        private BoardSettings()
        {
        }

        public BoardProfile Profile { get; private set; }

        public readonly AudioWiring Audio = new AudioWiring();

        /// <summary>Where the profile came from, for the boot screen.</summary>
        public string Source { get; private set; }

        /// <summary>Why I:\board.profile was not used (first parser error), or null.</summary>
        public string Problem { get; private set; }

        public string Name
        {
            get { return Profile.Name; }
        }

        public KeyMap KeyMap
        {
            get { return Profile.KeypadKeys; }
        }

        /// <summary>The display bus clock the profile asks for, Hz (the driver picks the nearest mode it has).</summary>
        public int DisplayHz
        {
            get { return Profile.DisplayI2cHz; }
        }

        /// <summary>Reads and parses the profile; never throws (the built-in profile always parses).</summary>
        public static BoardSettings Load(IFileStore files)
        {
            BoardSettings b = new BoardSettings();
            byte[] data = null;
            try
            {
                data = files == null ? null : files.ReadAll(FileName, BoardProfileParser.MaxFileBytes);
            }
            catch (System.Exception)
            {
                data = null;
                b.Problem = "board.profile unreadable";
            }

            if (data != null)
            {
                BoardProfileResult r = BoardProfileParser.Parse(data, 0, data.Length);
                if (r.IsValid)
                {
                    b.Profile = r.Profile;
                    b.Source = "I:\\board.profile";
                }
                else
                {
                    b.Problem = r.ErrorCount > 0 ? r.GetError(0).ToString() : "board.profile invalid";
                }
            }

            if (b.Profile == null)
            {
                byte[] text = Encoding.UTF8.GetBytes(DefaultBoardProfile.Text);
                BoardProfileResult r = BoardProfileParser.Parse(text, 0, text.Length);
                b.Profile = r.Profile;
                b.Source = "built-in " + (r.Profile != null ? r.Profile.Name : "profile");
            }

            b.CopyAudio();
            return b;
        }

        private void CopyAudio()
        {
            BoardProfile p = Profile;
            AudioWiring a = Audio;
            a.MicBus = p.MicBus;
            a.MicBck = p.MicBck;
            a.MicWs = p.MicWs;
            a.MicData = p.MicData;
            a.MicSampleRate = p.MicSampleRate;
            a.MicSlotBits = p.MicSlotBits;
            a.MicRightChannel = p.MicRightChannel;
            a.SpeakerBus = p.SpeakerBus;
            a.SpeakerBck = p.SpeakerBck;
            a.SpeakerWs = p.SpeakerWs;
            a.SpeakerData = p.SpeakerData;
            a.SpeakerSampleRate = p.SpeakerSampleRate;
            a.SpeakerSlotBits = p.SpeakerSlotBits;
            a.AmpEnable = p.AmpEnable;
        }
    }
}
