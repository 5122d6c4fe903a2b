using System;
using Phone.Call;
using Phone.Crypto;

namespace Phone.Device.Storage
{
    /// <summary>
    /// Keeps the call history on flash as calls.txt (HistoryText) the way ConfigStore keeps nf.config: the new list is
    /// written aside as calls.txt.new and read back, the marker calls.txt.commit (the lower-case hex SHA-256 of the new
    /// text) commits it, then the old file is removed and the new one renamed into place. <see cref="Load"/> finishes a
    /// committed save or drops an uncommitted one first, so a power cut at any step leaves the old or the new list.
    /// Relies on Delete and Rename being atomic on the volume (LittleFS); a torn write shows as a digest mismatch.
    /// </summary>
    public sealed class HistoryStore
    {
        public const string CurrentName = "calls.txt";
        public const string NewName = "calls.txt.new";
        public const string MarkerName = "calls.txt.commit";

        private const int MarkerLength = Sha256.DigestLength * 2;

        private readonly IFileStore _files;
        private readonly int _maxBytes;

        /// <param name="capacity">entries the history holds (bounds what is read back).</param>
        public HistoryStore(IFileStore files, int capacity)
        {
            _files = files;
            _maxBytes = HistoryText.MaxBytes(capacity);
        }

        /// <summary>
        /// Boot: recovers an interrupted save, then adds the stored entries to history (oldest first) at time atMs.
        /// Returns how many were loaded; 0 when there is no file or it is unreadable. Never throws.
        /// </summary>
        public int Load(CallHistory history, long atMs)
        {
            try
            {
                Recover();
                byte[] text = _files.ReadAll(CurrentName, _maxBytes);
                if (text == null) return 0;
                int taken = HistoryText.Decode(text, text.Length, history, atMs);
                return taken < 0 ? 0 : taken;
            }
            catch (Exception)
            {
                return 0;
            }
        }

        /// <summary>Stores history in place of the saved list. False when the flash failed (the old list stays). Never throws.</summary>
        public bool Save(CallHistory history)
        {
            byte[] text = HistoryText.Encode(history);
            try
            {
                Recover();
                _files.Delete(NewName);
                _files.Write(NewName, text, 0, text.Length);
                byte[] back = _files.ReadAll(NewName, _maxBytes);
                if (back == null || !Same(back, text))
                {
                    _files.Delete(NewName);
                    return false;
                }
                _files.Write(MarkerName, Marker(text), 0, MarkerLength);
                // Committed: from here on a power cut is finished by Recover, never undone.
                RollForward();
                return true;
            }
            catch (Exception)
            {
                return false;
            }
        }

        /// <summary>Finishes a committed save (marker matching calls.txt.new) or removes an uncommitted one's leftovers.</summary>
        private void Recover()
        {
            bool marker = _files.Exists(MarkerName);
            bool fresh = _files.Exists(NewName);
            if (!marker)
            {
                if (fresh) _files.Delete(NewName);
                return;
            }
            if (fresh && MarkerMatchesNew())
            {
                RollForward();
                return;
            }
            // A torn marker, or the rename already done: marker first, so a cut in between reads as "roll back".
            _files.Delete(MarkerName);
            if (fresh) _files.Delete(NewName);
        }

        private bool MarkerMatchesNew()
        {
            byte[] marker = _files.ReadAll(MarkerName, MarkerLength);
            byte[] fresh = _files.ReadAll(NewName, _maxBytes);
            return marker != null && fresh != null && Same(marker, Marker(fresh));
        }

        /// <summary>The swap after commit; every state it leaves after a cut is recognised again by Recover.</summary>
        private void RollForward()
        {
            if (_files.Exists(NewName))
            {
                _files.Delete(CurrentName);
                _files.Rename(NewName, CurrentName);
            }
            _files.Delete(MarkerName);
        }

        private static byte[] Marker(byte[] text)
        {
            byte[] digest = ConfigStore.ComputeDigest(text, 0, text.Length);
            byte[] hex = new byte[MarkerLength];
            HexText.WriteLower(digest, 0, digest.Length, hex, 0);
            return hex;
        }

        private static bool Same(byte[] a, byte[] b)
        {
            if (a.Length != b.Length) return false;
            for (int i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i]) return false;
            }
            return true;
        }
    }
}
