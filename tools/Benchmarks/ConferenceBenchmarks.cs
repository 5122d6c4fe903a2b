using System;
using BenchmarkDotNet.Attributes;
using Phone.Crypto;
using Phone.Crypto.Native;
using Phone.Host.App;

namespace Phone.Benchmarks
{
    /// <summary>
    /// Cost of one 20 ms frame of the phone's media engine for a single SRTP call against a local three-way
    /// conference (two SRTP calls: both decoded, three MixClip calls, both encoded), with the managed and the native
    /// kernels (audio and crypto together, as the device selects them). One operation is 20 simulated milliseconds
    /// of MediaEngineRig: the engine's capture, receive, playout and RTCP, and the far ends' work — one MediaSession
    /// per call that sends a frame, takes in the phone's and plays one out — so the conference rows carry one more
    /// far end than the single-call rows. Allocation per operation is reported by [MemoryDiagnoser].
    /// </summary>
    [MemoryDiagnoser]
    public class ConferenceBenchmarks
    {
        private MediaEngineRig _singleManaged, _singleNative, _conferenceManaged, _conferenceNative;

        [GlobalSetup]
        public void Setup()
        {
            _singleManaged = Make(new ManagedCryptoKernel(), null, false);
            _singleNative = Make(new NativeCryptoKernel(), new NativeAudioKernel(), false);
            _conferenceManaged = Make(new ManagedCryptoKernel(), null, true);
            _conferenceNative = Make(new NativeCryptoKernel(), new NativeAudioKernel(), true);
        }

        private static MediaEngineRig Make(ICryptoKernel crypto, Phone.Audio.IAudioKernel audio, bool conference)
        {
            var rig = new MediaEngineRig(crypto, audio);
            rig.Microphone.Tone(1000, 8000);
            rig.Connect(1, 0);
            rig.Say(0, 1000);
            if (conference)
            {
                rig.Connect(2, 1);
                rig.Say(1, -3000);
                if (!rig.Engine.SetConference(true)) throw new InvalidOperationException(rig.Engine.LastError);
            }

            // Sanity before measuring: a second of audio flows both ways and SRTP authenticates.
            rig.Run(1000);
            foreach (MediaEngineRig.Peer p in rig.Peers)
            {
                if (p == null) continue;
                if (p.Session.Statistics.PacketsReceived < 40 || p.Session.Statistics.AuthenticationFailures != 0)
                {
                    throw new InvalidOperationException("media does not flow");
                }
            }

            return rig;
        }

        [Benchmark(Baseline = true, Description = "single call, managed kernels, 20 ms frame")]
        public void SingleManaged() => _singleManaged.Run(20);

        [Benchmark(Description = "single call, native kernels, 20 ms frame")]
        public void SingleNative() => _singleNative.Run(20);

        [Benchmark(Description = "conference, managed kernels, 20 ms frame")]
        public void ConferenceManaged() => _conferenceManaged.Run(20);

        [Benchmark(Description = "conference, native kernels, 20 ms frame")]
        public void ConferenceNative() => _conferenceNative.Run(20);
    }
}
