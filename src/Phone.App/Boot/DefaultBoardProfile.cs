namespace Phone.App.Boot
{
    /// <summary>
    /// The board profile used when I:\board.profile is missing or invalid: the reference handset phone-v1, the
    /// key = value lines of hardware/profiles/phone-v1.board without its comments (that file explains every value;
    /// the parser takes comments as whole lines only, and '#' in keypad.map is the # key). Parsed with Phone.Device's
    /// BoardProfileParser exactly like a profile from flash, so the firmware has one way to bring up a board.
    /// </summary>
    public static class DefaultBoardProfile
    {
        public const string Text =
            "board.name      = phone-v1\n" +
            "board.module    = ESP32-WROVER-E\n" +
            "board.firmware  = ESP32_PSRAM_REV3\n" +
            "i2s.mic.bus       = 1\n" +
            "i2s.mic.bck       = 26\n" +
            "i2s.mic.ws        = 25\n" +
            "i2s.mic.data      = 33\n" +
            "i2s.mic.rate      = 32000\n" +
            "i2s.mic.slot_bits = 32\n" +
            "i2s.mic.channel   = left\n" +
            "mic.part          = ICS-43434\n" +
            "mic.sck_min_hz    = 1472000\n" +
            "mic.sck_max_hz    = 3302400\n" +
            "i2s.spk.bus       = 2\n" +
            "i2s.spk.bck       = 18\n" +
            "i2s.spk.ws        = 19\n" +
            "i2s.spk.data      = 23\n" +
            "i2s.spk.rate      = 8000\n" +
            "i2s.spk.slot_bits = 16\n" +
            "amp.part          = MAX98357A\n" +
            "amp.enable        = 4\n" +
            "display.part      = SSD1306\n" +
            "display.i2c.bus   = 1\n" +
            "display.i2c.sda   = 21\n" +
            "display.i2c.scl   = 22\n" +
            "display.i2c.hz    = 400000\n" +
            "display.address   = 0x3C\n" +
            "display.width     = 128\n" +
            "display.height    = 64\n" +
            "keypad.rows     = 13, 14, 27, 32, 15\n" +
            "keypad.columns  = 34, 35, 36, 39, 5\n" +
            "keypad.pullups  = external\n" +
            "keypad.diodes   = true\n" +
            "keypad.map      = 1 2 3 call end / 4 5 6 hold mute / 7 8 9 vol+ vol- / * 0 # up down / ok left xfer conf -\n";
    }
}
