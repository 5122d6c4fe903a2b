using Phone.Call;
using Phone.Device.Input;

namespace Phone.Device.Board
{
    /// <summary>
    /// Reads a board profile (hardware/profiles/*.board) into a <see cref="BoardProfile"/>.
    /// Format, one setting per line (full description in hardware/README.md):
    /// <code>
    /// # comment             (whole lines only: '#' inside a value is the # key)
    /// key = value           (keys case-insensitive; blanks around key and value ignored)
    /// keypad.rows = 13, 14  (pin lists are comma-separated)
    /// keypad.map = 1 2 3 call end / 4 5 6 hold mute / ...
    /// </code>
    /// keypad.map is read by Phone.Device.Input.KeyMap (rows split by "/", top row first; positions by
    /// blanks, left column first; "-" for no key); this parser then checks it against the keypad's
    /// GPIO lists and the keys a handset needs.
    /// Bounded (file, line, error count) and it never throws: every problem comes back as a
    /// <see cref="BoardError"/> with its line. After the text is read, <see cref="Esp32PinRules"/>
    /// checks the wiring.
    /// </summary>
    public sealed class BoardProfileParser
    {
        /// <summary>Largest profile accepted, in bytes.</summary>
        public const int MaxFileBytes = 8192;

        /// <summary>Longest line, in bytes without CR/LF.</summary>
        public const int MaxLineBytes = 160;

        /// <summary>Errors reported before reading stops (one TooManyErrors entry follows).</summary>
        public const int MaxErrors = 32;

        // Key ids: index into KeyNames and into the profile's line table.
        internal const int KeyBoardName = 0;
        internal const int KeyBoardModule = 1;
        internal const int KeyBoardFirmware = 2;
        internal const int KeyMicBus = 3;
        internal const int KeyMicBck = 4;
        internal const int KeyMicWs = 5;
        internal const int KeyMicData = 6;
        internal const int KeyMicRate = 7;
        internal const int KeyMicSlotBits = 8;
        internal const int KeyMicChannel = 9;
        internal const int KeyMicPart = 10;
        internal const int KeyMicSckMin = 11;
        internal const int KeyMicSckMax = 12;
        internal const int KeySpkBus = 13;
        internal const int KeySpkBck = 14;
        internal const int KeySpkWs = 15;
        internal const int KeySpkData = 16;
        internal const int KeySpkRate = 17;
        internal const int KeySpkSlotBits = 18;
        internal const int KeyAmpPart = 19;
        internal const int KeyAmpEnable = 20;
        internal const int KeyDisplayPart = 21;
        internal const int KeyDisplayBus = 22;
        internal const int KeyDisplaySda = 23;
        internal const int KeyDisplayScl = 24;
        internal const int KeyDisplayHz = 25;
        internal const int KeyDisplayAddress = 26;
        internal const int KeyDisplayWidth = 27;
        internal const int KeyDisplayHeight = 28;
        internal const int KeyKeypadRows = 29;
        internal const int KeyKeypadColumns = 30;
        internal const int KeyKeypadPullups = 31;
        internal const int KeyKeypadDiodes = 32;
        internal const int KeyKeypadMap = 33;
        internal const int KeyCount = 34;

        static readonly string[] KeyNames = new string[]
        {
            "board.name", "board.module", "board.firmware",
            "i2s.mic.bus", "i2s.mic.bck", "i2s.mic.ws", "i2s.mic.data", "i2s.mic.rate", "i2s.mic.slot_bits", "i2s.mic.channel",
            "mic.part", "mic.sck_min_hz", "mic.sck_max_hz",
            "i2s.spk.bus", "i2s.spk.bck", "i2s.spk.ws", "i2s.spk.data", "i2s.spk.rate", "i2s.spk.slot_bits",
            "amp.part", "amp.enable",
            "display.part", "display.i2c.bus", "display.i2c.sda", "display.i2c.scl", "display.i2c.hz", "display.address",
            "display.width", "display.height",
            "keypad.rows", "keypad.columns", "keypad.pullups", "keypad.diodes", "keypad.map"
        };

        // Keys that may be left out: board.firmware, amp.enable, display.i2c.hz.
        static bool IsOptional(int id)
        {
            return id == KeyBoardFirmware || id == KeyAmpEnable || id == KeyDisplayHz;
        }

        /// <summary>Name of a key id, for messages and tools.</summary>
        internal static string KeyName(int id)
        {
            return KeyNames[id];
        }

