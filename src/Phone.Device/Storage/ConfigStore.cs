using System;
using Phone.Config;
using Phone.Crypto;

namespace Phone.Device.Storage
{
    /// <summary>
    /// Keeps nf.config with last-known-good semantics. An update is written aside as nf.config.new, read back,
    /// compared and validated with the core ConfigParser, then committed by writing the marker nf.config.commit
    /// (the lower-case hex SHA-256 of the new text). Only after the marker exists is the swap done: the old
    /// nf.config, if valid, becomes nf.config.prev (an invalid one is dropped so a good .prev survives), and
    /// nf.config.new is renamed to nf.config. <see cref="Recover"/> (run by Load and Update) finishes a
    /// committed swap or undoes an uncommitted one, so a power cut at any step leaves the old or the new
    /// valid file as nf.config, or a valid nf.config.prev to fall back on.
    /// Relies on Delete and Rename being atomic on the volume (LittleFS) and on nothing else; a torn write
    /// of .new or of the marker is detected by the digest in the marker.
    /// Not thread-safe: push (endpoint) and pull must reach it from one thread or under one lock.
    /// </summary>
    public sealed class ConfigStore
    {
        /// <summary>The configuration the phone boots with.</summary>
        public const string CurrentName = "nf.config";

        /// <summary>The last known good configuration before the latest update.</summary>
        public const string PreviousName = "nf.config.prev";

        /// <summary>An update being written aside.</summary>
        public const string NewName = "nf.config.new";

        /// <summary>Journal marker: present = nf.config.new is complete and verified, finish the swap.</summary>
        public const string MarkerName = "nf.config.commit";

        /// <summary>
        /// The highest [provisioning] version accepted, in decimal. Written after an update is in place; a cut before
        /// that is covered because Load takes the larger of this file and the loaded file's own version.
        /// </summary>
        public const string VersionName = "nf.config.version";

        /// <summary>Marker content: 64 lower-case hex digits of SHA-256.</summary>
        const int MarkerLength = Sha256.DigestLength * 2;

        readonly IFileStore _files;
        byte[] _digest;
        bool _digestIsCurrentFile;
        int _highest;

        public ConfigStore(IFileStore files)
        {
            _files = files;
        }

        /// <summary>SHA-256 of the configuration text in effect (loaded at boot or applied since), or null when there is none.</summary>
        public byte[] Digest { get { return _digest; } }

        /// <summary>
        /// The highest [provisioning] version accepted so far (stored in nf.config.version, at least the running
        /// file's); an update below it is refused as Downgrade unless forced.
        /// </summary>
        public int HighestVersion { get { return _highest; } }

        /// <summary>SHA-256 of data[offset .. offset+count).</summary>
        public static byte[] ComputeDigest(byte[] data, int offset, int count)
        {
            Sha256 sha = new Sha256();
            sha.Update(data, offset, count);
            byte[] digest = new byte[Sha256.DigestLength];
            sha.Finish(digest, 0);
            return digest;
        }

        /// <summary>
        /// Boot: finishes or undoes an interrupted update, then uses nf.config if valid, else nf.config.prev if
        /// valid, else nothing (provisioning mode). Never throws.
        /// </summary>
        public ConfigLoadResult Load()
        {
            ConfigRecovery recovery = Recover();
            _digest = null;
            _digestIsCurrentFile = false;
            _highest = ReadVersion();

            ConfigError[] rejected;
            byte[] text = ReadConfigFile(CurrentName, out rejected);
            ConfigResult parsed = null;
            if (text != null)
            {
                parsed = ConfigParser.Parse(text, 0, text.Length);
                if (parsed.IsValid)
                {
                    _digest = ComputeDigest(text, 0, text.Length);
                    _digestIsCurrentFile = true;
                    Raise(parsed.Config.Provisioning.Version);
                    return new ConfigLoadResult(ConfigSource.Current, recovery, parsed.Config, _digest, new ConfigError[0], string.Empty);
                }

                rejected = parsed.Errors;
            }

            string why = Describe(rejected);
            ConfigError[] ignored;
            text = ReadConfigFile(PreviousName, out ignored);
            if (text != null)
            {
                parsed = ConfigParser.Parse(text, 0, text.Length);
                if (parsed.IsValid)
                {
                    _digest = ComputeDigest(text, 0, text.Length);
                    Raise(parsed.Config.Provisioning.Version);
                    return new ConfigLoadResult(ConfigSource.Previous, recovery, parsed.Config, _digest, rejected, why + "; using previous");
                }
            }

            return new ConfigLoadResult(ConfigSource.None, recovery, null, null, rejected, why + "; provisioning mode");
        }

