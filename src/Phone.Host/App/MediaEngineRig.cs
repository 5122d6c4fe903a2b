using System;
using Phone.App.Drivers;
using Phone.App.Media;
using Phone.Audio;
using Phone.Call;
using Phone.Crypto;
using Phone.Host.Drivers;
using Phone.Media;
using Phone.Sdp;

namespace Phone.Host.App
{
    /// <summary>
    /// The phone's media engine on simulated time with its far ends: the microphone and speaker models, one
    /// <see cref="MemoryMediaPort"/> per call slot, and per connected call a peer MediaSession negotiated through a
    /// real SDES offer/answer that says a steady frame every 20 ms and keeps the last frame it heard. Nothing runs on
    /// another thread, so runs are repeatable and the engine's allocations are measurable on the calling thread.
    /// </summary>
    public sealed class MediaEngineRig
    {
        /// <summary>The far end of one call.</summary>
        public sealed class Peer
        {
            public MediaSession Session;
            public MemoryMediaPort Port;
            public SdpOfferAnswer Negotiation;

            /// <summary>What the peer sends every 20 ms.</summary>
            public readonly short[] Say = new short[MediaEngine.FrameSamples];

            /// <summary>The last 20 ms the peer played out.</summary>
            public readonly short[] Heard = new short[MediaEngine.FrameSamples];
        }

        private readonly byte[] _wire = new byte[MediaSession.MaxDatagramLength];
        private readonly ICryptoKernel _kernel;
        private readonly IAudioKernel _audio;

        public readonly SimulatedClock Clock = new SimulatedClock(1000);
        public readonly MicrophoneModel Microphone = new MicrophoneModel();
        public readonly SpeakerModel Speaker = new SpeakerModel();
        public readonly MemoryMediaPort[] Ports;
        public readonly Peer[] Peers;
        public readonly MediaEngine Engine;

        /// <param name="audioKernel">the native audio kernel, or null for the managed one (as on the device).</param>
        public MediaEngineRig(ICryptoKernel kernel, IAudioKernel audioKernel, int slots = 2)
        {
            _kernel = kernel;
            _audio = audioKernel;
            Ports = new MemoryMediaPort[slots];
            Peers = new Peer[slots];
            for (int i = 0; i < slots; i++) Ports[i] = new MemoryMediaPort();
            var drivers = new PhoneDrivers { Clock = Clock, Entropy = new SystemEntropy(), Microphone = Microphone, Speaker = Speaker, MediaPorts = Ports };
            // Microphone gain -12 dB = 0 bits: the 8 kHz microphone model's samples reach the call unchanged.
            Engine = new MediaEngine(kernel, audioKernel, drivers, 40, 200, new AudioWiring(), -12);
            Engine.SetVolume(VolumeTarget.Speaker, 100);
        }

        /// <summary>
        /// Starts call callId's media with a new peer: the phone offers (RTP on 40000 + 2 · index), the peer answers.
        /// Returns the peer, or throws when the engine refuses the media.
        /// </summary>
        public Peer Connect(int callId, int index, int ptime = 20, SrtpMode mode = SrtpMode.Mandatory)
        {
            var audio = new AudioSettings { Ptime = ptime };
            var srtp = new SrtpSettings { Mode = mode };
            int localPort = 40000 + 2 * index;
            var phone = new SdpOfferAnswer(srtp, audio, new SystemEntropy(), "192.0.2.1", localPort, "1" + index, 1);
            var peer = new SdpOfferAnswer(srtp, audio, new SystemEntropy(), "192.0.2.2", 50000 + 2 * index, "2" + index, 1);
            SdpNegotiationResult answer = peer.Answer(phone.CreateOffer(SdpDirection.SendRecv, true).Text, SdpDirection.SendRecv, true);
            SdpNegotiationResult accepted = phone.AcceptAnswer(answer.Text);
            MediaStatus status = Engine.Update(callId, localPort, accepted, Clock.NowMs);
            if (status != MediaStatus.Ok) throw new InvalidOperationException("engine refused media: " + status + " " + Engine.LastError);
            var p = new Peer { Session = new MediaSession(_kernel, new SystemEntropy(), 40, 200, _audio), Negotiation = peer };
            if (p.Session.Start(answer, Clock.NowMs) != MediaStatus.Ok) throw new InvalidOperationException("peer refused media");
            foreach (MemoryMediaPort port in Ports)
            {
                if (port.IsOpen && port.LocalPort == localPort) p.Port = port;
            }

            Peers[index] = p;
            return p;
        }

        /// <summary>Every peer says the same sample for the whole frame.</summary>
        public void Say(int index, short sample) => Array.Fill(Peers[index].Say, sample);

        /// <summary>
        /// Runs ms simulated milliseconds, one at a time: each peer sends and plays a frame on every 20 ms boundary and
        /// takes in what the phone sent; the engine steps until it asks to wait.
        /// </summary>
        public void Run(int ms)
        {
            for (int t = 0; t < ms; t++)
            {
                long now = Clock.NowMs;
                foreach (Peer p in Peers)
                {
                    if (p == null) continue;
                    if (now % 20 == 0)
                    {
                        int n = p.Session.Capture(p.Say, 0, now, _wire, 0);
                        if (n > 0) p.Port.Inject(_wire, 0, n);
                        p.Session.Playout(p.Heard, 0, now);
                    }

                    int m;
                    while ((m = p.Port.TakeSent(_wire, 0, _wire.Length)) >= 0) p.Session.Receive(_wire, 0, m, now);
                }

                for (int guard = 0; guard < 16 && Engine.Step() == 0; guard++)
                {
                }

                Clock.Advance(1);
            }
        }
    }
}
