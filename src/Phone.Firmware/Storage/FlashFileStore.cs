using System;
using System.IO;
using Phone.Device.Storage;

namespace Phone.Firmware.Storage
{
    /// <summary>
    /// IFileStore on the ESP32's internal flash volume I:\ (LittleFS in nanoFramework's ESP32 firmware), one
    /// System.IO.FileSystem call per member as the interface describes. Names are plain file names; the root is
    /// prefixed here. Exceptions from the volume (IOException) pass through to ConfigStore, which treats any
    /// exception as "did not happen or unknown" and repairs with its journal.
    /// </summary>
    public sealed class FlashFileStore : IFileStore
    {
        /// <summary>The internal flash volume of nanoFramework's ESP32 targets.</summary>
        public const string Root = "I:\\";

        private readonly string _root;

        public FlashFileStore(string root)
        {
            _root = root == null ? Root : root;
        }

        /// <summary>
        /// Waits until the volume answers (the firmware mounts it before managed code runs, but a freshly erased
        /// flash is formatted on first use): up to timeoutMs, polling Directory.Exists. False when it never does.
        /// </summary>
        public bool WaitMounted(int timeoutMs)
        {
            for (int waited = 0; waited <= timeoutMs; waited += 100)
            {
                try
                {
                    if (Directory.Exists(_root))
                    {
                        return true;
                    }
                }
                catch (Exception)
                {
                }

                System.Threading.Thread.Sleep(100);
            }

            return false;
        }

        public bool Exists(string name)
        {
            return File.Exists(_root + name);
        }

        public int Length(string name)
        {
            string path = _root + name;
            if (!File.Exists(path))
            {
                return -1;
            }

            FileStream f = new FileStream(path, FileMode.Open, FileAccess.Read);
            try
            {
                return (int)f.Length;
            }
            finally
            {
                f.Dispose();
            }
        }

        public byte[] ReadAll(string name, int maxBytes)
        {
            string path = _root + name;
            if (!File.Exists(path))
            {
                return null;
            }

            FileStream f = new FileStream(path, FileMode.Open, FileAccess.Read);
            try
            {
                long length = f.Length;
                if (length > maxBytes || length < 0)
                {
                    return null;
                }

                byte[] data = new byte[(int)length];
                int got = 0;
                while (got < data.Length)
                {
                    int n = f.Read(data, got, data.Length - got);
                    if (n <= 0)
                    {
                        throw new IOException("short read");
                    }

                    got += n;
                }

                return data;
            }
            finally
            {
                f.Dispose();
            }
        }

        public void Write(string name, byte[] data, int offset, int count)
        {
            FileStream f = new FileStream(_root + name, FileMode.Create, FileAccess.Write);
            try
            {
                f.Write(data, offset, count);
                f.Flush();
            }
            finally
            {
                f.Dispose();
            }
        }

        public void Delete(string name)
        {
            string path = _root + name;
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }

        public void Rename(string from, string to)
        {
            File.Move(_root + from, _root + to);
        }
    }
}
