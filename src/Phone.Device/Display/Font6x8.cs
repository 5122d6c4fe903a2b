namespace Phone.Device.Display
{
    /// <summary>
    /// The handset's 6x8 bitmap font: our own 5x7 glyphs for printable ASCII (32..126) in a 6x8 cell (one
    /// blank column on the right between characters, the bottom row free except for descenders g j p q y
    /// and the underscore), plus 6x8 status icons. Glyph columns come out in SSD1306 GDDRAM byte form
    /// (LSB = top pixel, datasheet §8.7), so drawing a character is six byte stores into one page.
    /// </summary>
    /// <remarks>
    /// The glyphs are kept below as pictures ('#' = lit), so they can be read and corrected by eye; the
    /// static constructor turns them once into 6 column bytes per glyph (about 660 bytes of RAM). Lookups
    /// after that allocate nothing.
    /// </remarks>
    public static class Font6x8
    {
        public const int CellWidth = 6;
        public const int CellHeight = 8;

        /// <summary>Glyph index of the first printable ASCII character, ' '.</summary>
        public const int FirstChar = 32;
        public const int LastChar = 126;

        // Icon glyph indices follow the 95 ASCII glyphs.
        public const int IconRegistered = 95;
        public const int IconNotRegistered = 96;
        public const int IconRegistering = 97;
        public const int IconRegistrationFailed = 98;
        public const int IconLocked = 99;
        public const int IconUnlocked = 100;
        public const int IconMuted = 101;
        public const int IconHeld = 102;
        public const int IconDnd = 103;
        public const int IconMissed = 104;

        /// <summary>Signal bar n (1..4) lit is IconBar1 + n - 1; a bar not reached is IconBarOff.</summary>
        public const int IconBar1 = 105;
        public const int IconBarOff = 109;

        /// <summary>Voicemail waiting: the two reels of a tape joined below.</summary>
        public const int IconVoicemail = 110;

        public const int GlyphCount = 111;

        private static readonly byte[] s_columns = new byte[GlyphCount * CellWidth];

        // The picture rows of ASCII: block b, row r is s_ascii[b * 8 + r]; glyph k of the block starts at k * 6.
        private static readonly string[] s_ascii =
        {
            //       !     "     #     $     %     &     '     (     )     *     +     ,     -     .     /
            "..... ..#.. .#.#. .#.#. ..#.. ##... .##.. ..#.. ...#. .#... ..... ..... ..... ..... ..... .....",
            "..... ..#.. .#.#. .#.#. .#### ##..# #..#. ..#.. ..#.. ..#.. ..#.. ..#.. ..... ..... ..... ....#",
            "..... ..#.. .#.#. ##### #.#.. ...#. #.#.. .#... .#... ...#. #.#.# ..#.. ..... ..... ..... ...#.",
            "..... ..#.. ..... .#.#. .###. ..#.. .#... ..... .#... ...#. .###. ##### ..... ##### ..... ..#..",
            "..... ..#.. ..... ##### ..#.# .#... #.#.# ..... .#... ...#. #.#.# ..#.. ..... ..... ..... .#...",
            "..... ..... ..... .#.#. ####. #..## #..#. ..... ..#.. ..#.. ..#.. ..#.. .##.. ..... .##.. #....",
            "..... ..#.. ..... .#.#. ..#.. ...## .##.# ..... ...#. .#... ..... ..... ..#.. ..... .##.. .....",
            "..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... .#... ..... ..... .....",

            // 0     1     2     3     4     5     6     7     8     9     :     ;     <     =     >     ?
            ".###. ..#.. .###. ##### ...#. ##### ..##. ##### .###. .###. ..... ..... ...#. ..... .#... .###.",
            "#...# .##.. #...# ...#. ..##. #.... .#... ....# #...# #...# .##.. .##.. ..#.. ..... ..#.. #...#",
            "#..## ..#.. ....# ..#.. .#.#. ####. #.... ...#. #...# #...# .##.. .##.. .#... ##### ...#. ....#",
            "#.#.# ..#.. ...#. ...#. #..#. ....# ####. ..#.. .###. .#### ..... ..... #.... ..... ....# ...#.",
            "##..# ..#.. ..#.. ....# ##### ....# #...# .#... #...# ....# .##.. .##.. .#... ##### ...#. ..#..",
            "#...# ..#.. .#... #...# ...#. #...# #...# .#... #...# ...#. .##.. ..#.. ..#.. ..... ..#.. .....",
            ".###. .###. ##### .###. ...#. .###. .###. .#... .###. .##.. ..... .#... ...#. ..... .#... ..#..",
            "..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... .....",

            // @     A     B     C     D     E     F     G     H     I     J     K     L     M     N     O
            ".###. .###. ####. .###. ###.. ##### ##### .###. #...# .###. ..### #...# #.... #...# #...# .###.",
            "#...# #...# #...# #...# #..#. #.... #.... #...# #...# ..#.. ...#. #..#. #.... ##.## #...# #...#",
            "....# #...# #...# #.... #...# #.... #.... #.... #...# ..#.. ...#. #.#.. #.... #.#.# ##..# #...#",
            ".##.# ##### ####. #.... #...# ####. ####. #.### ##### ..#.. ...#. ##... #.... #.#.# #.#.# #...#",
            "#.#.# #...# #...# #.... #...# #.... #.... #...# #...# ..#.. ...#. #.#.. #.... #...# #..## #...#",
            "#.#.# #...# #...# #...# #..#. #.... #.... #...# #...# ..#.. #..#. #..#. #.... #...# #...# #...#",
            ".###. #...# ####. .###. ###.. ##### #.... .#### #...# .###. .##.. #...# ##### #...# #...# .###.",
            "..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... .....",

            // P     Q     R     S     T     U     V     W     X     Y     Z     [     \\    ]     ^     _
            "####. .###. ####. .#### ##### #...# #...# #...# #...# #...# ##### .###. ..... .###. ..#.. .....",
            "#...# #...# #...# #.... ..#.. #...# #...# #...# #...# #...# ....# .#... #.... ...#. .#.#. .....",
            "#...# #...# #...# #.... ..#.. #...# #...# #...# .#.#. .#.#. ...#. .#... .#... ...#. #...# .....",
            "####. #...# ####. .###. ..#.. #...# #...# #.#.# ..#.. ..#.. ..#.. .#... ..#.. ...#. ..... .....",
            "#.... #.#.# #.#.. ....# ..#.. #...# #...# #.#.# .#.#. ..#.. .#... .#... ...#. ...#. ..... .....",
            "#.... #..#. #..#. ....# ..#.. #...# .#.#. #.#.# #...# ..#.. #.... .#... ....# ...#. ..... .....",
            "#.... .##.# #...# ####. ..#.. .###. ..#.. .#.#. #...# ..#.. ##### .###. ..... .###. ..... .....",
            "..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... #####",

            // `     a     b     c     d     e     f     g     h     i     j     k     l     m     n     o
            ".#... ..... #.... ..... ....# ..... ..##. ..... #.... ..#.. ...#. #.... .##.. ..... ..... .....",
            "..#.. ..... #.... ..... ....# ..... .#..# ..... #.... ..... ..... #.... ..#.. ..... ..... .....",
            "...#. .###. #.##. .###. .##.# .###. .#... .#### #.##. .##.. ..##. #..#. ..#.. ##.#. #.##. .###.",
            "..... ....# ##..# #.... #..## #...# ###.. #...# ##..# ..#.. ...#. #.#.. ..#.. #.#.# ##..# #...#",
            "..... .#### #...# #.... #...# ##### .#... #...# #...# ..#.. ...#. ##... ..#.. #.#.# #...# #...#",
            "..... #...# #...# #...# #...# #.... .#... .#### #...# ..#.. ...#. #.#.. ..#.. #...# #...# #...#",
            "..... .#### ####. .###. .#### .###. .#... ....# #...# .###. #..#. #..#. .###. #...# #...# .###.",
            "..... ..... ..... ..... ..... ..... ..... .###. ..... ..... .##.. ..... ..... ..... ..... .....",

            // p     q     r     s     t     u     v     w     x     y     z     {     |     }     ~
            "..... ..... ..... ..... .#... ..... ..... ..... ..... ..... ..... ...#. ..#.. .#... .....",
            "..... ..... ..... ..... .#... ..... ..... ..... ..... ..... ..... ..#.. ..#.. ..#.. .....",
            "####. .#### #.##. .#### ###.. #...# #...# #...# #...# #...# ##### ..#.. ..#.. ..#.. .#...",
            "#...# #...# ##..# #.... .#... #...# #...# #...# .#.#. #...# ...#. .#... ..#.. ...#. #.#.#",
            "#...# #...# #.... .###. .#... #...# #...# #.#.# ..#.. #...# ..#.. ..#.. ..#.. ..#.. ...#.",
            "####. .#### #.... ....# .#..# #..## .#.#. #.#.# .#.#. .#### .#... ..#.. ..#.. ..#.. .....",
            "#.... ....# #.... ####. ..##. .##.# ..#.. .#.#. #...# ....# ##### ...#. ..#.. .#... .....",
            "#.... ....# ..... ..... ..... ..... ..... ..... ..... .###. ..... ..... ..... ..... .....",
        };

        // Status icons, 8 per block, 6 columns each (they may use the whole cell), separated by one blank.
        private static readonly string[] s_icons =
        {
            // Registered NotRegistered Registering RegistrationFailed Locked Unlocked Muted Held
            "...... ...... #####. .###.. .###.. .###.. ...... ......",
            ".....# #...#. #...#. ##.##. #...#. #...#. .#.... ##.##.",
            "....## .#.#.. .#.#.. ##.##. #...#. #..... ##.#.# ##.##.",
            "#..##. ..#... ..#... ##.##. #####. #####. ##..#. ##.##.",
            "####.. .#.#.. .#.#.. #####. ##.##. ##.##. ##.#.# ##.##.",
            ".##... #...#. #.#.#. ##.##. ##.##. ##.##. .#.... ##.##.",
            "...... ...... #####. .###.. #####. #####. ...... ......",
            "...... ...... ...... ...... ...... ...... ...... ......",

            // Dnd Missed Bar1 Bar2 Bar3 Bar4 BarOff Voicemail
            ".###.. ...... ...... ...... ...... .####. ...... ......",
            "#...#. ###### ...... ...... .####. .####. ...... ......",
            "#...#. ##..## ...... ...... .####. .####. ...... .#..#.",
            "#####. #.##.# ...... .####. .####. .####. ...... #.##.#",
            "#...#. #....# ...... .####. .####. .####. ...... .####.",
            "#...#. ###### .####. .####. .####. .####. ...... ......",
            ".###.. ...... .####. .####. .####. .####. .#..#. ......",
            "...... ...... ...... ...... ...... ...... ...... ......",
        };

        static Font6x8()
        {
            Load(s_ascii, 16, 5, 0, 95);
            Load(s_icons, 8, 6, IconRegistered, GlyphCount - IconRegistered);
        }

        /// <summary>Glyph index of a character; anything outside 32..126 draws as '?'.</summary>
        public static int GlyphOf(char c)
        {
            if (c < (char)FirstChar || c > (char)LastChar) return '?' - FirstChar;
            return c - FirstChar;
        }

        /// <summary>Column x (0..5) of a glyph as a GDDRAM byte (bit 0 = top row); 0 for indices out of range.</summary>
        public static byte Column(int glyph, int x)
        {
            if (glyph < 0 || glyph >= GlyphCount || x < 0 || x >= CellWidth) return 0;
            return s_columns[glyph * CellWidth + x];
        }

        // Turns picture rows into column bytes: glyph g of block b occupies characters [g * (width + 1), + width).
        private static void Load(string[] rows, int perBlock, int width, int firstGlyph, int count)
        {
            for (int i = 0; i < count; i++)
            {
                int block = i / perBlock;
                int start = (i % perBlock) * (width + 1);
                int glyph = firstGlyph + i;
                for (int y = 0; y < CellHeight; y++)
                {
                    string row = rows[block * CellHeight + y];
                    for (int x = 0; x < width; x++)
                    {
                        if (row[start + x] == '#') s_columns[glyph * CellWidth + x] |= (byte)(1 << y);
                    }
                }
            }
        }
    }
}
