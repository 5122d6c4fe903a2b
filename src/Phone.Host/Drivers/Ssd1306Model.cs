using System;
using Phone.App.Drivers;
using Phone.Device.Display;

namespace Phone.Host.Drivers
{
    /// <summary>
    /// The display as the controller sees it: an SSD1306 model that executes the command and data streams the app
    /// sends (SSD1306 datasheet §10: 0x21 column address, 0x22 page address in horizontal addressing mode, 0xAE/0xAF
    /// display off/on; other commands are taken with their parameter counts and otherwise ignored) into its own
    /// 128×64 GDDRAM. What it holds is therefore what the glass would show, built only from the bytes on the bus,
    /// never from the app's own frame buffer. Thread-safe (the loop writes, a test or the terminal reads).
    /// </summary>
    public sealed class Ssd1306Model : IDisplayPanel
    {
        private readonly object _lock = new object();
        private readonly byte[] _ram = new byte[FrameBuffer.Width * FrameBuffer.Pages];
        private int _colStart, _colEnd = FrameBuffer.Width - 1, _pageStart, _pageEnd = FrameBuffer.Pages - 1;
        private int _col, _page;
        private int _pendingCommand = -1;
        private int _pendingArgs;
        private readonly int[] _args = new int[8];
        private int _argCount;

        public bool IsOpen { get; private set; }

        /// <summary>The display is switched on (0xAF seen after the last 0xAE).</summary>
        public bool DisplayOn { get; private set; }

        /// <summary>Bytes of pixel data written so far (the app sends only what changed).</summary>
        public long DataBytes { get; private set; }

        /// <summary>Counts every write to the panel; a picture taker compares it to see a new frame.</summary>
        public long Writes { get; private set; }

        /// <summary>When set, every transfer fails (a broken bus).</summary>
        public bool FailTransfers { get; set; }

        public bool Open(int bus, int sdaPin, int sclPin, int address, int busHz)
        {
            IsOpen = true;
            return true;
        }

        public bool Commands(byte[] bytes, int offset, int count)
        {
            if (!IsOpen || FailTransfers) return false;
            lock (_lock)
            {
                for (int i = 0; i < count; i++) Command(bytes[offset + i]);
                Writes++;
            }

            return true;
        }

        public bool Data(byte[] bytes, int offset, int count)
        {
            if (!IsOpen || FailTransfers) return false;
            lock (_lock)
            {
                for (int i = 0; i < count; i++)
                {
                    _ram[_page * FrameBuffer.Width + _col] = bytes[offset + i];
                    // Horizontal addressing: column wraps to the window start and moves to the next page.
                    if (++_col > _colEnd)
                    {
                        _col = _colStart;
                        if (++_page > _pageEnd) _page = _pageStart;
                    }
                }

                DataBytes += count;
                Writes++;
            }

            return true;
        }

        /// <summary>A copy of the picture as a FrameBuffer (GDDRAM layout).</summary>
        public FrameBuffer Snapshot()
        {
            var f = new FrameBuffer();
            lock (_lock)
            {
                for (int p = 0; p < FrameBuffer.Pages; p++)
                    for (int c = 0; c < FrameBuffer.Width; c++)
                        f.Set(p, c, _ram[p * FrameBuffer.Width + c]);
            }

            return f;
        }

        /// <summary>Whether the pixel at (x, y) is lit.</summary>
        public bool Lit(int x, int y)
        {
            lock (_lock) return (_ram[(y / 8) * FrameBuffer.Width + x] & (1 << (y % 8))) != 0;
        }

        private void Command(byte b)
        {
            if (_pendingCommand >= 0)
            {
                _args[_argCount++] = b;
                if (--_pendingArgs > 0) return;
                Apply(_pendingCommand);
                _pendingCommand = -1;
                return;
            }

            int args = ArgumentCount(b);
            if (args == 0)
            {
                Apply(b);
                return;
            }

            _pendingCommand = b;
            _pendingArgs = args;
            _argCount = 0;
        }

        private void Apply(int command)
        {
            switch (command)
            {
                case 0xAE: DisplayOn = false; break;
                case 0xAF: DisplayOn = true; break;
                case 0x21:
                    _colStart = Math.Min(_args[0], FrameBuffer.Width - 1);
                    _colEnd = Math.Min(_args[1], FrameBuffer.Width - 1);
                    _col = _colStart;
                    break;
                case 0x22:
                    _pageStart = Math.Min(_args[0] & 7, FrameBuffer.Pages - 1);
                    _pageEnd = Math.Min(_args[1] & 7, FrameBuffer.Pages - 1);
                    _page = _pageStart;
                    break;
            }
        }

        /// <summary>Parameter bytes after each command byte (SSD1306 datasheet Table 9-1).</summary>
        private static int ArgumentCount(byte b)
        {
            switch (b)
            {
                case 0x21: case 0x22: return 2;
                case 0x20: case 0x81: case 0x8D: case 0xA8: case 0xD3: case 0xD5: case 0xD9: case 0xDA: case 0xDB: return 1;
                case 0x26: case 0x27: return 6;
                case 0x29: case 0x2A: return 5;
                case 0xA3: return 2;
                default: return 0;
            }
        }
    }
}
