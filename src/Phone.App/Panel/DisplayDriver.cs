using Phone.Device.Display;
using Phone.App.Drivers;
using Phone.Ui;

namespace Phone.App.Panel
{
    /// <summary>
    /// Keeps the SSD1306 in step with a TextScreen: Phone.Device's ScreenRenderer draws the screen's dirty rows into
    /// the FrameBuffer (which records the changed column span per page), and Flush sends, for each dirty page only,
    /// the addressing window (Ssd1306Commands.WriteWindow) and the changed bytes (FrameBuffer.CopyDirty). A typical
    /// update (the call timer) is one page span of a few characters: well under 1 ms of I2C at 400 kHz.
    /// On a bus error the page stays dirty and the next Flush retries it; after repeated errors the panel is
    /// re-initialised once (a glitch on the bus can reset the controller), never throwing.
    /// </summary>
    public sealed class DisplayDriver
    {
        private readonly IDisplayPanel _panel;
        private readonly FrameBuffer _frame = new FrameBuffer();
        private readonly ScreenRenderer _renderer;
        private readonly byte[] _window = new byte[Ssd1306Commands.WindowLength];
        private readonly byte[] _span = new byte[FrameBuffer.Width];
        private int _errorsSinceInit;

        public DisplayDriver(IDisplayPanel panel)
        {
            _panel = panel;
            _renderer = new ScreenRenderer(_frame);
            _renderer.StatusGlyphs = true;
        }

        public ScreenRenderer Renderer
        {
            get { return _renderer; }
        }

        public bool Working
        {
            get { return _panel.IsOpen; }
        }

        /// <summary>Sends the controller's init sequence (BuildInit: 128×64, charge pump on, display on) and marks everything for redraw.</summary>
        public bool Initialise()
        {
            byte[] init = Ssd1306Commands.BuildInit();

            // BuildInit starts with the command control byte; Ssd1306Panel adds its own.
            bool ok = _panel.Commands(init, 1, init.Length - 1);
            _frame.MarkAllDirty();
            _renderer.Invalidate();
            _errorsSinceInit = 0;
            return ok;
        }

        /// <summary>Draws the screen's dirty rows and sends the changed spans. icons null draws row 0 as text.</summary>
        public void Show(TextScreen screen, StatusIcons icons)
        {
            _renderer.Render(screen, icons);
            Flush();
        }

        private void Flush()
        {
            if (!_panel.IsOpen)
            {
                return;
            }

            for (int page = 0; page < FrameBuffer.Pages; page++)
            {
                if (!_frame.IsPageDirty(page))
                {
                    continue;
                }

                int first = _frame.DirtyFirstColumn(page);
                int last = _frame.DirtyLastColumn(page);
                int w = Ssd1306Commands.WriteWindow(_window, 0, page, first, last);
                int n = _frame.CopyDirty(page, _span, 0);
                if (w == 0 || n == 0)
                {
                    _frame.ClearDirty(page);
                    continue;
                }

                if (_panel.Commands(_window, 1, w - 1) && _panel.Data(_span, 0, n))
                {
                    _frame.ClearDirty(page);
                }
                else if (++_errorsSinceInit == 8)
                {
                    Initialise();
                    return;
                }
            }
        }
    }
}