        // Keys every handset needs: digits, * and #, the call keys, volume and navigation, with the
        // name KeyMap knows each by (for the message when one is missing).
        static readonly PhoneKey[] RequiredKeys = new PhoneKey[]
        {
            PhoneKey.D0, PhoneKey.D1, PhoneKey.D2, PhoneKey.D3, PhoneKey.D4, PhoneKey.D5, PhoneKey.D6,
            PhoneKey.D7, PhoneKey.D8, PhoneKey.D9, PhoneKey.Star, PhoneKey.Pound,
            PhoneKey.Call, PhoneKey.HangUp, PhoneKey.Hold, PhoneKey.Mute, PhoneKey.VolumeUp, PhoneKey.VolumeDown,
            PhoneKey.Up, PhoneKey.Down, PhoneKey.Ok, PhoneKey.Left
        };

        static readonly string[] RequiredKeyNames = new string[]
        {
            "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#",
            "call", "end", "hold", "mute", "vol+", "vol-", "up", "down", "ok", "left"
        };

        static readonly char[] Comma = new char[] { ',' };

        readonly BoardProfile profile;
        readonly BoardProfileResult result;

        BoardProfileParser()
        {
            profile = new BoardProfile();
            result = new BoardProfileResult(profile);
        }

        /// <summary>Parses ASCII profile text in <c>data[offset .. offset+count)</c>. Never throws.</summary>
        public static BoardProfileResult Parse(byte[] data, int offset, int count)
        {
            BoardProfileParser p = new BoardProfileParser();
            if (data == null || offset < 0 || count < 0 || offset > data.Length || count > data.Length - offset)
            {
                p.result.Add(BoardErrorCode.InvalidInput, 0, null, "no buffer, or bounds outside it");
                return p.result;
            }

            if (count > MaxFileBytes)
            {
                p.result.Add(BoardErrorCode.FileTooLarge, 0, null, "at most " + MaxFileBytes.ToString() + " bytes");
                return p.result;
            }

            p.ReadLines(data, offset, count);
            if (!p.result.IsFull)
            {
                p.CheckMissing();
            }

            if (!p.result.IsFull)
            {
                p.CheckKeyMap();
            }

            if (!p.result.IsFull)
            {
                Esp32PinRules.Check(p.profile, p.result);
            }

            return p.result;
        }

        void ReadLines(byte[] data, int offset, int count)
        {
            int end = offset + count;
            int lineStart = offset;
            int lineNumber = 0;
            while (lineStart < end && !result.IsFull)
            {
                lineNumber++;
                int lineEnd = lineStart;
                while (lineEnd < end && data[lineEnd] != (byte)'\n')
                {
                    lineEnd++;
                }

                int next = lineEnd + 1;
                int contentEnd = lineEnd;
                if (contentEnd > lineStart && data[contentEnd - 1] == (byte)'\r')
                {
                    contentEnd--;
                }

                ReadLine(data, lineStart, contentEnd - lineStart, lineNumber);
                lineStart = next;
            }
        }

        void ReadLine(byte[] data, int start, int length, int line)
        {
            if (length > MaxLineBytes)
            {
                result.Add(BoardErrorCode.LineTooLong, line, null, "at most " + MaxLineBytes.ToString() + " bytes per line");
                return;
            }

            // Printable ASCII and TAB only: the profile names pins and parts, nothing needs more, and a
            // stray byte is more likely a corrupted file than intent.
            char[] chars = new char[length];
            for (int i = 0; i < length; i++)
            {
                byte b = data[start + i];
                if (b == 9)
                {
                    chars[i] = ' ';
                }
                else if (b < 0x20 || b > 0x7E)
                {
                    result.Add(BoardErrorCode.BadCharacter, line, null, "printable ASCII only");
                    return;
                }
                else
                {
                    chars[i] = (char)b;
                }
            }

            // Comments are whole lines: a '#' after '=' is a value (the # key in keypad.map).
            string text = new string(chars, 0, length).Trim();
            if (text.Length == 0 || text[0] == '#')
            {
                return;
            }

            int eq = text.IndexOf('=');
            if (eq <= 0)
            {
                result.Add(BoardErrorCode.SyntaxError, line, null, "expected key = value");
                return;
            }

            string key = text.Substring(0, eq).Trim().ToLower();
            string value = text.Substring(eq + 1).Trim();
            int id = -1;
            for (int i = 0; i < KeyNames.Length; i++)
            {
                if (KeyNames[i] == key)
                {
                    id = i;
                    break;
                }
            }

            if (id < 0)
            {
                result.Add(BoardErrorCode.UnknownKey, line, key, "not a board profile key");
                return;
            }

            if (profile.LineOf(id) != 0)
            {
                result.Add(BoardErrorCode.DuplicateKey, line, key, "first given on line " + profile.LineOf(id).ToString());
                return;
            }

            profile.SetLine(id, line);
            if (value.Length == 0)
            {
                result.Add(BoardErrorCode.BadValue, line, key, "a value is required");
                return;
            }

            ReadValue(id, key, value, line);
        }

