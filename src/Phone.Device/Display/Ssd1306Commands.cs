namespace Phone.Device.Display
{
    /// <summary>
    /// SSD1306 command bytes (Solomon Systech SSD1306 datasheet Rev 1.1, §9 "Command Table" and §10
    /// "Command Descriptions") and the framing the firmware writes over I2C: every write starts with the
    /// control byte of §8.1.5.2 (Co bit 7, D/C# bit 6, then six zeros): 0x00 = the rest are commands,
    /// 0x40 = the rest are GDDRAM data. Build-time helpers allocate; <see cref="WriteWindow"/> does not.
    /// </summary>
    public static class Ssd1306Commands
    {
        /// <summary>7-bit I2C address with SA0 low (§8.1.5.1: 0111100); SA0 high gives 0x3D.</summary>
        public const byte DefaultAddress = 0x3C;

        /// <summary>Control byte: Co = 0, D/C# = 0 (a stream of command bytes follows).</summary>
        public const byte ControlCommands = 0x00;

        /// <summary>Control byte: Co = 0, D/C# = 1 (a stream of GDDRAM bytes follows).</summary>
        public const byte ControlData = 0x40;

        // §10.1 Fundamental commands
        /// <summary>0x81, A: contrast 1..256 steps (reset 0x7F).</summary>
        public const byte SetContrast = 0x81;

        /// <summary>0xA4: show the RAM content (0xA5 lights every pixel).</summary>
        public const byte ResumeToRam = 0xA4;
        public const byte EntireDisplayOn = 0xA5;

        /// <summary>0xA6: a set RAM bit lights the pixel; 0xA7 inverts the whole panel.</summary>
        public const byte NormalDisplay = 0xA6;
        public const byte InverseDisplay = 0xA7;

        /// <summary>0xAE: sleep mode; 0xAF: display on.</summary>
        public const byte DisplayOff = 0xAE;
        public const byte DisplayOn = 0xAF;

        // §10.2 Scrolling
        public const byte DeactivateScroll = 0x2E;

        // §10.1.3-§10.1.5 Addressing
        /// <summary>0x20, A[1:0]: 00 horizontal, 01 vertical, 10 page addressing (reset).</summary>
        public const byte SetMemoryAddressingMode = 0x20;
        public const byte HorizontalAddressing = 0x00;

        /// <summary>0x21, A[6:0], B[6:0]: column start and end (horizontal/vertical mode).</summary>
        public const byte SetColumnAddress = 0x21;

        /// <summary>0x22, A[2:0], B[2:0]: page start and end (horizontal/vertical mode).</summary>
        public const byte SetPageAddress = 0x22;

        // §10.1.6-§10.1.19 Hardware configuration and timing
        /// <summary>0x40 | line: RAM row shown on the top line (0..63).</summary>
        public const byte SetDisplayStartLine = 0x40;

        /// <summary>0xA0: column 0 drives SEG0; 0xA1: column 127 drives SEG0 (mirror).</summary>
        public const byte SegmentRemapNormal = 0xA0;
        public const byte SegmentRemapMirrored = 0xA1;

        /// <summary>0xA8, A[5:0]: multiplex ratio = A + 1 rows (15..63).</summary>
        public const byte SetMultiplexRatio = 0xA8;

        /// <summary>0xC0: scan COM0 to COM[N-1]; 0xC8: COM[N-1] to COM0 (vertical flip).</summary>
        public const byte ComScanIncrement = 0xC0;
        public const byte ComScanDecrement = 0xC8;

        /// <summary>0xD3, A[5:0]: vertical shift by COM.</summary>
        public const byte SetDisplayOffset = 0xD3;

        /// <summary>0xDA, A: 0x02 | A[4] alternative COM pins | A[5] left/right remap (reset 0x12).</summary>
        public const byte SetComPins = 0xDA;

        /// <summary>0xD5, A: A[3:0] clock divide ratio - 1, A[7:4] oscillator frequency (reset 0x80).</summary>
        public const byte SetClockDivide = 0xD5;

        /// <summary>0xD9, A: A[3:0] phase 1, A[7:4] phase 2 in DCLKs (reset 0x22).</summary>
        public const byte SetPrechargePeriod = 0xD9;

        /// <summary>0xDB, A[6:4]: VCOMH deselect level: 0x00 ~0.65 Vcc, 0x20 ~0.77 Vcc (reset), 0x30 ~0.83 Vcc.</summary>
        public const byte SetVcomhDeselect = 0xDB;

        /// <summary>0x8D, A: charge pump setting (application note "Charge Pump Regulator": 0x14 enable, 0x10 disable).</summary>
        public const byte ChargePump = 0x8D;
        public const byte ChargePumpEnable = 0x14;

        /// <summary>0xE3: no operation.</summary>
        public const byte Nop = 0xE3;

        /// <summary>
        /// The power-on command stream for a 128-column panel of 64 (or 32) rows on the internal charge pump,
        /// control byte first, in the order of the datasheet's "Software initialization" flow chart
        /// (application note, Figure 2): display off, clock, multiplex, offset, start line, charge pump,
        /// horizontal addressing (so one window write fills a page span), segment/COM orientation,
        /// COM pins, contrast, pre-charge, VCOMH, RAM content, normal video, scroll off, display on.
        /// rotate180 mirrors both axes (panel mounted upside down). Allocates the array.
        /// </summary>
        public static byte[] BuildInit(int height, bool rotate180, byte contrast)
        {
            bool rows32 = height == 32;
            return new byte[]
            {
                ControlCommands,
                DisplayOff,
                SetClockDivide, 0x80,                    // reset value: divide 1, mid oscillator
                SetMultiplexRatio, (byte)(rows32 ? 0x1F : 0x3F),
                SetDisplayOffset, 0x00,
                SetDisplayStartLine,                      // | 0: line 0
                ChargePump, ChargePumpEnable,
                SetMemoryAddressingMode, HorizontalAddressing,
                rotate180 ? SegmentRemapNormal : SegmentRemapMirrored,
                rotate180 ? ComScanIncrement : ComScanDecrement,
                SetComPins, (byte)(rows32 ? 0x02 : 0x12), // 128x32 panels wire COMs sequentially
                SetContrast, contrast,
                SetPrechargePeriod, 0xF1,                 // long phase 2 suits the internal charge pump
                SetVcomhDeselect, 0x20,                   // reset value, ~0.77 Vcc
                ResumeToRam,
                NormalDisplay,
                DeactivateScroll,
                DisplayOn
            };
        }

        /// <summary>BuildInit for the handset's 128x64 panel, upright, contrast 0xCF.</summary>
        public static byte[] BuildInit()
        {
            return BuildInit(64, false, 0xCF);
        }

        /// <summary>
        /// Writes the command stream that points GDDRAM writes at one page, columns first..last
        /// (horizontal addressing: 0x21 first last, 0x22 page page), control byte first, into dest[offset..].
        /// The data write that follows is <see cref="ControlData"/> and the span's bytes
        /// (<see cref="FrameBuffer.CopyDirty"/>). Returns the length (7), or 0 when arguments are out of range
        /// (nothing written).
        /// </summary>
        public static int WriteWindow(byte[] dest, int offset, int page, int firstColumn, int lastColumn)
        {
            if (dest == null || offset < 0 || offset > dest.Length - WindowLength) return 0;
            if (page < 0 || page >= FrameBuffer.Pages) return 0;
            if (firstColumn < 0 || lastColumn >= FrameBuffer.Width || firstColumn > lastColumn) return 0;
            dest[offset] = ControlCommands;
            dest[offset + 1] = SetColumnAddress;
            dest[offset + 2] = (byte)firstColumn;
            dest[offset + 3] = (byte)lastColumn;
            dest[offset + 4] = SetPageAddress;
            dest[offset + 5] = (byte)page;
            dest[offset + 6] = (byte)page;
            return WindowLength;
        }

        /// <summary>Bytes <see cref="WriteWindow"/> writes.</summary>
        public const int WindowLength = 7;

        /// <summary>A two-byte command stream (control byte, command), e.g. DisplayOff before sleep.</summary>
        public static byte[] Single(byte command)
        {
            return new byte[] { ControlCommands, command };
        }
    }
}
