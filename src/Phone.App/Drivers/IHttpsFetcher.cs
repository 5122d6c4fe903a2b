using Phone.App.Net;
using Phone.Config;

namespace Phone.App.Drivers
{
    /// <summary>
    /// One HTTPS GET at a time in the background (provisioning.url), with the [tls] trust, bounded time and a
    /// bounded body. Begin starts it; IsDone, Succeeded and Body give its end; Reset readies the next.
    /// </summary>
    public interface IHttpsFetcher
    {
        /// <summary>Trust from [tls], and the note written around each handshake; the reason the trust is unusable, or null.</summary>
        string UseTls(TlsSettings tls, HandshakeMarker marker);

        void Begin(string url);

        bool Busy { get; }

        bool IsDone { get; }

        bool Succeeded { get; }

        string Error { get; }

        byte[] Body { get; }

        int BodyOffset { get; }

        int BodyCount { get; }

        void Reset();
    }
}
