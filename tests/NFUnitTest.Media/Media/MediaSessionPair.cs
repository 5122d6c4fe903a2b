using Phone.Config;
using Phone.Media;
using Phone.Rtp;
using Phone.Sdp;
using Phone.Srtp;
using Phone.Tests.Sdes;
using Phone.Audio;
using Phone.Crypto;

namespace Phone.Tests.Media
{
    /// <summary>
    /// Two phones A and B in memory: their SDP negotiators make the offer/answer (A offers), their
    /// MediaSessions exchange datagrams without loss or delay, one frame period per <see cref="Frame"/>.
    /// A's microphone plays a 1 kHz tone, B's a silent line unless told otherwise. The RTP header of
    /// the last datagram each side sent is kept for header arithmetic checks (SRTP leaves it in clear).
    /// </summary>
    internal sealed class MediaSessionPair
    {
        internal const string AddressA = "192.0.2.1";
        internal const string AddressB = "192.0.2.2";
        internal const int PortA = 40000;
        internal const int PortB = 50000;

        /// <summary>1 kHz at 8 kHz: 10000 × sin(k × 45°), the exact values rounded.</summary>
        internal static readonly short[] Sine = new short[] { 0, 7071, 10000, 7071, 0, -7071, -10000, -7071 };

        internal readonly SdpOfferAnswer NegA;
        internal readonly SdpOfferAnswer NegB;
        internal readonly MediaSession A;
        internal readonly MediaSession B;
        internal SdpNegotiationResult MediaA;
        internal SdpNegotiationResult MediaB;
        internal readonly byte[] Wire = new byte[MediaSession.MaxDatagramLength];
        internal readonly byte[] Copy = new byte[MediaSession.MaxDatagramLength];
        internal readonly short[] MicA = new short[480];
        internal readonly short[] MicB = new short[480];
        internal readonly short[] SpeakerA = new short[480];
        internal readonly short[] SpeakerB = new short[480];
        internal long Now;
        internal int ToneSample;
        internal bool Deliver = true;
        internal bool AutoRtcpA = true;

        // Last RTP datagram each side sent (0 length: none this frame), in clear, before delivery.
        internal int LengthA, LengthB;
        internal readonly RtpPacketView HeaderA = new RtpPacketView();
        internal readonly RtpPacketView HeaderB = new RtpPacketView();
        internal readonly byte[] LastA = new byte[MediaSession.MaxDatagramLength];
        internal readonly byte[] LastB = new byte[MediaSession.MaxDatagramLength];
        internal PlayoutKind PlayedA, PlayedB;
        internal int RtcpFromA, RtcpFromB;
        internal int ToneErrors, ToneFramesChecked;
        internal uint ToneTs0;

        internal MediaSessionPair(AudioCodec codec, int ptimeMs, SrtpMode mode)
            : this(codec, ptimeMs, mode, null)
        {
        }

        /// <summary>As above, offering only <paramref name="suites"/> (null: the default list).</summary>
        internal MediaSessionPair(AudioCodec codec, int ptimeMs, SrtpMode mode, Phone.Srtp.SrtpSuite[] suites)
            : this(codec, ptimeMs, mode, suites, 40, 200)
        {
        }

        /// <summary>As above, with the jitter buffer's depth bounds (audio.jitter_min_ms / jitter_max_ms).</summary>
        internal MediaSessionPair(AudioCodec codec, int ptimeMs, SrtpMode mode, Phone.Srtp.SrtpSuite[] suites, int jitterMinMs, int jitterMaxMs)
        {
            AudioSettings audio = new AudioSettings();
            audio.Codecs = new AudioCodec[] { codec };
            audio.Ptime = ptimeMs;
            SrtpSettings srtp = new SrtpSettings();
            srtp.Mode = mode;
            if (suites != null)
            {
                srtp.Suites = suites;
            }
            NegA = new SdpOfferAnswer(srtp, audio, new CountingEntropy(1), AddressA, PortA, "1", 1);
            NegB = new SdpOfferAnswer(srtp, audio, new CountingEntropy(101), AddressB, PortB, "2", 1);
            A = new MediaSession(new ManagedCryptoKernel(), new CountingEntropy(7), jitterMinMs, jitterMaxMs);
            B = new MediaSession(new ManagedCryptoKernel(), new CountingEntropy(77), jitterMinMs, jitterMaxMs);
        }

