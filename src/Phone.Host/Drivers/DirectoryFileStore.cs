using System;
using System.IO;
using Phone.Device.Storage;

namespace Phone.Host.Drivers
{
    /// <summary>
    /// IFileStore over a host folder, the stand-in for the phone's I:\ volume. Write flushes to the disk
    /// (FileStream.Flush(true)) like the device's Flush; Rename is File.Move without overwrite, as on the device.
    /// </summary>
    public sealed class DirectoryFileStore : IFileStore
    {
        private readonly string _root;

        public DirectoryFileStore(string root)
        {
            _root = Path.GetFullPath(root);
            Directory.CreateDirectory(_root);
        }

        public string Root => _root;

        public string PathOf(string name)
        {
            if (string.IsNullOrEmpty(name) || name.IndexOfAny(new[] { '/', '\\', ':' }) >= 0 || name == "." || name == "..")
            {
                throw new ArgumentException("plain file name expected", nameof(name));
            }

            return Path.Combine(_root, name);
        }

        public bool Exists(string name) => File.Exists(PathOf(name));

        public int Length(string name)
        {
            var info = new FileInfo(PathOf(name));
            if (!info.Exists) return -1;
            return info.Length > int.MaxValue ? int.MaxValue : (int)info.Length;
        }

        public byte[] ReadAll(string name, int maxBytes)
        {
            string path = PathOf(name);
            if (!File.Exists(path)) return null;
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (fs.Length > maxBytes) return null;
            byte[] data = new byte[(int)fs.Length];
            int read = 0;
            while (read < data.Length)
            {
                int n = fs.Read(data, read, data.Length - read);
                if (n == 0) break;
                read += n;
            }

            if (read == data.Length) return data;
            byte[] shorter = new byte[read];
            Array.Copy(data, shorter, read);
            return shorter;
        }

        public void Write(string name, byte[] data, int offset, int count)
        {
            using var fs = new FileStream(PathOf(name), FileMode.Create, FileAccess.Write, FileShare.None);
            fs.Write(data, offset, count);
            fs.Flush(true);
        }

        public void Delete(string name)
        {
            string path = PathOf(name);
            if (File.Exists(path)) File.Delete(path);
        }

        public void Rename(string from, string to) => File.Move(PathOf(from), PathOf(to), false);
    }
}
