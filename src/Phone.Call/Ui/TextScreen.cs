namespace Phone.Ui
{
    /// <summary>
    /// A 21x8 character screen (a 128x64 OLED with a 6x8 font) with a dirty-row mask, so the device redraws
    /// only rows whose text changed. A row is written by Begin, Put..., End(row); End compares with what the
    /// row holds and marks it dirty only on a difference. Writing allocates nothing.
    /// </summary>
    public sealed class TextScreen
    {
        public const int Columns = 21;
        public const int Rows = 8;

        /// <summary>Every row's bit set.</summary>
        public const int AllRows = (1 << Rows) - 1;

        private readonly char[][] rows = new char[Rows][];
        private readonly char[] scratch = new char[Columns];
        private readonly char[] number = new char[11];
        private int length;
        private int dirty = AllRows;

        public TextScreen()
        {
            for (int r = 0; r < Rows; r++)
            {
                char[] row = new char[Columns];
                for (int c = 0; c < Columns; c++) row[c] = ' ';
                rows[r] = row;
            }
        }

        /// <summary>Bit r set: row r changed since the last ClearDirty. All rows start dirty so the first frame is drawn.</summary>
        public int DirtyMask
        {
            get { return dirty; }
        }

        public bool IsDirty(int row)
        {
            return (dirty & (1 << row)) != 0;
        }

        /// <summary>Called by the device after it has redrawn the dirty rows.</summary>
        public void ClearDirty()
        {
            dirty = 0;
        }

        public char CharAt(int row, int column)
        {
            return rows[row][column];
        }

        /// <summary>Copies a row's 21 characters into dest at offset, without allocating.</summary>
        public void CopyRow(int row, char[] dest, int offset)
        {
            System.Array.Copy(rows[row], 0, dest, offset, Columns);
        }

        /// <summary>The row as a 21-character string (allocates; for tests and logs).</summary>
        public string Line(int row)
        {
            return new string(rows[row]);
        }

        public void Begin()
        {
            length = 0;
        }

        /// <summary>Characters beyond column 21 are dropped; ones the 6x8 ASCII font cannot draw become '?'.</summary>
        public void Put(char c)
        {
            if (length >= Columns) return;
            scratch[length++] = (c < ' ' || c > '~') ? '?' : c;
        }

        public void Put(string s)
        {
            if (s == null) return;
            for (int i = 0; i < s.Length && length < Columns; i++) Put(s[i]);
        }

        public void Put(char[] chars, int offset, int count)
        {
            for (int i = 0; i < count && length < Columns; i++) Put(chars[offset + i]);
        }

        public void PutNumber(int n)
        {
            if (n < 0)
            {
                Put('-');
                // -n overflows for int.MinValue; show its magnitude through a long.
                PutNumber((long)-(long)n);
                return;
            }
            PutNumber((long)n);
        }

        /// <summary>At least two digits, e.g. 07 (minutes and seconds).</summary>
        public void PutTwoDigits(int n)
        {
            if (n < 10) Put('0');
            PutNumber(n);
        }

        /// <summary>Fills with blanks up to (not including) column.</summary>
        public void PadTo(int column)
        {
            while (length < column && length < Columns) scratch[length++] = ' ';
        }

        public int Column
        {
            get { return length; }
        }

        /// <summary>Pads the written text with blanks and stores it as row, marking the row dirty if it changed.</summary>
        public void End(int row)
        {
            PadTo(Columns);
            char[] target = rows[row];
            bool changed = false;
            for (int c = 0; c < Columns; c++)
            {
                if (target[c] != scratch[c])
                {
                    target[c] = scratch[c];
                    changed = true;
                }
            }
            if (changed) dirty |= 1 << row;
        }

        private void PutNumber(long n)
        {
            int k = 0;
            do
            {
                number[k++] = (char)('0' + (int)(n % 10));
                n /= 10;
            } while (n > 0 && k < number.Length);
            while (k > 0) Put(number[--k]);
        }
    }
}
