using System;
using Phone.Device.Storage;

namespace Phone.App.Net
{
    /// <summary>
    /// A note on flash that a TLS handshake is under way, so that a boot can tell the previous one froze in a
    /// handshake. On a nanoCLR without the handshake bound (stock firmware, docs/firmware.md "Blocking calls and
    /// stalls") a server that never answers stops the phone until a power cycle; the provisioning pull after the
    /// next boot would go to the same server and freeze it again. With the note left over, the boot shows which
    /// peer stalled and holds the pull back for one provisioning interval, so the phone stays usable.
    /// <para>
    /// Written before AuthenticateAsClient and deleted after it returns (success or failure): one small file write
    /// and delete per handshake (a SIP flow, a pull). A power cut during a normal handshake leaves a stale note,
    /// which costs one held-back pull. Failures of the volume are ignored: the note is a hint, never required.
    /// </para>
    /// </summary>
    public sealed class HandshakeMarker
    {
        public const string FileName = "tls.pending";

        /// <summary>What the note says for the provisioning pull (the boot compares against it).</summary>
        public const string ProvisioningPrefix = "provisioning ";

        private readonly object Lock = new object();
        private readonly IFileStore _files;

        /// <param name="files">the flash volume; null (not mounted) leaves the marker off.</param>
        public HandshakeMarker(IFileStore files)
        {
            _files = files;
        }

        /// <summary>Notes that a handshake with what starts now ("sip host" or "provisioning host").</summary>
        public void Enter(string what)
        {
            IFileStore files = _files;
            if (files == null)
            {
                return;
            }

            try
            {
                byte[] text = System.Text.Encoding.UTF8.GetBytes(what);
                lock (Lock)
                {
                    files.Write(FileName, text, 0, text.Length);
                }
            }
            catch (Exception)
            {
            }
        }

        /// <summary>The handshake returned.</summary>
        public void Leave()
        {
            IFileStore files = _files;
            if (files == null)
            {
                return;
            }

            try
            {
                lock (Lock)
                {
                    files.Delete(FileName);
                }
            }
            catch (Exception)
            {
            }
        }

        /// <summary>At boot: the note the previous boot left (it froze in that handshake), deleted; null if none.</summary>
        public string TakeLeftover()
        {
            IFileStore files = _files;
            if (files == null)
            {
                return null;
            }

            try
            {
                lock (Lock)
                {
                    if (!files.Exists(FileName))
                    {
                        return null;
                    }

                    byte[] text = files.ReadAll(FileName, 200);
                    files.Delete(FileName);
                    if (text == null)
                    {
                        return "unknown";
                    }

                    for (int i = 0; i < text.Length; i++)
                    {
                        if (text[i] < 32 || text[i] > 126)
                        {
                            text[i] = (byte)'?'; // NUL rule: no control byte (or NUL) reaches the screen's text
                        }
                    }

                    return System.Text.Encoding.UTF8.GetString(text, 0, text.Length);
                }
            }
            catch (Exception)
            {
                return null;
            }
        }
    }
}