        /// <summary>
        /// Stores a new nf.config if it validates. Refused or failed updates leave the stored files as they
        /// were (a failure mid-swap is finished by the journal on the next Load). Never throws.
        /// </summary>
        public ConfigUpdateResult Update(byte[] data, int offset, int count)
        {
            return Update(data, offset, count, false);
        }

        /// <summary>
        /// As Update; a file whose [provisioning] version is below <see cref="HighestVersion"/> is refused as
        /// Downgrade unless <paramref name="allowDowngrade"/> (the admin forced it), in which case its version becomes
        /// the highest.
        /// </summary>
        public ConfigUpdateResult Update(byte[] data, int offset, int count, bool allowDowngrade)
        {
            ConfigResult parsed = ConfigParser.Parse(data, offset, count);
            if (!parsed.IsValid)
            {
                return new ConfigUpdateResult(ConfigUpdateStatus.Invalid, parsed.Errors, null);
            }

            ConfigError[] none = new ConfigError[0];
            byte[] digest = ComputeDigest(data, offset, count);
            if (_digestIsCurrentFile && SameBytes(digest, 0, _digest, 0, digest.Length))
            {
                return new ConfigUpdateResult(ConfigUpdateStatus.Unchanged, none, parsed.Config);
            }

            int version = parsed.Config.Provisioning.Version;
            if (version < _highest && !allowDowngrade)
            {
                ConfigError[] why = new ConfigError[]
                {
                    new ConfigError(ConfigErrorCode.OutOfRange, 0, "provisioning", "version", "at least " + _highest.ToString() + " (the highest version accepted)"),
                };
                return new ConfigUpdateResult(ConfigUpdateStatus.Downgrade, why, parsed.Config);
            }

            if (Recover() == ConfigRecovery.Failed)
            {
                return new ConfigUpdateResult(ConfigUpdateStatus.StorageFailed, none, parsed.Config);
            }

            try
            {
                _files.Delete(NewName);
                _files.Write(NewName, data, offset, count);

                byte[] back = _files.ReadAll(NewName, ConfigParser.MaxFileBytes);
                if (back == null || back.Length != count || !SameBytes(back, 0, data, offset, count) || !ConfigParser.Parse(back, 0, back.Length).IsValid)
                {
                    _files.Delete(NewName);
                    return new ConfigUpdateResult(ConfigUpdateStatus.VerifyFailed, none, parsed.Config);
                }

                back = null;
                byte[] marker = new byte[MarkerLength];
                HexText.WriteLower(digest, 0, digest.Length, marker, 0);
                _files.Write(MarkerName, marker, 0, marker.Length);

                // Committed: from here on a power cut is finished by Recover, never undone.
                RollForward();
            }
            catch (Exception)
            {
                return new ConfigUpdateResult(ConfigUpdateStatus.StorageFailed, none, parsed.Config);
            }

            _digest = digest;
            _digestIsCurrentFile = true;
            if (version != _highest)
            {
                _highest = version;
                WriteVersion(version);
            }

            return new ConfigUpdateResult(ConfigUpdateStatus.Applied, none, parsed.Config);
        }

        /// <summary>
        /// Finishes a committed update (marker present and matching nf.config.new) or removes the leftovers of
        /// an uncommitted one. Idempotent, so a power cut during recovery is recovered on the next boot. Never throws.
        /// </summary>
        public ConfigRecovery Recover()
        {
            try
            {
                bool marker = _files.Exists(MarkerName);
                bool fresh = _files.Exists(NewName);
                if (!marker)
                {
                    if (!fresh)
                    {
                        return ConfigRecovery.None;
                    }

                    _files.Delete(NewName);
                    return ConfigRecovery.RolledBack;
                }

                if (!fresh)
                {
                    // The rename of .new already happened; only the marker was left behind.
                    _files.Delete(MarkerName);
                    return ConfigRecovery.RolledForward;
                }

                if (MarkerMatchesNew())
                {
                    RollForward();
                    return ConfigRecovery.RolledForward;
                }

                // A torn marker (or .new damaged after commit): undo. Marker first, so that a cut between the
                // two deletes leaves "no marker + .new", which again means roll back.
                _files.Delete(MarkerName);
                _files.Delete(NewName);
                return ConfigRecovery.RolledBack;
            }
            catch (Exception)
            {
                return ConfigRecovery.Failed;
            }
        }