        /// <summary>A offers <paramref name="offer"/>, B answers willing <paramref name="willing"/>, A accepts.</summary>
        internal bool Negotiate(SdpDirection offer, SdpDirection willing)
        {
            SdpNegotiationResult o = NegA.CreateOffer(offer, true);
            if (!o.Succeeded)
            {
                return false;
            }

            MediaB = NegB.Answer(o.Text, willing, true);
            if (!MediaB.Succeeded)
            {
                return false;
            }

            MediaA = NegA.AcceptAnswer(MediaB.Text);
            return MediaA.Succeeded;
        }

        /// <summary>Negotiates sendrecv and starts both sessions; the tone's first sample is A's first timestamp.</summary>
        internal bool StartCall()
        {
            if (!Negotiate(SdpDirection.SendRecv, SdpDirection.SendRecv))
            {
                return false;
            }

            bool ok = A.Start(MediaA, Now) == MediaStatus.Ok && B.Start(MediaB, Now) == MediaStatus.Ok;
            ToneTs0 = A.NextTimestamp;
            ToneSample = 0;
            return ok;
        }

        /// <summary>One frame period: both capture and send, both receive, both play, RTCP both ways; then the clock advances.</summary>
        internal void Frame()
        {
            int spfA = A.SamplesPerFrame;
            for (int i = 0; i < spfA; i++)
            {
                // Sample index = RTP timestamp offset from the call's start, even across hold.
                MicA[i] = Sine[(int)((A.NextTimestamp - ToneTs0 + (uint)i) & 7)];
            }

            LengthA = A.Capture(MicA, 0, Now, Wire, 0);
            if (LengthA > 0)
            {
                System.Array.Copy(Wire, 0, LastA, 0, LengthA);
                HeaderA.Parse(Wire, 0, LengthA);
                if (Deliver)
                {
                    B.Receive(Wire, 0, LengthA, Now);
                }
            }

            LengthB = B.Capture(MicB, 0, Now, Wire, 0);
            if (LengthB > 0)
            {
                System.Array.Copy(Wire, 0, LastB, 0, LengthB);
                HeaderB.Parse(Wire, 0, LengthB);
                if (Deliver)
                {
                    A.Receive(Wire, 0, LengthB, Now);
                }
            }

            PlayedA = A.Playout(SpeakerA, 0, Now);
            PlayedB = B.Playout(SpeakerB, 0, Now);
            if (PlayedB == PlayoutKind.Real)
            {
                CheckTone();
            }

            int n = AutoRtcpA ? A.PollRtcp(Now, Wire, 0) : 0;
            if (n > 0)
            {
                RtcpFromA++;
                B.Receive(Wire, 0, n, Now);
            }

            n = B.PollRtcp(Now, Wire, 0);
            if (n > 0)
            {
                RtcpFromB++;
                A.Receive(Wire, 0, n, Now);
            }

            Now += A.PtimeMs;
        }

        /// <summary>Big-endian 32-bit word (RFC 3550 network order).</summary>
        internal static uint Word(byte[] b, int at)
        {
            return (uint)((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]);
        }

        internal void Frames(int count)
        {
            for (int i = 0; i < count; i++)
            {
                Frame();
            }
        }

        /// <summary>B played a received frame: each sample must be the tone sample A captured for that timestamp, within G.711's quantisation step.</summary>
        private void CheckTone()
        {
            uint ts = B.JitterBuffer.LastPlayedTimestamp;
            int spf = B.SamplesPerFrame;
            ToneFramesChecked++;
            for (int i = 0; i < spf; i++)
            {
                int expected = Sine[(int)((ts - ToneTs0 + (uint)i) & 7)];
                int d = SpeakerB[i] - expected;
                // G.711: |x| ≤ 10000 lies in segment 6 at most, step 512 (16-bit scale): error ≤ 256 + rounding.
                if (d > 320 || d < -320)
                {
                    ToneErrors++;
                    return;
                }
            }
        }
    }
}
