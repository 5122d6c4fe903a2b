using System;
using System.IO;
using Phone.Device.Storage;

namespace Phone.Host.Tests.App
{
    /// <summary>
    /// A flash volume whose power can be cut at the Nth change (write, delete or rename) after <see cref="Arm"/>: a
    /// write is torn (the first half of its bytes reach the file), a delete or rename does not happen (LittleFS makes
    /// both atomic), and from then on every call fails as the chip is unpowered — until <see cref="Disarm"/> (power on).
    /// </summary>
    internal sealed class PowerCutFileStore : IFileStore
    {
        private readonly IFileStore _inner;
        private readonly object _lock = new object();
        private int _cutAt;
        private int _changes;

        public PowerCutFileStore(IFileStore inner) => _inner = inner;

        /// <summary>The power went at the armed change.</summary>
        public bool Cut { get; private set; }

        /// <summary>What the armed change was ("Write nf.new", ...).</summary>
        public string CutDuring { get; private set; }

        /// <summary>Changes seen since Arm.</summary>
        public int Changes { get { lock (_lock) return _changes; } }

        public void Arm(int changeNumber)
        {
            lock (_lock) { _cutAt = changeNumber; _changes = 0; Cut = false; CutDuring = null; }
        }

        public void Disarm()
        {
            lock (_lock) { _cutAt = 0; Cut = false; }
        }

        public bool Exists(string name) { Alive(); return _inner.Exists(name); }

        public int Length(string name) { Alive(); return _inner.Length(name); }

        public byte[] ReadAll(string name, int maxBytes) { Alive(); return _inner.ReadAll(name, maxBytes); }

        public void Write(string name, byte[] data, int offset, int count)
        {
            if (Change("Write " + name)) { _inner.Write(name, data, offset, count / 2); throw Unpowered(); }
            _inner.Write(name, data, offset, count);
        }

        public void Delete(string name)
        {
            if (Change("Delete " + name)) throw Unpowered();
            _inner.Delete(name);
        }

        public void Rename(string from, string to)
        {
            if (Change("Rename " + from + " " + to)) throw Unpowered();
            _inner.Rename(from, to);
        }

        private bool Change(string what)
        {
            lock (_lock)
            {
                Alive();
                if (_cutAt == 0) return false;
                if (++_changes != _cutAt) return false;
                Cut = true;
                CutDuring = what;
                return true;
            }
        }

        private void Alive()
        {
            if (Cut) throw Unpowered();
        }

        private static IOException Unpowered() => new IOException("power cut");
    }
}
