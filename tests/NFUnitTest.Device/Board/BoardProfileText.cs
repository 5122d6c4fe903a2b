using System.Text;

namespace Phone.Tests.Device.Board
{
    /// <summary>
    /// A valid board profile as lines (the reference handset's wiring), and ways to change one line,
    /// so each test breaks exactly one rule and knows the line it must be reported on.
    /// </summary>
    internal static class BoardProfileText
    {
        public static readonly string[] Valid = new string[]
        {
            "# reference handset",
            "board.name = phone-v1",
            "board.module = ESP32-WROVER-E",
            "board.firmware = ESP32_PSRAM_REV3",
            "i2s.mic.bus = 1",
            "i2s.mic.bck = 26",
            "i2s.mic.ws = 25",
            "i2s.mic.data = 33",
            "i2s.mic.rate = 32000",
            "i2s.mic.slot_bits = 32",
            "i2s.mic.channel = left",
            "mic.part = ICS-43434",
            "mic.sck_min_hz = 1472000",
            "mic.sck_max_hz = 3302400",
            "i2s.spk.bus = 2",
            "i2s.spk.bck = 18",
            "i2s.spk.ws = 19",
            "i2s.spk.data = 23",
            "i2s.spk.rate = 8000",
            "i2s.spk.slot_bits = 16",
            "amp.part = MAX98357A",
            "amp.enable = 4",
            "display.part = SSD1306",
            "display.i2c.bus = 1",
            "display.i2c.sda = 21",
            "display.i2c.scl = 22",
            "display.i2c.hz = 400000",
            "display.address = 0x3C",
            "display.width = 128",
            "display.height = 64",
            "keypad.rows = 13, 14, 27, 32, 15",
            "keypad.columns = 34, 35, 36, 39, 5",
            "keypad.pullups = external",
            "keypad.diodes = true",
            "keypad.map = 1 2 3 call end / 4 5 6 hold mute / 7 8 9 vol+ vol- / * 0 # up down / ok left xfer conf -"
        };

        /// <summary>1-based line of the key in <see cref="Valid"/>.</summary>
        public static int LineOf(string key)
        {
            for (int i = 0; i < Valid.Length; i++)
            {
                if (Valid[i].StartsWith(key + " ="))
                {
                    return i + 1;
                }
            }

            return -1;
        }

        /// <summary>The valid text with the value of one key replaced.</summary>
        public static byte[] With(string key, string value)
        {
            return Join(Replace(Valid, key, key + " = " + value));
        }

        /// <summary>The valid text with the line of one key replaced by arbitrary text (null drops it).</summary>
        public static string[] Replace(string[] lines, string key, string line)
        {
            string[] copy = new string[lines.Length];
            for (int i = 0; i < lines.Length; i++)
            {
                copy[i] = lines[i] != null && lines[i].StartsWith(key + " =") ? line : lines[i];
            }

            return copy;
        }

        /// <summary>Lines joined with LF; null lines are left out.</summary>
        public static byte[] Join(string[] lines)
        {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < lines.Length; i++)
            {
                if (lines[i] != null)
                {
                    sb.Append(lines[i]);
                    sb.Append('\n');
                }
            }

            return Encoding.UTF8.GetBytes(sb.ToString());
        }
    }
}
