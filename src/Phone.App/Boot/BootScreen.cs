using Phone.Ui;

namespace Phone.App.Boot
{
    /// <summary>
    /// The text screen shown before the phone's own screen exists and in provisioning mode: one line per boot step
    /// (storage, configuration, crypto self-test, Wi-Fi, clock) so a phone that cannot come up says why on its
    /// display. Lines longer than the 21 columns wrap onto the next row. Never shows a secret (the soft-AP
    /// password is shown only in provisioning mode, where showing it is its purpose).
    /// </summary>
    public sealed class BootScreen
    {
        private readonly TextScreen _screen = new TextScreen();

        public TextScreen Screen
        {
            get { return _screen; }
        }

        /// <summary>Writes text from row on, wrapping at the screen width; returns the next free row.</summary>
        public int Line(int row, string text)
        {
            if (text == null)
            {
                text = "";
            }

            int at = 0;
            do
            {
                if (row >= TextScreen.Rows)
                {
                    return row;
                }

                int n = text.Length - at;
                if (n > TextScreen.Columns)
                {
                    n = TextScreen.Columns;
                }

                _screen.Begin();
                if (n > 0)
                {
                    _screen.Put(text.Substring(at, n));
                }

                _screen.End(row);
                at += n;
                row++;
            }
            while (at < text.Length);
            return row;
        }

        public void Clear()
        {
            for (int r = 0; r < TextScreen.Rows; r++)
            {
                _screen.Begin();
                _screen.End(r);
            }
        }
    }
}