        bool MarkerMatchesNew()
        {
            byte[] marker = _files.ReadAll(MarkerName, MarkerLength);
            if (marker == null || marker.Length != MarkerLength)
            {
                return false;
            }

            byte[] fresh = _files.ReadAll(NewName, ConfigParser.MaxFileBytes);
            if (fresh == null)
            {
                return false;
            }

            byte[] digest = ComputeDigest(fresh, 0, fresh.Length);
            byte[] hex = new byte[MarkerLength];
            HexText.WriteLower(digest, 0, digest.Length, hex, 0);
            return SameBytes(hex, 0, marker, 0, MarkerLength);
        }

        /// <summary>The swap after commit. Every step is repeatable after a cut: each state it leaves is recognised again here.</summary>
        void RollForward()
        {
            if (_files.Exists(NewName))
            {
                if (_files.Exists(CurrentName))
                {
                    byte[] old = _files.ReadAll(CurrentName, ConfigParser.MaxFileBytes);
                    bool oldValid = old != null && ConfigParser.Parse(old, 0, old.Length).IsValid;
                    old = null;
                    if (oldValid)
                    {
                        _files.Delete(PreviousName);
                        _files.Rename(CurrentName, PreviousName);
                    }
                    else
                    {
                        // Keep the last known good .prev rather than replacing it with a broken file.
                        _files.Delete(CurrentName);
                    }
                }

                _files.Rename(NewName, CurrentName);
            }

            _files.Delete(MarkerName);
        }

        void Raise(int version)
        {
            if (version > _highest)
            {
                _highest = version;
            }
        }

        /// <summary>The stored highest version, 0 when missing or unreadable (the loaded file's own version still counts).</summary>
        int ReadVersion()
        {
            try
            {
                byte[] b = _files.ReadAll(VersionName, 16);
                if (b == null || b.Length == 0 || b.Length > 9)
                {
                    return 0;
                }

                int n = 0;
                for (int i = 0; i < b.Length; i++)
                {
                    if (b[i] < '0' || b[i] > '9')
                    {
                        return 0;
                    }

                    n = n * 10 + (b[i] - '0');
                }

                return n;
            }
            catch (Exception)
            {
                return 0;
            }
        }

        void WriteVersion(int version)
        {
            try
            {
                byte[] b = System.Text.Encoding.UTF8.GetBytes(version.ToString());
                _files.Write(VersionName, b, 0, b.Length);
            }
            catch (Exception)
            {
                // The new file is in place; its own version counts at the next Load.
            }
        }

        /// <summary>Reads a config file, or returns null with one error saying why it cannot be parsed at all.</summary>
        byte[] ReadConfigFile(string name, out ConfigError[] problem)
        {
            problem = new ConfigError[0];
            try
            {
                int length = _files.Length(name);
                if (length < 0)
                {
                    problem = new ConfigError[] { new ConfigError(ConfigErrorCode.MissingRequired, 0, null, null, "file missing") };
                    return null;
                }

                if (length > ConfigParser.MaxFileBytes)
                {
                    // The parser's own verdict for an oversized file (checked before any byte is read).
                    problem = new ConfigError[] { new ConfigError(ConfigErrorCode.FileTooLarge, 0, null, null, "at most " + ConfigParser.MaxFileBytes.ToString() + " bytes") };
                    return null;
                }

                byte[] text = _files.ReadAll(name, ConfigParser.MaxFileBytes);
                if (text == null)
                {
                    problem = new ConfigError[] { new ConfigError(ConfigErrorCode.MissingRequired, 0, null, null, "file unreadable") };
                }

                return text;
            }
            catch (Exception)
            {
                problem = new ConfigError[] { new ConfigError(ConfigErrorCode.MissingRequired, 0, null, null, "file unreadable") };
                return null;
            }
        }

        /// <summary>"nf.config line 12 [sip] port: OutOfRange: 1..65535" or "nf.config: file missing".</summary>
        static string Describe(ConfigError[] errors)
        {
            if (errors == null || errors.Length == 0)
            {
                return CurrentName;
            }

            ConfigError first = errors[0];
            if (first.Line == 0 && first.Section == null && first.Key == null)
            {
                return CurrentName + ": " + first.Detail;
            }

            return CurrentName + " " + first.ToString();
        }

        static bool SameBytes(byte[] a, int aOffset, byte[] b, int bOffset, int count)
        {
            for (int i = 0; i < count; i++)
            {
                if (a[aOffset + i] != b[bOffset + i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
