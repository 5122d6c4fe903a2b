namespace Phone.Call
{
    /// <summary>
    /// Commands emitted by the state machine, oldest first. A caller either takes them one at a time
    /// (<see cref="TryTake"/>: executing one may emit more, which queue behind it) or reads them all and clears.
    /// The command objects are recycled so that steady operation allocates nothing; the array only grows if a
    /// caller never takes or clears.
    /// </summary>
    public sealed class CommandQueue
    {
        private PhoneCommand[] items;
        private int head;
        private int count;

        public CommandQueue(int capacity)
        {
            items = new PhoneCommand[capacity < 1 ? 1 : capacity];
        }

        /// <summary>Commands not yet taken.</summary>
        public int Count
        {
            get { return count - head; }
        }

        public PhoneCommand this[int index]
        {
            get
            {
                if (index < 0 || index >= count - head) throw new System.ArgumentOutOfRangeException("index");
                return items[head + index];
            }
        }

        /// <summary>Forgets all commands; their objects are reused by the next ones.</summary>
        public void Clear()
        {
            head = 0;
            count = 0;
        }

        /// <summary>
        /// Copies the oldest command into <paramref name="into"/> and removes it; false when none is left. The copy
        /// stays valid while the caller executes it, even when that execution emits new commands into this queue.
        /// </summary>
        public bool TryTake(PhoneCommand into)
        {
            if (head == count)
            {
                return false;
            }

            into.CopyFrom(items[head]);
            head++;
            if (head == count)
            {
                head = 0;
                count = 0;
            }

            return true;
        }

        internal PhoneCommand Add(PhoneCommandKind kind, int callId)
        {
            if (count == items.Length && head > 0)
            {
                // Taken commands free their slots at the front: move the live ones down, keep every object.
                int live = count - head;
                for (int i = 0; i < live; i++)
                {
                    PhoneCommand t = items[i];
                    items[i] = items[head + i];
                    items[head + i] = t;
                }

                head = 0;
                count = live;
            }

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
