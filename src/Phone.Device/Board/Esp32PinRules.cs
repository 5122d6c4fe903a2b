namespace Phone.Device.Board
{
    /// <summary>
    /// Wiring rules of the ESP32 (ESP32-D0WD-V3 in WROVER-E/WROOM-32E modules) that a board profile
    /// must obey, so that a profile error shows up on the self-test screen instead of as a board that
    /// will not boot or cannot be flashed. Sources (Espressif): "ESP32 Series Datasheet", section
    /// "Strapping Pins" and the pin-description table; "ESP32 Technical Reference Manual", chapter
    /// "IO MUX and GPIO Matrix"; "ESP32-WROVER-E &amp; WROVER-IE Datasheet", pin definitions and notes.
    /// hardware/README.md lists each rule with its source.
    ///
    /// Rules (one error per pin, first rule that applies):
    /// - GPIO 20, 24, 28-31 do not exist; 37 and 38 exist on the chip but are not module pins: NoSuchPin.
    /// - GPIO 6-11 connect the module's SPI flash: FlashPin.
    /// - GPIO 16/17 connect the PSRAM on WROVER modules: PsramPin.
    /// - GPIO 1/3 are UART0 (TXD0/RXD0): nanoff flashes and the debugger deploys through it: ReservedPin.
    /// - GPIO 34-39 are input only and have no internal pull-up/pull-down: outputs there are
    ///   InputOnlyPin; key columns there need keypad.pullups = external (NeedsExternalPullUp).
    /// - Strapping pins are sampled at reset (StrappingPin when the use can give the wrong level):
    ///   GPIO0 (pull-up; low = download mode) is kept for the BOOT button, no use allowed.
    ///   GPIO2 (pull-down; must be low or floating for download mode) and GPIO12/MTDI (pull-down;
    ///   high selects 1.8 V VDD_SDIO, but WROVER-E flash and PSRAM run at 3.3 V, so the module does
    ///   not boot) only as an output into a high-impedance input (I2S clocks/data out, amp enable):
    ///   I2C pull-ups, key rows (back-fed through a pressed key's diode) and key columns (pulled up)
    ///   would hold them high.
    ///   GPIO5 and GPIO15/MTDO (pull-ups; SDIO slave timing, boot log on/off) for anything the board
    ///   keeps high or floating at reset, not for a signal another chip drives (microphone data).
    /// - No GPIO twice: PinUsedTwice on the later line.
    /// Audio: microphone and speaker on different I2S buses (the nanoFramework ESP32 driver routes
    /// DATA_IN only in Master|Rx mode); capture at 32000 Hz (the decimator's 4:1 filter), playback at
    /// 8000 Hz; the microphone's bit clock (rate × 2 × 32) within its datasheet range.
    /// </summary>
    public static class Esp32PinRules
    {
        /// <summary>Capture rate the native decimator is designed for (4 × 8000 Hz).</summary>
        public const int CaptureRate = 32000;

        /// <summary>Playback rate: G.711 as decoded.</summary>
        public const int PlaybackRate = 8000;

        /// <summary>True if the GPIO is a pin of the given module (chip GPIOs 0-39 less 20, 24, 28-31, 37, 38).</summary>
        public static bool Exists(BoardModule module, int gpio)
        {
            if (gpio < 0 || gpio > 39)
            {
                return false;
            }

            if (gpio == 20 || gpio == 24 || (gpio >= 28 && gpio <= 31))
            {
                return false;
            }

            // GPIO37/38 (SENSOR_CAPP/CAPN) are chip pads that WROVER-E and WROOM-32E do not bring out.
            return gpio != 37 && gpio != 38;
        }

        /// <summary>GPIO 34-39: input only, no internal pull resistors (ESP32 datasheet, pin description notes).</summary>
        public static bool IsInputOnly(int gpio)
        {
            return gpio >= 34 && gpio <= 39;
        }

        /// <summary>GPIO 0, 2, 5, 12, 15: sampled at reset (ESP32 datasheet, "Strapping Pins").</summary>
        public static bool IsStrapping(int gpio)
        {
            return gpio == 0 || gpio == 2 || gpio == 5 || gpio == 12 || gpio == 15;
        }

        /// <summary>GPIO 6-11: SPI flash (CLK, SD0-SD3, CMD) in every WROOM/WROVER module.</summary>
        public static bool IsFlash(int gpio)
        {
            return gpio >= 6 && gpio <= 11;
        }

        /// <summary>Electrical kind of a pin role.</summary>
        public static BoardPinKind KindOf(BoardPinRole role)
        {
            switch (role)
            {
                case BoardPinRole.MicData:
                    return BoardPinKind.DrivenInput;
                case BoardPinRole.DisplaySda:
                case BoardPinRole.DisplayScl:
                    return BoardPinKind.PulledUpBus;
                case BoardPinRole.KeypadRow:
                    return BoardPinKind.KeyRow;
                case BoardPinRole.KeypadColumn:
                    return BoardPinKind.KeyColumn;
                default:
                    return BoardPinKind.OutputToHighImpedance;
            }
        }

        /// <summary>Checks every pin and the audio settings of a profile, adding errors to the result.</summary>
        internal static void Check(BoardProfile profile, BoardProfileResult result)
        {
            for (int i = 0; i < profile.PinCount && !result.IsFull; i++)
            {
                BoardPin pin = profile.GetPin(i);
                CheckPin(profile, pin, result);
                for (int j = 0; j < i; j++)
                {
                    BoardPin earlier = profile.GetPin(j);
                    if (earlier.Gpio == pin.Gpio)
                    {
                        result.Add(BoardErrorCode.PinUsedTwice, pin.Line, pin.Key, "GPIO" + pin.Gpio.ToString() + " already used by " + earlier.Key + " on line " + earlier.Line.ToString());
                        break;
                    }
                }
            }

            CheckAudio(profile, result);
        }

        static void CheckPin(BoardProfile profile, BoardPin pin, BoardProfileResult result)
        {
            int g = pin.Gpio;
            string name = "GPIO" + g.ToString();
            BoardPinKind kind = KindOf(pin.Role);
            if (!Exists(profile.Module, g))
            {
                result.Add(BoardErrorCode.NoSuchPin, pin.Line, pin.Key, name + " is not a pin of the module");
                return;
            }

            if (IsFlash(g))
            {
                result.Add(BoardErrorCode.FlashPin, pin.Line, pin.Key, name + " is wired to the module's SPI flash (GPIO 6-11)");
                return;
            }

            if (profile.HasPsram && (g == 16 || g == 17))
            {
                result.Add(BoardErrorCode.PsramPin, pin.Line, pin.Key, name + " is wired to the WROVER PSRAM (GPIO 16/17)");
                return;
            }

            if (g == 1 || g == 3)
            {
                result.Add(BoardErrorCode.ReservedPin, pin.Line, pin.Key, name + " is UART0, used by nanoff and the debugger");
                return;
            }

            if (IsInputOnly(g))
            {
                if (kind == BoardPinKind.OutputToHighImpedance || kind == BoardPinKind.PulledUpBus || kind == BoardPinKind.KeyRow)
                {
                    result.Add(BoardErrorCode.InputOnlyPin, pin.Line, pin.Key, name + " is input only (GPIO 34-39) and cannot drive this signal");
                    return;
                }

                if (kind == BoardPinKind.KeyColumn && !profile.KeypadExternalPullUps)
                {
                    result.Add(BoardErrorCode.NeedsExternalPullUp, pin.Line, pin.Key, name + " has no internal pull-up (GPIO 34-39): fit a resistor and set keypad.pullups = external");
                    return;
                }
            }

            if (!IsStrapping(g))
            {
                return;
            }

            if (g == 0)
            {
                result.Add(BoardErrorCode.StrappingPin, pin.Line, pin.Key, "GPIO0 low at reset enters download mode: keep it for the BOOT button");
                return;
            }

            if ((g == 2 || g == 12) && kind != BoardPinKind.OutputToHighImpedance)
            {
                string why = g == 12
                    ? "GPIO12 (MTDI) high at reset selects 1.8 V flash voltage and the WROVER does not boot"
                    : "GPIO2 must be low or floating at reset for download mode";
                result.Add(BoardErrorCode.StrappingPin, pin.Line, pin.Key, why + ": only outputs into high-impedance inputs (I2S, amp enable) may use it");
                return;
            }

            if ((g == 5 || g == 15) && kind == BoardPinKind.DrivenInput)
            {
                result.Add(BoardErrorCode.StrappingPin, pin.Line, pin.Key, name + " is sampled at reset and must not carry a signal another chip drives");
            }
        }

        static void CheckAudio(BoardProfile profile, BoardProfileResult result)
        {
            int micBusLine = profile.LineOf(BoardProfileParser.KeyMicBus);
            int spkBusLine = profile.LineOf(BoardProfileParser.KeySpkBus);
            if (profile.MicBus > 0 && profile.MicBus == profile.SpeakerBus)
            {
                bool spkLater = spkBusLine > micBusLine;
                result.Add(BoardErrorCode.SameI2sBus, spkLater ? spkBusLine : micBusLine,
                    BoardProfileParser.KeyName(spkLater ? BoardProfileParser.KeySpkBus : BoardProfileParser.KeyMicBus),
                    "microphone (Master|Rx) and speaker (Master|Tx) need separate I2S buses");
            }

            int micRateLine = profile.LineOf(BoardProfileParser.KeyMicRate);
            if (profile.MicSampleRate > 0 && profile.MicSampleRate != CaptureRate)
            {
                result.Add(BoardErrorCode.UnsupportedRate, micRateLine, BoardProfileParser.KeyName(BoardProfileParser.KeyMicRate), "capture runs at 32000 Hz (decimated 4:1 to 8000 Hz)");
            }
            else if (profile.MicSckHz > 0 && profile.MicSckMinHz > 0 && profile.MicSckMaxHz > 0
                && (profile.MicSckHz < profile.MicSckMinHz || profile.MicSckHz > profile.MicSckMaxHz))
            {
                result.Add(BoardErrorCode.MicClockOutOfRange, micRateLine, BoardProfileParser.KeyName(BoardProfileParser.KeyMicRate),
                    "bit clock " + profile.MicSckHz.ToString() + " Hz outside the microphone's " + profile.MicSckMinHz.ToString() + ".." + profile.MicSckMaxHz.ToString() + " Hz");
            }

            if (profile.SpeakerSampleRate > 0 && profile.SpeakerSampleRate != PlaybackRate)
            {
                result.Add(BoardErrorCode.UnsupportedRate, profile.LineOf(BoardProfileParser.KeySpkRate), BoardProfileParser.KeyName(BoardProfileParser.KeySpkRate), "playback runs at 8000 Hz");
            }
        }
    }
}