        void ReadValue(int id, string key, string value, int line)
        {
            int n;
            switch (id)
            {
                case KeyBoardName:
                    if (IsName(value)) profile.Name = value;
                    else result.Add(BoardErrorCode.BadValue, line, key, "1-32 letters, digits, '-', '_', '.'");
                    break;
                case KeyBoardFirmware:
                    if (IsName(value)) profile.FirmwareTarget = value;
                    else result.Add(BoardErrorCode.BadValue, line, key, "a nanoFramework target name, e.g. ESP32_PSRAM_REV3");
                    break;
                case KeyMicPart:
                    if (IsName(value)) profile.MicPart = value;
                    else result.Add(BoardErrorCode.BadValue, line, key, "a part number");
                    break;
                case KeyAmpPart:
                    if (IsName(value)) profile.AmpPart = value;
                    else result.Add(BoardErrorCode.BadValue, line, key, "a part number");
                    break;
                case KeyDisplayPart:
                    if (value.ToLower() == "ssd1306") profile.DisplayPart = "SSD1306";
                    else result.Add(BoardErrorCode.BadValue, line, key, "SSD1306");
                    break;
                case KeyBoardModule:
                    ReadModule(key, value, line);
                    break;

                case KeyMicBus:
                    if (Number(key, value, line, 1, 2, "1 (I2S0) or 2 (I2S1)", out n)) profile.MicBus = n;
                    break;
                case KeySpkBus:
                    if (Number(key, value, line, 1, 2, "1 (I2S0) or 2 (I2S1)", out n)) profile.SpeakerBus = n;
                    break;
                case KeyDisplayBus:
                    if (Number(key, value, line, 1, 2, "1 or 2", out n)) profile.DisplayI2cBus = n;
                    break;

                case KeyMicBck: Pin(key, value, line, BoardPinRole.MicBck); break;
                case KeyMicWs: Pin(key, value, line, BoardPinRole.MicWs); break;
                case KeyMicData: Pin(key, value, line, BoardPinRole.MicData); break;
                case KeySpkBck: Pin(key, value, line, BoardPinRole.SpeakerBck); break;
                case KeySpkWs: Pin(key, value, line, BoardPinRole.SpeakerWs); break;
                case KeySpkData: Pin(key, value, line, BoardPinRole.SpeakerData); break;
                case KeyAmpEnable: Pin(key, value, line, BoardPinRole.AmpEnable); break;
                case KeyDisplaySda: Pin(key, value, line, BoardPinRole.DisplaySda); break;
                case KeyDisplayScl: Pin(key, value, line, BoardPinRole.DisplayScl); break;

                case KeyMicRate:
                    if (Number(key, value, line, 8000, 96000, "8000..96000 Hz", out n)) profile.MicSampleRate = n;
                    break;
                case KeySpkRate:
                    if (Number(key, value, line, 8000, 96000, "8000..96000 Hz", out n)) profile.SpeakerSampleRate = n;
                    break;
                case KeyMicSlotBits:
                    // The capture path reads 32-bit slots (24- or 18-bit MEMS samples, left-justified).
                    if (Number(key, value, line, 32, 32, "32", out n)) profile.MicSlotBits = n;
                    break;
                case KeySpkSlotBits:
                    if (Number(key, value, line, 16, 32, "16 or 32", out n))
                    {
                        if (n == 16 || n == 32) profile.SpeakerSlotBits = n;
                        else result.Add(BoardErrorCode.OutOfRange, line, key, "16 or 32");
                    }

                    break;
                case KeyMicChannel:
                    string ch = value.ToLower();
                    if (ch == "left") profile.MicRightChannel = false;
                    else if (ch == "right") profile.MicRightChannel = true;
                    else result.Add(BoardErrorCode.BadValue, line, key, "left or right");
                    break;
                case KeyMicSckMin:
                    if (Number(key, value, line, 1, 50000000, "1..50000000 Hz", out n)) profile.MicSckMinHz = n;
                    break;
                case KeyMicSckMax:
                    if (Number(key, value, line, 1, 50000000, "1..50000000 Hz", out n)) profile.MicSckMaxHz = n;
                    break;
                case KeyDisplayHz:
                    if (Number(key, value, line, 100000, 400000, "100000 or 400000", out n))
                    {
                        if (n == 100000 || n == 400000) profile.DisplayI2cHz = n;
                        else result.Add(BoardErrorCode.OutOfRange, line, key, "100000 or 400000");
                    }

                    break;
                case KeyDisplayAddress:
                    // 7-bit addresses; 0x00-0x07 and 0x78-0x7F are reserved by the I2C specification (UM10204 §3.1.12).
                    if (Number(key, value, line, 0x08, 0x77, "0x08..0x77", out n)) profile.DisplayAddress = n;
                    break;
                case KeyDisplayWidth:
                    if (Number(key, value, line, 1, 256, "1..256", out n)) profile.DisplayWidth = n;
                    break;
                case KeyDisplayHeight:
                    if (Number(key, value, line, 1, 256, "1..256", out n)) profile.DisplayHeight = n;
                    break;

                case KeyKeypadRows:
                    profile.KeypadRows = PinList(key, value, line, BoardPinRole.KeypadRow);
                    break;
                case KeyKeypadColumns:
                    profile.KeypadColumns = PinList(key, value, line, BoardPinRole.KeypadColumn);
                    break;
                case KeyKeypadPullups:
                    string pu = value.ToLower();
                    if (pu == "external") profile.KeypadExternalPullUps = true;
                    else if (pu == "internal") profile.KeypadExternalPullUps = false;
                    else result.Add(BoardErrorCode.BadValue, line, key, "internal or external");
                    break;
                case KeyKeypadDiodes:
                    string d = value.ToLower();
                    if (d == "true") profile.KeypadDiodes = true;
                    else if (d == "false") profile.KeypadDiodes = false;
                    else result.Add(BoardErrorCode.BadValue, line, key, "true or false");
                    break;

                case KeyKeypadMap:
                    profile.KeypadMap = value;
                    ReadKeyMap(key, value, line);
                    break;
            }
        }

