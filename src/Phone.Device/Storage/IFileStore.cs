namespace Phone.Device.Storage
{
    /// <summary>
    /// The few file operations the phone needs on its internal flash volume. Each member maps to one call of
    /// nanoFramework's System.IO.FileSystem (File.Exists, File.OpenRead + FileStream.Length/Read,
    /// File.Create + FileStream.Write/Flush, File.Delete, File.Move), so the device implementation is a thin
    /// wrapper that prefixes the volume root (I:\). Names are plain file names without a directory.
    /// Implementations may throw (IOException) on a flash or volume failure; callers treat any exception as
    /// "operation did not happen or state unknown" and rely on <see cref="ConfigStore"/>'s journal.
    /// Atomicity assumed from the volume (LittleFS, which commits metadata copy-on-write): Delete and Rename
    /// either happen completely or not at all across a power cut; a Write interrupted by a power cut may leave
    /// a file of any prefix of the data.
    /// </summary>
    public interface IFileStore
    {
        /// <summary>True when the file exists.</summary>
        bool Exists(string name);

        /// <summary>Size in bytes, or -1 when the file does not exist.</summary>
        int Length(string name);

        /// <summary>
        /// The whole file, or null when it does not exist or is longer than <paramref name="maxBytes"/>;
        /// never allocates more than maxBytes, so a huge or corrupt file cannot exhaust the heap.
        /// </summary>
        byte[] ReadAll(string name, int maxBytes);

        /// <summary>Creates the file (truncating an existing one), writes data[offset .. offset+count), flushes and closes it.</summary>
        void Write(string name, byte[] data, int offset, int count);

        /// <summary>Removes the file; no error when it does not exist.</summary>
        void Delete(string name);

        /// <summary>Renames <paramref name="from"/> to <paramref name="to"/>; <paramref name="to"/> must not exist (File.Move).</summary>
        void Rename(string from, string to);
    }
}
