namespace Phone.Device.Board
{
    /// <summary>
    /// Why a board profile (hardware/profiles/*.board) was refused. 1–19 are about the text itself;
    /// 20 and up are ESP32 wiring rules checked by <see cref="Esp32PinRules"/>. Numbers are stable:
    /// the firmware shows them on the self-test screen.
    /// </summary>
    public enum BoardErrorCode
    {
        /// <summary>Caller passed no buffer or bounds outside it (line 0).</summary>
        InvalidInput = 1,

        /// <summary>File larger than <see cref="BoardProfileParser.MaxFileBytes"/>; nothing parsed (line 0).</summary>
        FileTooLarge = 2,

        /// <summary>Line longer than <see cref="BoardProfileParser.MaxLineBytes"/>; the line is skipped.</summary>
        LineTooLong = 3,

        /// <summary>A byte outside printable ASCII (other than TAB, CR before LF); the line is skipped.</summary>
        BadCharacter = 4,

        /// <summary>Not a comment, a blank line or <c>key = value</c>.</summary>
        SyntaxError = 5,

        /// <summary>Key not in the format.</summary>
        UnknownKey = 6,

        /// <summary>Key given twice; the first value is kept.</summary>
        DuplicateKey = 7,

        /// <summary>Value has the wrong form (not a number, not a known name, empty list item...).</summary>
        BadValue = 8,

        /// <summary>Number outside the range the key allows.</summary>
        OutOfRange = 9,

        /// <summary>Required key absent (line 0).</summary>
        MissingKey = 10,

        /// <summary>More than <see cref="BoardProfileParser.MaxErrors"/> errors; reading stopped.</summary>
        TooManyErrors = 11,

        /// <summary>GPIO number the chip or module does not bring out (20, 24, 28–31, 37, 38).</summary>
        NoSuchPin = 20,

        /// <summary>GPIO 6–11: wired to the module's SPI flash.</summary>
        FlashPin = 21,

        /// <summary>GPIO 16/17 on a WROVER module: wired to its PSRAM.</summary>
        PsramPin = 22,

        /// <summary>GPIO 1/3: UART0, the port nanoff flashes through and the debugger talks over.</summary>
        ReservedPin = 23,

        /// <summary>Strapping pin (0, 2, 5, 12, 15) in a use that can set the wrong level at reset.</summary>
        StrappingPin = 24,

        /// <summary>GPIO 34–39 asked to drive a signal: they are inputs only.</summary>
        InputOnlyPin = 25,

        /// <summary>The same GPIO assigned twice (reported on the later line).</summary>
        PinUsedTwice = 26,

        /// <summary>Key column on GPIO 34–39 while the profile relies on internal pull-ups, which those pins lack.</summary>
        NeedsExternalPullUp = 27,

        /// <summary>Microphone and speaker on the same I2S bus; the stock driver reads only in Master|Rx mode.</summary>
        SameI2sBus = 28,

        /// <summary>Microphone bit clock (rate × 64) outside the range its datasheet allows.</summary>
        MicClockOutOfRange = 29,

        /// <summary>Sample rate the audio path cannot use (capture must be 32000, playback 8000).</summary>
        UnsupportedRate = 30,

        /// <summary>keypad.map rows of unequal width, or its size differs from keypad.rows × keypad.columns.</summary>
        KeyMapShape = 31,

        /// <summary>A key appears twice in the key map.</summary>
        KeyMapDuplicate = 32,

        /// <summary>A key the phone needs is not in the key map.</summary>
        KeyMapMissing = 33
    }
}
