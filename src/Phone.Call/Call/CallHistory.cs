namespace Phone.Call
{
    /// <summary>
    /// The most recent calls, newest first, in a fixed ring of slots so the history can never grow past its
    /// capacity on a device with a few hundred kilobytes of heap. Missed calls are counted until viewed; the
    /// count goes on even when old entries fall out of the ring.
    /// </summary>
    public sealed class CallHistory
    {
        public const int DefaultCapacity = 10;

        private readonly HistoryEntry[] slots;
        private int newest = -1;
        private int count;

        public CallHistory(int capacity)
        {
            slots = new HistoryEntry[capacity < 1 ? 1 : capacity];
        }

        public int Capacity
        {
            get { return slots.Length; }
        }

        public int Count
        {
            get { return count; }
        }

        /// <summary>Grows with every entry added, so an owner can tell when to save the history again.</summary>
        public int Changes { get; private set; }

        /// <summary>Missed calls since the history was last viewed.</summary>
        public int MissedUnseen { get; private set; }

        /// <summary>index 0 is the newest entry.</summary>
        public HistoryEntry Get(int index)
        {
            if (index < 0 || index >= count) throw new System.ArgumentOutOfRangeException("index");
            int at = newest - index;
            if (at < 0) at += slots.Length;
            return slots[at];
        }

        public void Add(HistoryKind kind, string label, string uri, long atMs)
        {
            newest++;
            if (newest == slots.Length) newest = 0;
            HistoryEntry e = slots[newest];
            if (e == null)
            {
                e = new HistoryEntry();
                slots[newest] = e;
            }
            e.Kind = kind;
            e.Label = label;
            e.Uri = uri;
            e.AtMs = atMs;
            if (count < slots.Length) count++;
            if (kind == HistoryKind.Missed) MissedUnseen++;
            Changes++;
        }

        public void MarkSeen()
        {
            MissedUnseen = 0;
        }
    }
}