        void ReadModule(string key, string value, int line)
        {
            string m = value.ToLower();
            if (m == "esp32-wrover-e") profile.Module = BoardModule.Esp32WroverE;
            else if (m == "esp32-wrover-ie") profile.Module = BoardModule.Esp32WroverIE;
            else if (m == "esp32-wroom-32e") profile.Module = BoardModule.Esp32Wroom32E;
            else if (m == "esp32-wroom-32ue") profile.Module = BoardModule.Esp32Wroom32UE;
            else result.Add(BoardErrorCode.BadValue, line, key, "ESP32-WROVER-E, ESP32-WROVER-IE, ESP32-WROOM-32E or ESP32-WROOM-32UE");
        }

        void Pin(string key, string value, int line, BoardPinRole role)
        {
            int gpio;
            if (!Number(key, value, line, 0, 39, "GPIO 0..39", out gpio))
            {
                return;
            }

            switch (role)
            {
                case BoardPinRole.MicBck: profile.MicBck = gpio; break;
                case BoardPinRole.MicWs: profile.MicWs = gpio; break;
                case BoardPinRole.MicData: profile.MicData = gpio; break;
                case BoardPinRole.SpeakerBck: profile.SpeakerBck = gpio; break;
                case BoardPinRole.SpeakerWs: profile.SpeakerWs = gpio; break;
                case BoardPinRole.SpeakerData: profile.SpeakerData = gpio; break;
                case BoardPinRole.AmpEnable: profile.AmpEnable = gpio; break;
                case BoardPinRole.DisplaySda: profile.DisplaySda = gpio; break;
                case BoardPinRole.DisplayScl: profile.DisplayScl = gpio; break;
            }

            profile.AddPin(new BoardPin(gpio, role, 0, line, key));
        }

        int[] PinList(string key, string value, int line, BoardPinRole role)
        {
            string[] items = value.Split(Comma);
            if (items.Length > BoardProfile.MaxKeypadLines)
            {
                result.Add(BoardErrorCode.OutOfRange, line, key, "1.." + BoardProfile.MaxKeypadLines.ToString() + " pins");
                return new int[0];
            }

            int[] pins = new int[items.Length];
            for (int i = 0; i < items.Length; i++)
            {
                int gpio;
                if (!Number(key, items[i].Trim(), line, 0, 39, "comma-separated GPIOs 0..39", out gpio))
                {
                    return new int[0];
                }

                pins[i] = gpio;
            }

            for (int i = 0; i < pins.Length; i++)
            {
                profile.AddPin(new BoardPin(pins[i], role, i, line, key));
            }

            return pins;
        }

