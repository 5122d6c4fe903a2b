namespace Phone.App.Media
{
    /// <summary>
    /// The audio hardware as the media engine needs it, copied from the board profile at boot (PhoneApp) so the
    /// engine does not depend on how the profile is parsed. Bus numbers are nanoFramework's (1 = I2S0).
    /// </summary>
    public sealed class AudioWiring
    {
        public int MicBus = 1;
        public int MicBck = -1;
        public int MicWs = -1;
        public int MicData = -1;
        public int MicSampleRate = 8000;
        public int MicSlotBits = 32;
        public bool MicRightChannel;

        public int SpeakerBus = 2;
        public int SpeakerBck = -1;
        public int SpeakerWs = -1;
        public int SpeakerData = -1;
        public int SpeakerSampleRate = 8000;
        public int SpeakerSlotBits = 16;
        public int AmpEnable = -1;

        /// <summary>True when both I2S paths have their pins.</summary>
        public bool IsComplete
        {
            get
            {
                return MicBck >= 0 && MicWs >= 0 && MicData >= 0 && SpeakerBck >= 0 && SpeakerWs >= 0 && SpeakerData >= 0;
            }
        }
    }
}
