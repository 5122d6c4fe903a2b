namespace Phone.Call
{
    /// <summary>
    /// Commands emitted by the state machine, oldest first, until the caller clears them. The command objects
    /// are recycled so that steady operation allocates nothing; the array only grows if a caller never clears.
    /// </summary>
    public sealed class CommandQueue
    {
        private PhoneCommand[] items;
        private int count;

        public CommandQueue(int capacity)
        {
            items = new PhoneCommand[capacity < 1 ? 1 : capacity];
        }

        public int Count
        {
            get { return count; }
        }

        public PhoneCommand this[int index]
        {
            get
            {
                if (index < 0 || index >= count) throw new System.ArgumentOutOfRangeException("index");
                return items[index];
            }
        }

        /// <summary>Forgets all commands; their objects are reused by the next ones.</summary>
        public void Clear()
        {
            count = 0;
        }

        internal PhoneCommand Add(PhoneCommandKind kind, int callId)
        {
            if (count == items.Length)
            {
                PhoneCommand[] bigger = new PhoneCommand[items.Length * 2];
                System.Array.Copy(items, bigger, items.Length);
                items = bigger;
            }
            PhoneCommand c = items[count];
            if (c == null)
            {
                c = new PhoneCommand();
                items[count] = c;
            }
            count++;
            c.Reset(kind, callId);
            return c;
        }
    }
}
