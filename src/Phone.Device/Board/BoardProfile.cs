using Phone.Call;
using Phone.Device.Input;

namespace Phone.Device.Board
{
    /// <summary>
    /// The handset's hardware as data: which GPIO does what and which parts sit on the board, read
    /// from a board profile (format: hardware/board-profile.md; example: hardware/profiles/phone-v1.board). The firmware opens its buses and pins from this object, so a
    /// re-wired board needs a new profile, not new code. Pins that are not set are -1.
    /// </summary>
    public sealed class BoardProfile
    {
        /// <summary>Most keypad rows and columns a profile may list (as KeyMap allows).</summary>
        public const int MaxKeypadLines = KeyMap.MaxLines;

        /// <summary>Value of a pin or number that the profile did not set.</summary>
        public const int NotSet = -1;

        internal BoardProfile()
        {
            Name = null;
            FirmwareTarget = null;
            MicBus = NotSet;
            MicBck = NotSet;
            MicWs = NotSet;
            MicData = NotSet;
            MicSampleRate = NotSet;
            MicSlotBits = NotSet;
            MicSckMinHz = NotSet;
            MicSckMaxHz = NotSet;
            SpeakerBus = NotSet;
            SpeakerBck = NotSet;
            SpeakerWs = NotSet;
            SpeakerData = NotSet;
            SpeakerSampleRate = NotSet;
            SpeakerSlotBits = NotSet;
            AmpEnable = NotSet;
            DisplayI2cBus = NotSet;
            DisplaySda = NotSet;
            DisplayScl = NotSet;
            DisplayAddress = NotSet;
            DisplayI2cHz = NotSet;
            DisplayWidth = NotSet;
            DisplayHeight = NotSet;
            KeypadRows = new int[0];
            KeypadColumns = new int[0];
            pins = new BoardPin[48];
            lines = new int[BoardProfileParser.KeyCount];
        }

        readonly int[] lines;
        BoardPin[] pins;
        int pinCount;

        // ----- board -----

        /// <summary>board.name: short identifier, e.g. "phone-v1".</summary>
        public string Name { get; internal set; }

        /// <summary>board.module.</summary>
        public BoardModule Module { get; internal set; }

        /// <summary>True for WROVER modules: PSRAM present, GPIO16/17 taken by it.</summary>
        public bool HasPsram
        {
            get { return Module == BoardModule.Esp32WroverE || Module == BoardModule.Esp32WroverIE; }
        }

        /// <summary>board.firmware: nanoFramework target to flash, e.g. "ESP32_PSRAM_REV3" (informational).</summary>
        public string FirmwareTarget { get; internal set; }

        // ----- microphone: I2S, Master|Rx -----

        /// <summary>i2s.mic.bus: nanoFramework I2S bus id (1 = I2S0, 2 = I2S1).</summary>
        public int MicBus { get; internal set; }

        public int MicBck { get; internal set; }

        public int MicWs { get; internal set; }

        public int MicData { get; internal set; }

        /// <summary>i2s.mic.rate: capture rate in Hz (32000: 4× the 8 kHz the decimator produces).</summary>
        public int MicSampleRate { get; internal set; }

        /// <summary>i2s.mic.slot_bits: bits per slot (32: the MEMS mics send 24/18-bit samples left-justified in 32-bit slots).</summary>
        public int MicSlotBits { get; internal set; }

        /// <summary>i2s.mic.channel: true when the mic's L/R pin selects the right slot.</summary>
        public bool MicRightChannel { get; internal set; }

        /// <summary>mic.part: part number, e.g. "ICS-43434".</summary>
        public string MicPart { get; internal set; }

        /// <summary>mic.sck_min_hz / mic.sck_max_hz: bit-clock range from the mic's datasheet.</summary>
        public int MicSckMinHz { get; internal set; }

        public int MicSckMaxHz { get; internal set; }