        // The syntax is KeyMap's; its errors map onto ours (duplicates and shape get their own codes).
        void ReadKeyMap(string key, string value, int line)
        {
            KeyMapResult map = KeyMap.Parse(value);
            if (map.Ok)
            {
                profile.KeypadKeys = map.Map;
                return;
            }

            switch (map.Error)
            {
                case KeyMapError.DuplicateKey:
                    result.Add(BoardErrorCode.KeyMapDuplicate, line, key, "a key placed twice (aliases count as the same key)");
                    break;
                case KeyMapError.TooManyRows:
                case KeyMapError.TooManyColumns:
                case KeyMapError.RowLengthMismatch:
                case KeyMapError.EmptyRow:
                    result.Add(BoardErrorCode.KeyMapShape, line, key, "rows split by '/', each with the same number of positions ('-' for none), at most " + KeyMap.MaxLines.ToString() + " by " + KeyMap.MaxLines.ToString());
                    break;
                default:
                    result.Add(BoardErrorCode.BadValue, line, key, "keys: 0-9 * # call end hold mute vol+ vol- up down left right ok dnd xfer conf, - for none");
                    break;
            }
        }

        void CheckMissing()
        {
            for (int id = 0; id < KeyCount; id++)
            {
                if (!IsOptional(id) && profile.LineOf(id) == 0)
                {
                    result.Add(BoardErrorCode.MissingKey, 0, KeyNames[id], "required");
                }
            }

            if (profile.LineOf(KeyDisplayHz) == 0)
            {
                profile.DisplayI2cHz = 400000;
            }
        }

        // The key map must be as tall as the row list and as wide as the column list, hold no key
        // twice and every key the phone needs.
        void CheckKeyMap()
        {
            int rows = profile.KeypadRows.Length;
            int columns = profile.KeypadColumns.Length;
            if (rows == 0 || columns == 0)
            {
                // keypad.rows/columns missing or malformed: already reported.
                return;
            }

            int mapLine = profile.LineOf(KeyKeypadMap);
            KeyMap map = profile.KeypadKeys;
            if (map == null)
            {
                // keypad.map missing or malformed: already reported.
                return;
            }

            if (map.Rows != rows || map.Columns != columns)
            {
                result.Add(BoardErrorCode.KeyMapShape, mapLine, KeyNames[KeyKeypadMap],
                    "map is " + map.Rows.ToString() + "x" + map.Columns.ToString() + ", keypad.rows x keypad.columns is " + rows.ToString() + "x" + columns.ToString());
                return;
            }

            for (int i = 0; i < RequiredKeys.Length; i++)
            {
                int row;
                int column;
                if (!map.Find(RequiredKeys[i], out row, out column))
                {
                    result.Add(BoardErrorCode.KeyMapMissing, mapLine, KeyNames[KeyKeypadMap], "key '" + RequiredKeyNames[i] + "' is not in the key map");
                }
            }
        }

        // Decimal digits, or 0x and hex digits; no sign, no blanks. Reports BadValue/OutOfRange.
        bool Number(string key, string value, int line, int min, int max, string expected, out int n)
        {
            n = 0;
            int start = 0;
            int radix = 10;
            if (value.Length > 2 && value[0] == '0' && (value[1] == 'x' || value[1] == 'X'))
            {
                start = 2;
                radix = 16;
            }

            if (value.Length == start)
            {
                result.Add(BoardErrorCode.BadValue, line, key, expected);
                return false;
            }

            long v = 0;
            for (int i = start; i < value.Length; i++)
            {
                int digit = DigitValue(value[i], radix);
                if (digit < 0)
                {
                    result.Add(BoardErrorCode.BadValue, line, key, expected);
                    return false;
                }

                if (v <= 0x7FFFFFFF)
                {
                    v = v * radix + digit;
                }
            }

            if (v < min || v > max)
            {
                result.Add(BoardErrorCode.OutOfRange, line, key, expected);
                return false;
            }

            n = (int)v;
            return true;
        }

        static int DigitValue(char c, int radix)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (radix == 16)
            {
                if (c >= 'a' && c <= 'f') return c - 'a' + 10;
                if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            }

            return -1;
        }

        static bool IsName(string value)
        {
            if (value.Length < 1 || value.Length > 32)
            {
                return false;
            }

            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
