using System;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using Phone.Config;
using Phone.Host.Tests.Interop;
using Phone.Host.Tests.LibSrtp;
using Phone.Media;
using Phone.Rtp;
using Phone.Srtp;
using Xunit;
using Xunit.Abstractions;
using Phone.Audio;
using Phone.Crypto;
using Phone.Sdp;

namespace Phone.Host.Tests.Media
{
    /// <summary>
    /// MediaSession against independent implementations, with the keys from a real SDES offer/answer:
    /// libsrtp2 unprotects the SRTP and SRTCP our session sends, and sox decodes the G.711 inside to the
    /// tone sox made; libsrtp2 protects RTP whose G.711 sox encoded, and our session plays exactly what
    /// sox decodes from it. sox and libsrtp2 must be installed (see docs/interop.md); these tests fail, never skip.
    /// </summary>
    public sealed class MediaSessionLibSrtpTests : IDisposable
    {
        private const int ToneHz = 1000;
        private readonly string _dir;
        private readonly ITestOutputHelper _out;

        public MediaSessionLibSrtpTests(ITestOutputHelper output)
        {
            _out = output;
            _dir = Path.Combine(Path.GetTempPath(), "phone-media-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_dir);
        }

        public void Dispose()
        {
            try { Directory.Delete(_dir, true); } catch (IOException) { }
        }

        private static LibSrtpSuite Lib(SrtpSuite s) => s switch
        {
            SrtpSuite.AesCm128HmacSha1_80 => LibSrtpSuite.AesCm128HmacSha1_80,
            SrtpSuite.AesCm128HmacSha1_32 => LibSrtpSuite.AesCm128HmacSha1_32,
            SrtpSuite.Aes256CmHmacSha1_80 => LibSrtpSuite.AesCm256HmacSha1_80,
            _ => LibSrtpSuite.AesCm256HmacSha1_32,
        };

        [Theory]
        [InlineData(SrtpSuite.AesCm128HmacSha1_80, AudioCodec.Pcmu, 20)]
        [InlineData(SrtpSuite.AesCm128HmacSha1_32, AudioCodec.Pcma, 20)]
        [InlineData(SrtpSuite.Aes256CmHmacSha1_80, AudioCodec.Pcmu, 30)]
        [InlineData(SrtpSuite.Aes256CmHmacSha1_32, AudioCodec.Pcma, 60)]
        public void WhatWeSend_LibsrtpUnprotects_SoxDecodesTheTone(SrtpSuite suite, AudioCodec codec, int ptime)
        {
            var call = new MediaCallSetup(codec, ptime, SrtpMode.Mandatory, suite, 41);
            var session = new MediaSession(new ManagedCryptoKernel(), new SeededEntropy(5), 40, 200);
            Assert.Equal(MediaStatus.Ok, session.Start(call.MediaA, 0));
            // RFC 4568 §6.1: what A sends is protected with A's key, the one in A's own crypto line.
            using var peer = new LibSrtpSession(Lib(suite), MediaCallSetup.KeyAndSalt(call.MediaA.Srtp.Local.Key), outbound: false);

            short[] tone = SoxTone(2.0);
            int spf = session.SamplesPerFrame;
            int frames = tone.Length / spf;
            byte[] buf = new byte[MediaSession.MaxDatagramLength + LibSrtpNative.MaxTrailer];
            byte[] payload = new byte[frames * spf];
            int seq0 = session.NextSequenceNumber;
            uint ts0 = session.NextTimestamp;
            int rtcpChecked = 0;
            for (int f = 0; f < frames; f++)
            {
                long now = (long)f * ptime;
                int n = session.Capture(tone, f * spf, now, buf, 0);
                Assert.Equal(12 + spf + SrtpPolicy.SrtpTagLength(suite), n);
                Assert.Equal(LibSrtpStatus.Ok, peer.Unprotect(buf, 0, n, out int plain));
                Assert.Equal(12 + spf, plain);
                var view = new RtpPacketView();
                Assert.Equal(RtpParseStatus.Ok, view.Parse(buf, 0, plain));
                Assert.Equal(codec == AudioCodec.Pcmu ? 0 : 8, view.PayloadType);
                Assert.Equal((seq0 + f) & 0xFFFF, view.SequenceNumber);
                Assert.Equal(unchecked(ts0 + (uint)(f * spf)), view.Timestamp);
                Array.Copy(buf, 12, payload, f * spf, spf);

                n = session.PollRtcp(now, buf, 0);
                if (n > 0)
                {
                    Assert.Equal(LibSrtpStatus.Ok, peer.UnprotectRtcp(buf, 0, n, out plain));
                    Assert.Equal(200, buf[1]); // SR: we are sending (RFC 3550 §6.4.1)
                    Assert.Equal(session.LocalSsrc, (uint)(buf[4] << 24 | buf[5] << 16 | buf[6] << 8 | buf[7]));
                    rtcpChecked++;
                }
            }

            session.Stop(frames * ptime);
            int bye = session.PollRtcp(frames * ptime, buf, 0);
            Assert.Equal(LibSrtpStatus.Ok, peer.UnprotectRtcp(buf, 0, bye, out int byePlain));
            Assert.Equal(203, buf[byePlain - 8 + 1]); // BYE last (RFC 3550 §6.1)
            Assert.True(rtcpChecked >= 1, "an SR within 2 s (first after Tmin/2 randomised)");

            short[] decoded = SoxDecode(codec == AudioCodec.Pcmu ? "ul" : "al", payload);
            ToneReport report = ToneCheck.Analyse(decoded, 8000, ToneHz);
            double snr = Snr(tone, decoded, decoded.Length);
            _out.WriteLine($"{suite} {codec} {ptime} ms: {report}; SNR {snr:F1} dB; {rtcpChecked} SRTCP reports");
            Assert.True(report.Present, report.ToString());
            Assert.True(snr > 30, $"G.711 of a -6 dBFS sine is about 38 dB SNR; got {snr:F1}");
        }

        [Theory]
        [InlineData(SrtpSuite.AesCm128HmacSha1_80, AudioCodec.Pcmu, 20)]
        [InlineData(SrtpSuite.AesCm128HmacSha1_32, AudioCodec.Pcma, 30)]
        [InlineData(SrtpSuite.Aes256CmHmacSha1_80, AudioCodec.Pcma, 20)]
        public void WhatLibsrtpProtects_WePlayAsSoxDecodesIt(SrtpSuite suite, AudioCodec codec, int ptime)
        {
            var call = new MediaCallSetup(codec, ptime, SrtpMode.Mandatory, suite, 43);
            var session = new MediaSession(new ManagedCryptoKernel(), new SeededEntropy(6), 40, 200);
            Assert.Equal(MediaStatus.Ok, session.Start(call.MediaA, 0));
            // The peer sends with its own key: B's crypto line, which A holds as Remote.
            using var peer = new LibSrtpSession(Lib(suite), MediaCallSetup.KeyAndSalt(call.MediaA.Srtp.Remote.Key), outbound: true);

            string law = codec == AudioCodec.Pcmu ? "ul" : "al";
            short[] tone = SoxTone(2.0);
            byte[] encoded = SoxEncode(law, tone);
            short[] reference = SoxDecode(law, encoded);
            int spf = ptime * 8;
            int frames = tone.Length / spf;
            const uint PeerSsrc = 0x5EED1234;
            const uint PeerTs0 = 0x10000000;
            byte[] buf = new byte[MediaSession.MaxDatagramLength + LibSrtpNative.MaxTrailer];
            short[] played = new short[frames * spf];
            int real = 0, mismatched = 0;
            for (int f = 0; f < frames; f++)
            {
                long now = (long)f * ptime;
                // RTP header (RFC 3550 §5.1) written here, payload from sox.
                buf[0] = 0x80;
                buf[1] = (byte)((codec == AudioCodec.Pcmu ? 0 : 8) | (f == 0 ? 0x80 : 0));
                buf[2] = (byte)((900 + f) >> 8);
                buf[3] = (byte)(900 + f);
                uint ts = PeerTs0 + (uint)(f * spf);
                buf[4] = (byte)(ts >> 24); buf[5] = (byte)(ts >> 16); buf[6] = (byte)(ts >> 8); buf[7] = (byte)ts;
                buf[8] = 0x5E; buf[9] = 0xED; buf[10] = 0x12; buf[11] = 0x34; // PeerSsrc
                Array.Copy(encoded, f * spf, buf, 12, spf);
                Assert.Equal(LibSrtpStatus.Ok, peer.Protect(buf, 0, 12 + spf, out int n));
                Assert.Equal(MediaPacketKind.Rtp, session.Receive(buf, 0, n, now));

                PlayoutKind kind = session.Playout(played, f * spf, now);
                if (kind == PlayoutKind.Real)
                {
                    real++;
                    int at = (int)(session.JitterBuffer.LastPlayedTimestamp - PeerTs0);
                    for (int i = 0; i < spf; i++)
                    {
                        if (played[f * spf + i] != reference[at + i]) { mismatched++; break; }
                    }
                }
            }

            // An SRTCP sender report from the peer is read: its SR feeds our next RR's LSR.
            byte[] sr = { 0x80, 200, 0, 6, 0x5E, 0xED, 0x12, 0x34, 0xE8, 0, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0, 0, 0, 0, 100, 0, 0, 0x3E, 0x80 };
            Array.Copy(sr, buf, sr.Length);
            Assert.Equal(LibSrtpStatus.Ok, peer.ProtectRtcp(buf, 0, sr.Length, out int srtcp));
            Assert.Equal(MediaPacketKind.Rtcp, session.Receive(buf, 0, srtcp, frames * ptime));

            MediaStatistics stats = session.Statistics;
            ToneReport report = ToneCheck.Analyse(played, 8000, ToneHz);
            _out.WriteLine($"{suite} {codec} {ptime} ms: {real}/{frames} frames real, {mismatched} differ from sox; {report}");
            Assert.Equal(frames, stats.PacketsReceived);
            Assert.Equal(0, stats.AuthenticationFailures);
            Assert.Equal(1, stats.RtcpReceived);
            Assert.Equal(PeerSsrc, stats.RemoteSsrc);
            Assert.Equal(0, mismatched);
            Assert.True(real >= frames - 4, $"{real} of {frames} played from packets (the rest is the initial buffering)");
            Assert.True(report.Present, report.ToString());
        }

        [Fact]
        public void SpeechThenACnPacketFromLibsrtp_WePlayNoiseAtTheLevelSoxMeasures()
        {
            // RFC 3389: a peer with silence suppression sends speech, one CN packet (level 50 −dBov), then nothing.
            var call = new MediaCallSetup(AudioCodec.Pcmu, 20, SrtpMode.Mandatory, SrtpSuite.AesCm128HmacSha1_80, 44);
            Assert.Equal(SdpOfferAnswer.ComfortNoisePayloadType, call.MediaA.ComfortNoisePayloadType);
            var session = new MediaSession(new ManagedCryptoKernel(), new SeededEntropy(7), 40, 200);
            Assert.Equal(MediaStatus.Ok, session.Start(call.MediaA, 0));
            using var peer = new LibSrtpSession(LibSrtpSuite.AesCm128HmacSha1_80, MediaCallSetup.KeyAndSalt(call.MediaA.Srtp.Remote.Key), outbound: true);

            byte[] encoded = SoxEncode("ul", SoxTone(1.0));
            const int Spf = 160, SpeechFrames = 50, Frames = 150, Level = 50;
            const uint PeerTs0 = 0x20000000;
            byte[] buf = new byte[MediaSession.MaxDatagramLength + LibSrtpNative.MaxTrailer];
            short[] frame = new short[Spf];
            var noise = new MemoryStream();
            int real = 0, silent = 0, noiseFrames = 0;
            for (int f = 0; f < Frames; f++)
            {
                long now = (long)f * 20;
                if (f <= SpeechFrames)
                {
                    bool cn = f == SpeechFrames;
                    uint ts = PeerTs0 + (uint)(f * Spf);
                    buf[0] = 0x80;
                    buf[1] = (byte)(cn ? SdpOfferAnswer.ComfortNoisePayloadType : 0);
                    buf[2] = (byte)((300 + f) >> 8);
                    buf[3] = (byte)(300 + f);
                    buf[4] = (byte)(ts >> 24); buf[5] = (byte)(ts >> 16); buf[6] = (byte)(ts >> 8); buf[7] = (byte)ts;
                    buf[8] = 0x5E; buf[9] = 0xED; buf[10] = 0x12; buf[11] = 0x35;
                    int length = 12 + 1;
                    if (cn)
                    {
                        buf[12] = Level; // RFC 3389 §3.1: the noise level in −dBov, no spectrum
                    }
                    else
                    {
                        Array.Copy(encoded, f * Spf, buf, 12, Spf);
                        length = 12 + Spf;
                    }

                    Assert.Equal(LibSrtpStatus.Ok, peer.Protect(buf, 0, length, out int n));
                    Assert.Equal(MediaPacketKind.Rtp, session.Receive(buf, 0, n, now));
                }

                PlayoutKind kind = session.Playout(frame, 0, now);
                if (kind == PlayoutKind.Real) real++;
                if (kind == PlayoutKind.Silence) silent++;
                if (kind == PlayoutKind.ComfortNoise)
                {
                    Assert.True(f >= SpeechFrames, $"noise at frame {f}, before the CN packet");
                    noiseFrames++;
                    foreach (short v in frame) { noise.WriteByte((byte)v); noise.WriteByte((byte)(v >> 8)); }
                }
            }

            string raw = Path.Combine(_dir, "noise.s16");
            File.WriteAllBytes(raw, noise.ToArray());
            double rms = SoxRmsAmplitude(raw);
            double expected = Math.Pow(10, -Level / 20.0); // full scale 1.0 in sox's units
            double db = 20 * Math.Log10(rms / expected);
            MediaStatistics stats = session.Statistics;
            _out.WriteLine($"{real} real, {silent} silent, {noiseFrames} noise frames; sox RMS {rms:F6} against {expected:F6} ({db:+0.00;-0.00} dB)");
            Assert.True(real >= SpeechFrames - 3, $"{real} speech frames played");
            Assert.Equal(Frames - real - silent, noiseFrames);
            Assert.True(silent <= 3, $"{silent} silent frames: only before the first talkspurt plays");
            Assert.True(Math.Abs(db) < 0.5, $"noise level {db:F2} dB off");
            Assert.Equal(1, stats.ComfortNoisePackets);
            Assert.Equal(noiseFrames, stats.ComfortNoiseFrames);
            Assert.Equal(SpeechFrames + 1, stats.PacketsReceived);
            Assert.Equal(0, stats.PacketsLost);
            Assert.Equal(0, stats.AuthenticationFailures);
            Assert.Equal(0, stats.OtherPayloadTypes);
        }

        [Fact]
        public void WithSilenceSuppression_LibsrtpUnprotectsOurCnPackets_AtTheLevelSoxMeasures()
        {
            // Our phone talks (sox's 1 kHz tone), pauses over a background (sox's white noise), talks again; libsrtp2
            // unprotects what it sends. RFC 3389: in the pause, after a 200 ms hangover, only CN packets of one octet
            // (the level, −dBov) go out; the talkspurt after it starts with a marked packet (RFC 3551 §4.1).
            var call = new MediaCallSetup(AudioCodec.Pcmu, 20, SrtpMode.Mandatory, SrtpSuite.AesCm128HmacSha1_80, 45);
            Assert.Equal(SdpOfferAnswer.ComfortNoisePayloadType, call.MediaA.ComfortNoisePayloadType);
            var session = new MediaSession(new ManagedCryptoKernel(), new SeededEntropy(9), 40, 200) { SilenceSuppression = true };
            Assert.Equal(MediaStatus.Ok, session.Start(call.MediaA, 0));
            using var peer = new LibSrtpSession(LibSrtpSuite.AesCm128HmacSha1_80, MediaCallSetup.KeyAndSalt(call.MediaA.Srtp.Local.Key), outbound: false);

            short[] tone = SoxTone(1.0);
            string backgroundRaw = Path.Combine(_dir, "background.s16");
            RunSox("-n", "-t", "raw", "-e", "signed", "-b", "16", "-r", "8000", "-c", "1", backgroundRaw, "synth", "2", "whitenoise", "vol", "0.005");
            byte[] bg = File.ReadAllBytes(backgroundRaw);
            double backgroundDbov = -20 * Math.Log10(SoxRmsAmplitude(backgroundRaw)); // sox's full scale 1.0 is 0 dBov
            short[] mic = new short[tone.Length * 2 + bg.Length / 2];
            Array.Copy(tone, 0, mic, 0, tone.Length);
            for (int i = 0; i < bg.Length / 2; i++) mic[tone.Length + i] = (short)(bg[2 * i] | (bg[2 * i + 1] << 8));
            Array.Copy(tone, 0, mic, tone.Length + bg.Length / 2, tone.Length);

            const int Spf = 160;
            int speechFrames = tone.Length / Spf, pauseFrames = bg.Length / 2 / Spf;
            byte[] buf = new byte[MediaSession.MaxDatagramLength + LibSrtpNative.MaxTrailer];
            var view = new RtpPacketView();
            int sent = 0, lastSeq = -1, inPause = 0, cn = 0, markedAfterPause = 0;
            var levels = new System.Collections.Generic.List<int>();
            for (int f = 0; f < mic.Length / Spf; f++)
            {
                int n = session.Capture(mic, f * Spf, (long)f * 20, buf, 0);
                if (n == 0) continue;
                Assert.Equal(LibSrtpStatus.Ok, peer.Unprotect(buf, 0, n, out int plain));
                Assert.Equal(RtpParseStatus.Ok, view.Parse(buf, 0, plain));
                if (lastSeq >= 0) Assert.Equal((lastSeq + 1) & 0xFFFF, view.SequenceNumber);
                lastSeq = view.SequenceNumber;
                sent++;
                bool pause = f >= speechFrames && f < speechFrames + pauseFrames;
                if (pause) inPause++;
                if (view.PayloadType == SdpOfferAnswer.ComfortNoisePayloadType)
                {
                    Assert.True(pause, $"CN at frame {f}, outside the pause");
                    Assert.Equal(13, plain); // RFC 3389 §3.1: the level alone
                    Assert.False(view.Marker);
                    levels.Add(buf[12]);
                    cn++;
                }
                else
                {
                    Assert.Equal(0, view.PayloadType);
                    Assert.True(!pause || f < speechFrames + 10, $"audio at pause frame {f - speechFrames}, after the hangover");
                    if (f == speechFrames + pauseFrames)
                    {
                        Assert.True(view.Marker, "the first packet after the pause is marked");
                        markedAfterPause++;
                    }
                }
            }

            MediaStatistics stats = session.Statistics;
            _out.WriteLine($"sox measures the background at {backgroundDbov:F2} dBov; CN levels sent: {string.Join(", ", levels)}; " +
                $"{sent} packets for {mic.Length / Spf} frames, {stats.SuppressedFrames} suppressed");
            Assert.Equal(1, markedAfterPause);
            Assert.Equal(10 + 2, inPause); // 200 ms of hangover, CN at the pause's start and a second later
            Assert.Equal(2, cn);
            Assert.Equal(cn, stats.ComfortNoiseSent);
            Assert.Equal(pauseFrames - 10, stats.SuppressedFrames);
            Assert.Equal(sent, stats.PacketsSent);
            foreach (int level in levels)
            {
                Assert.True(Math.Abs(level - backgroundDbov) <= 1.0, $"CN level {level} against sox's {backgroundDbov:F2} dBov");
            }
        }

        // sox's "RMS amplitude" of a raw 8 kHz 16-bit mono file (stat effect), full scale 1.0.
        private static double SoxRmsAmplitude(string raw)
        {
            string report = RunSox("-t", "raw", "-e", "signed", "-b", "16", "-r", "8000", "-c", "1", raw, "-n", "stat");
            foreach (string line in report.Split('\n'))
            {
                if (line.StartsWith("RMS     amplitude:", StringComparison.Ordinal))
                {
                    return double.Parse(line.Substring(line.IndexOf(':') + 1).Trim(), System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            throw new InvalidOperationException("no RMS amplitude in sox stat output: " + report);
        }

        private static double Snr(short[] a, short[] b, int n)
        {
            double signal = 0, noise = 0;
            for (int i = 0; i < n; i++)
            {
                signal += (double)a[i] * a[i];
                double d = a[i] - b[i];
                noise += d * d;
            }

            return 10 * Math.Log10(signal / Math.Max(noise, 1));
        }

        private short[] SoxTone(double seconds)
        {
            string path = Path.Combine(_dir, "tone.wav");
            ToneCheck.MakeTone(path, ToneHz, seconds);
            return ToneCheck.ReadMonoS16(path, out _);
        }

        private short[] SoxDecode(string law, byte[] codes)
        {
            string input = Path.Combine(_dir, "in." + law);
            string output = Path.Combine(_dir, "out.s16");
            File.WriteAllBytes(input, codes);
            RunSox("-D", "-t", law, "-r", "8000", "-c", "1", input, "-t", "raw", "-e", "signed", "-b", "16", "-r", "8000", "-c", "1", output);
            byte[] raw = File.ReadAllBytes(output);
            short[] samples = new short[raw.Length / 2];
            for (int i = 0; i < samples.Length; i++) samples[i] = (short)(raw[2 * i] | (raw[2 * i + 1] << 8));
            return samples;
        }

        private byte[] SoxEncode(string law, short[] samples)
        {
            string input = Path.Combine(_dir, "enc.s16");
            string output = Path.Combine(_dir, "enc." + law);
            byte[] raw = new byte[samples.Length * 2];
            for (int i = 0; i < samples.Length; i++)
            {
                raw[2 * i] = (byte)samples[i];
                raw[2 * i + 1] = (byte)(samples[i] >> 8);
            }

            File.WriteAllBytes(input, raw);
            RunSox("-D", "-t", "raw", "-e", "signed", "-b", "16", "-r", "8000", "-c", "1", input,
                "-t", "raw", "-e", law == "ul" ? "mu-law" : "a-law", "-r", "8000", "-c", "1", output);
            return File.ReadAllBytes(output);
        }

        // Runs sox and returns what it wrote to stderr (where the stat effect reports).
        private static string RunSox(params string[] args)
        {
            var psi = new ProcessStartInfo("sox") { RedirectStandardError = true, UseShellExecute = false };
            foreach (string a in args) psi.ArgumentList.Add(a);
            Process p;
            try
            {
                p = Process.Start(psi);
            }
            catch (Win32Exception e)
            {
                throw new InvalidOperationException("sox is required (apt-get install -y sox). " + e.Message, e);
            }

            using (p)
            {
                string stderr = p.StandardError.ReadToEnd();
                p.WaitForExit();
                Assert.True(p.ExitCode == 0, $"sox {string.Join(" ", args)} exited {p.ExitCode}: {stderr}");
                return stderr;
            }
        }
    }
}
