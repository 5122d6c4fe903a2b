using System;
using Phone.Config;
using Phone.Sdes;
using Phone.Sdp;
using Phone.Srtp;
using Phone.Audio;
using Phone.Crypto;
using Phone.Media;

namespace Phone.Host.Tests.Media
{
    /// <summary>
    /// Offer/answer between two phones' SDP negotiators (A offers, B answers, A accepts), so the
    /// MediaSessions in host tests start from the results the call code will hand them.
    /// </summary>
    internal sealed class MediaCallSetup
    {
        public readonly SdpOfferAnswer NegA;
        public readonly SdpOfferAnswer NegB;
        public SdpNegotiationResult MediaA;
        public SdpNegotiationResult MediaB;

        public MediaCallSetup(AudioCodec codec, int ptimeMs, SrtpMode mode, SrtpSuite suite, int seed)
        {
            var audio = new AudioSettings { Codecs = new[] { codec }, Ptime = ptimeMs };
            var srtp = new SrtpSettings { Mode = mode, Suites = new[] { suite } };
            NegA = new SdpOfferAnswer(srtp, audio, new SeededEntropy(seed), "192.0.2.1", 40000, "1", 1);
            NegB = new SdpOfferAnswer(srtp, audio, new SeededEntropy(seed + 1), "192.0.2.2", 50000, "2", 1);
            Negotiate(SdpDirection.SendRecv, SdpDirection.SendRecv);
        }

        public void Negotiate(SdpDirection offer, SdpDirection willing)
        {
            SdpNegotiationResult o = NegA.CreateOffer(offer, true);
            if (!o.Succeeded) throw new InvalidOperationException("offer: " + o);
            MediaB = NegB.Answer(o.Text, willing, true);
            if (!MediaB.Succeeded) throw new InvalidOperationException("answer: " + MediaB);
            MediaA = NegA.AcceptAnswer(MediaB.Text);
            if (!MediaA.Succeeded) throw new InvalidOperationException("accept: " + MediaA);
        }

        /// <summary>Master key followed by master salt, as libsrtp takes them.</summary>
        public static byte[] KeyAndSalt(SdesKey key)
        {
            byte[] k = new byte[key.MasterKey.Length + key.MasterSalt.Length];
            key.MasterKey.CopyTo(k, 0);
            key.MasterSalt.CopyTo(k, key.MasterKey.Length);
            return k;
        }
    }

    /// <summary>Reproducible randomness for SSRCs, keys and RTCP intervals in simulations.</summary>
    internal sealed class SeededEntropy : IEntropySource
    {
        private readonly Random _random;

        public SeededEntropy(int seed)
        {
            _random = new Random(seed);
        }

        public void GetBytes(byte[] buffer, int offset, int count)
        {
            for (int i = 0; i < count; i++) buffer[offset + i] = (byte)_random.Next(256);
        }
    }
}
