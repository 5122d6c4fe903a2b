namespace Phone.Device.Board
{
    /// <summary>One problem in a board profile: code, 1-based line (0 when it belongs to no line), key, detail.</summary>
    public sealed class BoardError
    {
        public BoardError(BoardErrorCode code, int line, string key, string detail)
        {
            Code = code;
            Line = line;
            Key = key;
            Detail = detail;
        }

        public BoardErrorCode Code { get; private set; }

        /// <summary>1-based physical line; 0 for a missing key or a whole-file problem.</summary>
        public int Line { get; private set; }

        /// <summary>Lower-case key, or null when the line had none.</summary>
        public string Key { get; private set; }

        /// <summary>What was expected, in words.</summary>
        public string Detail { get; private set; }

        /// <summary>E.g. "line 14 keypad.rows: StrappingPin: GPIO12 ...".</summary>
        public override string ToString()
        {
            string where = "line " + Line.ToString();
            if (Key != null)
            {
                where = where + " " + Key;
            }

            return where + ": " + CodeName(Code) + ": " + Detail;
        }

        /// <summary>Name of a code (enum ToString() gives only the number on the device).</summary>
        public static string CodeName(BoardErrorCode code)
        {
            switch (code)
            {
                case BoardErrorCode.InvalidInput: return "InvalidInput";
                case BoardErrorCode.FileTooLarge: return "FileTooLarge";
                case BoardErrorCode.LineTooLong: return "LineTooLong";
                case BoardErrorCode.BadCharacter: return "BadCharacter";
                case BoardErrorCode.SyntaxError: return "SyntaxError";
                case BoardErrorCode.UnknownKey: return "UnknownKey";
                case BoardErrorCode.DuplicateKey: return "DuplicateKey";
                case BoardErrorCode.BadValue: return "BadValue";
                case BoardErrorCode.OutOfRange: return "OutOfRange";
                case BoardErrorCode.MissingKey: return "MissingKey";
                case BoardErrorCode.TooManyErrors: return "TooManyErrors";
                case BoardErrorCode.NoSuchPin: return "NoSuchPin";
                case BoardErrorCode.FlashPin: return "FlashPin";
                case BoardErrorCode.PsramPin: return "PsramPin";
                case BoardErrorCode.ReservedPin: return "ReservedPin";
                case BoardErrorCode.StrappingPin: return "StrappingPin";
                case BoardErrorCode.InputOnlyPin: return "InputOnlyPin";
                case BoardErrorCode.PinUsedTwice: return "PinUsedTwice";
                case BoardErrorCode.NeedsExternalPullUp: return "NeedsExternalPullUp";
                case BoardErrorCode.SameI2sBus: return "SameI2sBus";
                case BoardErrorCode.MicClockOutOfRange: return "MicClockOutOfRange";
                case BoardErrorCode.UnsupportedRate: return "UnsupportedRate";
                case BoardErrorCode.KeyMapShape: return "KeyMapShape";
                case BoardErrorCode.KeyMapDuplicate: return "KeyMapDuplicate";
                case BoardErrorCode.KeyMapMissing: return "KeyMapMissing";
                default: return "Code" + ((int)code).ToString();
            }
        }
    }
}
