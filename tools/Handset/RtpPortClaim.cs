using System;
using System.Collections.Generic;
using System.IO;
using System.Net;

namespace Phone.Tools.Handset
{
    /// <summary>
    /// A handset's hold on its RTP port pairs between start-up and its calls. Handsets on one machine pick their ports
    /// at start but bind them only when a call starts, so probing alone let two of them take the same pair (one call
    /// then received its own packets). Each pair is claimed with a lock file in the temp folder, opened exclusively
    /// (an advisory lock the OS drops when the process dies); a handset started later skips claimed pairs.
    /// </summary>
    public sealed class RtpPortClaim : IDisposable
    {
        private readonly List<FileStream> _locks = new List<FileStream>();

        private RtpPortClaim()
        {
        }

        /// <summary>Claims the RTP/RTCP pairs at first, first + 2, … for <paramref name="slots"/> calls; null when any is claimed already.</summary>
        public static RtpPortClaim TryClaim(IPAddress address, int first, int slots)
        {
            var claim = new RtpPortClaim();
            for (int i = 0; i < slots; i++)
            {
                string path = Path.Combine(Path.GetTempPath(), "phone-handset-rtp-" + address + "-" + (first + 2 * i) + ".lock");
                try
                {
                    claim._locks.Add(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
                }
                catch (IOException)
                {
                    claim.Dispose();
                    return null;
                }
                catch (UnauthorizedAccessException)
                {
                    claim.Dispose();
                    return null;
                }
            }

            return claim;
        }

        public void Dispose()
        {
            foreach (FileStream f in _locks) f.Dispose();
            _locks.Clear();
        }
    }
}
