namespace Phone.Device.Display
{
    /// <summary>
    /// The 128x64 monochrome picture in the SSD1306's own memory layout, so a changed span is sent to the
    /// controller as it is stored: 8 pages of 128 column bytes, byte index = page * 128 + column, and in
    /// each byte bit 0 (LSB) is the top pixel row of the page, bit 7 the bottom one (SSD1306 datasheet
    /// §8.7 "Graphic Display Data RAM (GDDRAM)", Figure 8-13). A set bit is a lit pixel.
    /// Writes record, per page, the first and last column whose byte actually changed, so the display
    /// driver sends only those bytes (<see cref="Ssd1306Commands.WriteWindow"/>). Allocates nothing after construction.
    /// </summary>
    public sealed class FrameBuffer
    {
        public const int Width = 128;
        public const int Height = 64;

        /// <summary>Pages of 8 pixel rows each (SSD1306 PAGE0..PAGE7).</summary>
        public const int Pages = 8;

        /// <summary>Value of <see cref="DirtyFirstColumn"/> for a page with no change.</summary>
        public const int Clean = -1;

        private readonly byte[] bytes = new byte[Width * Pages];
        private readonly int[] dirtyFirst = new int[Pages];
        private readonly int[] dirtyLast = new int[Pages];

        /// <summary>A dark picture with every page dirty, so the first flush overwrites whatever the controller's RAM holds after reset.</summary>
        public FrameBuffer()
        {
            MarkAllDirty();
        }

        /// <summary>The 1024 bytes in GDDRAM order (page-major, column, LSB = top). Read-only by convention.</summary>
        public byte[] Bytes
        {
            get { return bytes; }
        }

        /// <summary>The byte at (page, column); 0 outside the picture.</summary>
        public byte Get(int page, int column)
        {
            if (page < 0 || page >= Pages || column < 0 || column >= Width) return 0;
            return bytes[page * Width + column];
        }

        /// <summary>Stores 8 vertical pixels at (page, column), marking the column dirty only if the byte changes.</summary>
        public void Set(int page, int column, byte bits)
        {
            if (page < 0 || page >= Pages || column < 0 || column >= Width) return;
            int i = page * Width + column;
            if (bytes[i] == bits) return;
            bytes[i] = bits;
            if (dirtyFirst[page] == Clean)
            {
                dirtyFirst[page] = column;
                dirtyLast[page] = column;
            }
            else if (column < dirtyFirst[page]) dirtyFirst[page] = column;
            else if (column > dirtyLast[page]) dirtyLast[page] = column;
        }

        public bool GetPixel(int x, int y)
        {
            if (x < 0 || x >= Width || y < 0 || y >= Height) return false;
            return (bytes[(y >> 3) * Width + x] & (1 << (y & 7))) != 0;
        }

        public void SetPixel(int x, int y, bool on)
        {
            if (x < 0 || x >= Width || y < 0 || y >= Height) return;
            int page = y >> 3;
            int bit = 1 << (y & 7);
            int old = bytes[page * Width + x];
            Set(page, x, (byte)(on ? old | bit : old & ~bit));
        }

        /// <summary>Sets every byte to bits (0 = dark, 0xFF = lit), marking what changed.</summary>
        public void Fill(byte bits)
        {
            for (int p = 0; p < Pages; p++)
            {
                for (int c = 0; c < Width; c++) Set(p, c, bits);
            }
        }

        /// <summary>Bit p set: page p has changed columns.</summary>
        public int DirtyPageMask
        {
            get
            {
                int mask = 0;
                for (int p = 0; p < Pages; p++)
                {
                    if (dirtyFirst[p] != Clean) mask |= 1 << p;
                }
                return mask;
            }
        }

        public bool IsPageDirty(int page)
        {
            return page >= 0 && page < Pages && dirtyFirst[page] != Clean;
        }

        /// <summary>First changed column of a page, or <see cref="Clean"/>.</summary>
        public int DirtyFirstColumn(int page)
        {
            return page >= 0 && page < Pages ? dirtyFirst[page] : Clean;
        }

        /// <summary>Last changed column of a page (inclusive), or <see cref="Clean"/>.</summary>
        public int DirtyLastColumn(int page)
        {
            return page >= 0 && page < Pages && dirtyFirst[page] != Clean ? dirtyLast[page] : Clean;
        }

        /// <summary>Marks the whole picture to be sent, e.g. after the controller was reset.</summary>
        public void MarkAllDirty()
        {
            for (int p = 0; p < Pages; p++)
            {
                dirtyFirst[p] = 0;
                dirtyLast[p] = Width - 1;
            }
        }

        /// <summary>Called once a page's dirty span has been sent.</summary>
        public void ClearDirty(int page)
        {
            if (page >= 0 && page < Pages) dirtyFirst[page] = Clean;
        }

        public void ClearDirty()
        {
            for (int p = 0; p < Pages; p++) dirtyFirst[p] = Clean;
        }

        /// <summary>
        /// Copies a page's dirty bytes (first..last column) to dest[offset..]; returns how many, 0 when the page
        /// is clean or dest is too small (nothing is copied then).
        /// </summary>
        public int CopyDirty(int page, byte[] dest, int offset)
        {
            if (!IsPageDirty(page) || dest == null || offset < 0) return 0;
            int n = dirtyLast[page] - dirtyFirst[page] + 1;
            if (offset > dest.Length - n) return 0;
            System.Array.Copy(bytes, page * Width + dirtyFirst[page], dest, offset, n);
            return n;
        }
    }
}
