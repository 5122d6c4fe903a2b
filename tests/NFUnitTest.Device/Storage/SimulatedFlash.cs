using System;
using System.Collections;
using System.IO;
using Phone.Device.Storage;

namespace Phone.Tests.Device.Storage
{
    /// <summary>
    /// An in-memory flash volume with the semantics ConfigStore may rely on (see IFileStore): Delete and
    /// Rename are atomic, Rename refuses an existing target like File.Move. It can cut the power after N
    /// operations (every member counts as one); the cut operation and all later ones throw
    /// PowerCutException until PowerOn. A Write hit by the cut can be torn: a prefix of the data
    /// (TearEighths/8 of it) is left in the file, which is the worst a power loss can do to a file write.
    /// It can also flip a bit in every written file, to model a bad flash page.
    /// </summary>
    public sealed class SimulatedFlash : IFileStore
    {
        readonly ArrayList _names = new ArrayList();
        readonly ArrayList _contents = new ArrayList();
        int _opsLeft = -1;
        bool _off;

        /// <summary>Operations performed since construction (also counts the one a cut hit).</summary>
        public int Operations;

        /// <summary>Write calls performed.</summary>
        public int Writes;

        /// <summary>-1: a Write hit by the cut leaves nothing; 0..8: leaves that many eighths of the data.</summary>
        public int TearEighths = -1;

        /// <summary>When true every Write stores the data with its first bit inverted.</summary>
        public bool CorruptWrites;

        /// <summary>The next <paramref name="operations"/> calls succeed, the one after loses power.</summary>
        public void CutAfter(int operations, int tearEighths)
        {
            _opsLeft = operations;
            TearEighths = tearEighths;
        }

        /// <summary>Power restored, no cut pending (a reboot).</summary>
        public void PowerOn()
        {
            _off = false;
            _opsLeft = -1;
        }

        public bool PoweredOff { get { return _off; } }

        public void Put(string name, byte[] data)
        {
            int i = IndexOf(name);
            byte[] copy = new byte[data.Length];
            Array.Copy(data, copy, data.Length);
            if (i < 0)
            {
                _names.Add(name);
                _contents.Add(copy);
            }
            else
            {
                _contents[i] = copy;
            }
        }

        /// <summary>The stored bytes without counting an operation, or null.</summary>
        public byte[] Peek(string name)
        {
            int i = IndexOf(name);
            return i < 0 ? null : (byte[])_contents[i];
        }

        /// <summary>All names, sorted by insertion, joined with ',' (to compare whole-volume states).</summary>
        public string Snapshot()
        {
            string s = string.Empty;
            for (int i = 0; i < _names.Count; i++)
            {
                byte[] c = (byte[])_contents[i];
                s = s + (string)_names[i] + ":" + c.Length.ToString() + ":" + Phone.Crypto.HexText.ToLower(ConfigStore.ComputeDigest(c, 0, c.Length), 0, 4) + ";";
            }

            return s;
        }

        public bool Exists(string name)
        {
            Step();
            return IndexOf(name) >= 0;
        }

        public int Length(string name)
        {
            Step();
            int i = IndexOf(name);
            return i < 0 ? -1 : ((byte[])_contents[i]).Length;
        }

        public byte[] ReadAll(string name, int maxBytes)
        {
            Step();
            int i = IndexOf(name);
            if (i < 0)
            {
                return null;
            }

            byte[] c = (byte[])_contents[i];
            if (c.Length > maxBytes)
            {
                return null;
            }

            byte[] copy = new byte[c.Length];
            Array.Copy(c, copy, c.Length);
            return copy;
        }

        public void Write(string name, byte[] data, int offset, int count)
        {
            Writes++;
            bool wasOff = _off;
            if (Cutting())
            {
                if (!wasOff && TearEighths >= 0)
                {
                    byte[] part = new byte[count * TearEighths / 8];
                    Array.Copy(data, offset, part, 0, part.Length);
                    Put(name, part);
                }

                throw new PowerCutException();
            }

            byte[] copy = new byte[count];
            Array.Copy(data, offset, copy, 0, count);
            if (CorruptWrites && count > 0)
            {
                copy[0] ^= 0x01;
            }

            Put(name, copy);
        }

        public void Delete(string name)
        {
            Step();
            int i = IndexOf(name);
            if (i >= 0)
            {
                _names.RemoveAt(i);
                _contents.RemoveAt(i);
            }
        }

        public void Rename(string from, string to)
        {
            Step();
            int i = IndexOf(from);
            if (i < 0 || IndexOf(to) >= 0)
            {
                throw new IOException("rename " + from + " -> " + to);
            }

            _names[i] = to;
        }

        void Step()
        {
            if (Cutting())
            {
                throw new PowerCutException();
            }
        }

        /// <summary>Counts the operation; true when the power goes (or went) off at it.</summary>
        bool Cutting()
        {
            Operations++;
            if (_off)
            {
                return true;
            }

            if (_opsLeft == 0)
            {
                _off = true;
                return true;
            }

            if (_opsLeft > 0)
            {
                _opsLeft--;
            }

            return false;
        }

        int IndexOf(string name)
        {
            for (int i = 0; i < _names.Count; i++)
            {
                if ((string)_names[i] == name)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