        /// <summary>Bit clock the microphone bus runs at: rate × 2 slots × slot bits.</summary>
        public int MicSckHz
        {
            get
            {
                if (MicSampleRate < 0 || MicSlotBits < 0)
                {
                    return NotSet;
                }

                return MicSampleRate * 2 * MicSlotBits;
            }
        }

        // ----- speaker: I2S, Master|Tx -----

        public int SpeakerBus { get; internal set; }

        public int SpeakerBck { get; internal set; }

        public int SpeakerWs { get; internal set; }

        public int SpeakerData { get; internal set; }

        /// <summary>i2s.spk.rate: playback rate in Hz (8000: G.711 as decoded).</summary>
        public int SpeakerSampleRate { get; internal set; }

        /// <summary>i2s.spk.slot_bits: 16 or 32.</summary>
        public int SpeakerSlotBits { get; internal set; }

        /// <summary>amp.part, e.g. "MAX98357A".</summary>
        public string AmpPart { get; internal set; }

        /// <summary>amp.enable: GPIO to the amplifier's shutdown input, or -1 when it is hard-wired on.</summary>
        public int AmpEnable { get; internal set; }

        // ----- display: I2C -----

        /// <summary>display.part, e.g. "SSD1306".</summary>
        public string DisplayPart { get; internal set; }

        /// <summary>display.i2c.bus: nanoFramework I2C bus id (1 or 2).</summary>
        public int DisplayI2cBus { get; internal set; }

        public int DisplaySda { get; internal set; }

        public int DisplayScl { get; internal set; }

        /// <summary>display.address: 7-bit I2C address (0x3C or 0x3D for SSD1306).</summary>
        public int DisplayAddress { get; internal set; }

        /// <summary>display.i2c.hz: 100000 or 400000.</summary>
        public int DisplayI2cHz { get; internal set; }

        public int DisplayWidth { get; internal set; }

        public int DisplayHeight { get; internal set; }

        // ----- keypad -----

        /// <summary>keypad.rows: GPIOs driven low one at a time, top row first.</summary>
        public int[] KeypadRows { get; internal set; }

        /// <summary>keypad.columns: GPIOs read with pull-ups, left column first.</summary>
        public int[] KeypadColumns { get; internal set; }

        /// <summary>keypad.pullups: true = resistors on the board, false = the ESP32's internal pull-ups.</summary>
        public bool KeypadExternalPullUps { get; internal set; }

        /// <summary>keypad.diodes: one diode per key (no ghost keys with several keys held).</summary>
        public bool KeypadDiodes { get; internal set; }

        /// <summary>keypad.map as written (KeyMap syntax).</summary>
        public string KeypadMap { get; internal set; }

        /// <summary>keypad.map as read by <see cref="KeyMap.Parse"/>; null when absent or malformed.</summary>
        public KeyMap KeypadKeys { get; internal set; }

        /// <summary>The key at a matrix position; false for an empty position, indices outside the map, or no map.</summary>
        public bool TryGetKey(int row, int column, out PhoneKey key)
        {
            key = PhoneKey.D0;
            return KeypadKeys != null && KeypadKeys.TryGetKey(row, column, out key);
        }

        /// <summary>Line a key (a BoardProfileParser key id) was read from; 0 when absent.</summary>
        internal int LineOf(int keyId)
        {
            return lines[keyId];
        }

        internal void SetLine(int keyId, int line)
        {
            lines[keyId] = line;
        }

        // ----- every pin, for rule checks and tools -----

        /// <summary>Number of GPIO assignments read (each keypad row/column counts once).</summary>
        public int PinCount
        {
            get { return pinCount; }
        }

        /// <summary>GPIO assignment i, in file order.</summary>
        public BoardPin GetPin(int i)
        {
            return pins[i];
        }

        internal void AddPin(BoardPin pin)
        {
            if (pinCount == pins.Length)
            {
                BoardPin[] bigger = new BoardPin[pins.Length * 2];
                System.Array.Copy(pins, bigger, pinCount);
                pins = bigger;
            }

            pins[pinCount++] = pin;
        }
    }
}
