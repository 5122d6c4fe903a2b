using Phone.Call;
using Phone.Config;
using Phone.Srtp;
using Phone.Ui;
using Phone.Audio;
using Phone.Sip.Registration;

namespace Phone.Device.Diagnostics
{
    /// <summary>
    /// The service screens: six pages of live numbers (registration, network, SRTP, audio, memory, crypto
    /// kernel) drawn into their own 21x8 <see cref="TextScreen"/>, which the display renderer shows instead of
    /// the phone's screen while diagnostics are open. The firmware copies its counters into the public fields
    /// (strings only when they change, so nothing is allocated per update) and calls <see cref="Render"/>;
    /// keys go to <see cref="Press"/>. Row 0 is the page title, rows 1-6 the values, row 7 the key hint.
    /// </summary>
    public sealed class DiagnosticsScreen
    {
        public const int PageCount = 8;

        private readonly TextScreen screen = new TextScreen();
        private DiagnosticsPage page;

        // ----- registration -----
        public RegistrationState Registration;

        /// <summary>Last final status of a REGISTER (0 = none yet) and its reason phrase.</summary>
        public int RegistrationStatus;
        public string RegistrationReason;
        public string User;
        public string Server;

        /// <summary>SIP transport in use, e.g. "TLS".</summary>
        public string Transport;

        /// <summary>Seconds until the registration expires (negative = unknown).</summary>
        public int ExpiresInSeconds = -1;

        // ----- network -----
        public string Ssid;
        public string IpAddress;

        /// <summary>Received signal strength in dBm (0 = unknown).</summary>
        public int RssiDbm;

        /// <summary>Times the link went down since boot (LinkSupervisor.Outages).</summary>
        public int Outages;

        /// <summary>One-line link state; the firmware may point it at LinkSupervisor text it keeps.</summary>
        public string LinkState;

        // ----- security -----
        /// <summary>The current call's media is SRTP (false: plain RTP, or no call).</summary>
        public bool SrtpActive;
        public SrtpSuite Suite;

        /// <summary>SRTP packets dropped for a bad authentication tag (RFC 3711 §3.3 step 5).</summary>
        public int AuthFailures;

        /// <summary>SRTP packets dropped as replays (RFC 3711 §3.3.2).</summary>
        public int ReplayDrops;

        /// <summary>SRTCP packets whose tag did not verify (RTP's are <see cref="AuthFailures"/>).</summary>
        public int RtcpAuthFailures;

        /// <summary>SRTCP packets refused for a 32-bit tag in a _32 suite: linphonec's quirk, not an attack.</summary>
        public int ShortRtcpTags;

        /// <summary>Plain RTP/RTCP dropped while SRTP is in force.</summary>
        public int Unprotected;

        // ----- signalling -----
        /// <summary>Digest challenges not answered: a foreign realm, a request not through our proxy, a downgrade.</summary>
        public int ForeignChallenges;

        /// <summary>Requests dropped unanswered because they came from neither the registrar nor the proxy.</summary>
        public int ForeignRequests;

        /// <summary>Requests dropped over a source's rate or share of the server transactions.</summary>
        public int RateLimited;

        /// <summary>Requests answered 503 because every server transaction was busy.</summary>
        public int PoolFull;

        /// <summary>Requests dropped because no answer could be addressed (unreadable Via, From, To, Call-ID or CSeq).</summary>
        public int MalformedRequests;

        /// <summary>The current call's packets: sent, received, lost, arrived too late to play.</summary>
        public int PacketsSent;
        public int PacketsReceived;
        public int PacketsLost;
        public int LateFrames;

        /// <summary>Round-trip time from RTCP, ms; −1 unknown (no authentic report about us yet).</summary>
        public int RoundTripMs = -1;

        /// <summary>Datagrams that were not well-formed RTP/RTCP, and authentic RTP from a source that is not the peer's.</summary>
        public int Malformed;
        public int UnknownSsrc;

        // ----- audio -----
        public AudioCodec Codec;

        /// <summary>Packet loss in tenths of a percent (RTCP fraction lost x 1000 / 256, or counted).</summary>
        public int LossPermille;

        /// <summary>Interarrival jitter in ms (RFC 3550 §6.4.1, converted from timestamp units).</summary>
        public int JitterMs;

        /// <summary>20 ms frames the packet loss concealment filled in.</summary>
        public int ConcealedFrames;

        /// <summary>Speaker underruns and microphone overruns (MediaCadence counters).</summary>
        public int PlaybackUnderruns;
        public int CaptureOverruns;

        // ----- memory -----
        /// <summary>Free native heap in bytes (nanoFramework.Hardware.Esp32 NativeMemory), -1 = unknown.</summary>
        public int NativeFreeBytes = -1;

        /// <summary>Largest free native block in bytes, -1 = unknown.</summary>
        public int NativeLargestBlock = -1;

        /// <summary>Free managed heap in bytes after the last collection, -1 = unknown.</summary>
        public int ManagedFreeBytes = -1;

        /// <summary>Garbage collections since boot.</summary>
        public int GcCount;

        // ----- kernel -----
        public SelfTestState SelfTest;

        /// <summary>Name of the SRTP crypto kernel in use, e.g. "native" or "managed".</summary>
        public string KernelName;

        /// <summary>Cost of protecting / unprotecting one 20 ms G.711 packet in µs (-1 = not measured).</summary>
        public int ProtectMicros = -1;
        public int UnprotectMicros = -1;

        public DiagnosticsScreen()
        {
            Render();
        }

        public TextScreen Screen
        {
            get { return screen; }
        }

        public DiagnosticsPage Page
        {
            get { return page; }
            set
            {
                int p = (int)value;
                if (p < 0 || p >= PageCount) return;
                page = value;
            }
        }

        /// <summary>Set by End: the firmware closes the diagnostics and shows the phone screen again.</summary>
        public bool ExitRequested { get; private set; }

        /// <summary>Opens the screen on the first page.</summary>
        public void Open()
        {
            ExitRequested = false;
            page = DiagnosticsPage.Registration;
            Render();
        }

        /// <summary>
        /// Right/Down: next page, Left/Up: previous (both wrap), 1-7: that page, End: exit. Returns whether the key
        /// did something; the screen is redrawn.
        /// </summary>
        public bool Press(PhoneKey key)
        {
            int p = (int)page;
            switch (key)
            {
                case PhoneKey.Right:
                case PhoneKey.Down:
                    p = (p + 1) % PageCount;
                    break;
                case PhoneKey.Left:
                case PhoneKey.Up:
                    p = (p + PageCount - 1) % PageCount;
                    break;
                case PhoneKey.HangUp:
                    ExitRequested = true;
                    return true;
                default:
                    int digit = (int)key;
                    if (digit < 1 || digit > PageCount) return false;
                    p = digit - 1;
                    break;
            }
            page = (DiagnosticsPage)p;
            Render();
            return true;
        }

        /// <summary>Redraws the current page from the fields (only changed rows become dirty). Allocates nothing.</summary>
        public void Render()
        {
            TextScreen s = screen;
            s.Begin();
            s.PutNumber((int)page + 1);
            s.Put('/');
            s.PutNumber(PageCount);
            s.Put(' ');
            s.Put(Title(page));
            s.End(0);
            switch (page)
            {
                case DiagnosticsPage.Registration: RenderRegistration(s); break;
                case DiagnosticsPage.Network: RenderNetwork(s); break;
                case DiagnosticsPage.Security: RenderSecurity(s); break;
                case DiagnosticsPage.Audio: RenderAudio(s); break;
                case DiagnosticsPage.Memory: RenderMemory(s); break;
                case DiagnosticsPage.Packets: RenderPackets(s); break;
                case DiagnosticsPage.Signalling: RenderSignalling(s); break;
                default: RenderKernel(s); break;
            }
            s.Begin();
            s.Put("<> page    End: exit");
            s.End(7);
        }

        private static string Title(DiagnosticsPage p)
        {
            switch (p)
            {
                case DiagnosticsPage.Registration: return "Registration";
                case DiagnosticsPage.Network: return "Network";
                case DiagnosticsPage.Security: return "Security";
                case DiagnosticsPage.Audio: return "Audio";
                case DiagnosticsPage.Memory: return "Memory";
                case DiagnosticsPage.Packets: return "Packets";
                case DiagnosticsPage.Signalling: return "Signalling";
            }
            return "Crypto kernel";
        }

        private void RenderRegistration(TextScreen s)
        {
            s.Begin();
            s.Put("State: ");
            switch (Registration)
            {
                case RegistrationState.Registered: s.Put("registered"); break;
                case RegistrationState.Registering: s.Put("registering"); break;
                case RegistrationState.Failed: s.Put("failed"); break;
                default: s.Put("not registered"); break;
            }
            s.End(1);
            Labelled(s, 2, "User: ", User);
            Labelled(s, 3, "Srv: ", Server);
            Labelled(s, 4, "Via: ", Transport);
            s.Begin();
            s.Put("Last: ");
            if (RegistrationStatus > 0)
            {
                s.PutNumber(RegistrationStatus);
                s.Put(' ');
                s.Put(RegistrationReason);
            }
            else s.Put('-');
            s.End(5);
            s.Begin();
            s.Put("Expires: ");
            if (ExpiresInSeconds >= 0)
            {
                s.PutNumber(ExpiresInSeconds);
                s.Put('s');
            }
            else s.Put('-');
            s.End(6);
        }

        private void RenderNetwork(TextScreen s)
        {
            Labelled(s, 1, "SSID: ", Ssid);
            Labelled(s, 2, "IP: ", IpAddress);
            s.Begin();
            s.Put("RSSI: ");
            if (RssiDbm != 0)
            {
                s.PutNumber(RssiDbm);
                s.Put(" dBm");
            }
            else s.Put('-');
            s.End(3);
            Counter(s, 4, "Outages: ", Outages);
            Labelled(s, 5, "Link: ", LinkState);
            Blank(s, 6);
        }

        private void RenderSecurity(TextScreen s)
        {
            s.Begin();
            s.Put("Media: ");
            s.Put(SrtpActive ? "SRTP" : "plain RTP");
            s.End(1);
            s.Begin();
            if (SrtpActive)
            {
                // "AES128 HMAC-SHA1-80": the RFC 4568 name (23 characters) does not fit a row.
                bool aes256 = Suite == SrtpSuite.Aes256CmHmacSha1_80 || Suite == SrtpSuite.Aes256CmHmacSha1_32;
                bool tag32 = Suite == SrtpSuite.AesCm128HmacSha1_32 || Suite == SrtpSuite.Aes256CmHmacSha1_32;
                s.Put(aes256 ? "AES256" : "AES128");
                s.Put(" HMAC-SHA1-");
                s.Put(tag32 ? "32" : "80");
            }
            s.End(2);
            s.Begin();
            s.Put("Auth RTP/RTCP: ");
            s.PutNumber(AuthFailures);
            s.Put('/');
            s.PutNumber(RtcpAuthFailures);
            s.End(3);
            Counter(s, 4, "Replays: ", ReplayDrops);
            Counter(s, 5, "Unprotected: ", Unprotected);
            Counter(s, 6, "Peer tag32: ", ShortRtcpTags);
        }

        // SIP traffic the phone refused (docs/security.md): counts an admin can tell a scan or an attack by.
        private void RenderSignalling(TextScreen s)
        {
            Counter(s, 1, "Challenges refused: ", ForeignChallenges);
            Counter(s, 2, "Strangers: ", ForeignRequests);
            Counter(s, 3, "Rate limited: ", RateLimited);
            Counter(s, 4, "503 pool full: ", PoolFull);
            Counter(s, 5, "Unanswerable: ", MalformedRequests);
            Blank(s, 6);
        }

        private void RenderPackets(TextScreen s)
        {
            Counter(s, 1, "Sent: ", PacketsSent);
            Counter(s, 2, "Received: ", PacketsReceived);
            s.Begin();
            s.Put("Lost: ");
            s.PutNumber(PacketsLost);
            s.Put(" Late: ");
            s.PutNumber(LateFrames);
            s.End(3);
            s.Begin();
            s.Put("RTT: ");
            if (RoundTripMs < 0) s.Put("n/a");
            else
            {
                s.PutNumber(RoundTripMs);
                s.Put(" ms");
            }
            s.End(4);
            Counter(s, 5, "Malformed: ", Malformed);
            Counter(s, 6, "Unknown SSRC: ", UnknownSsrc);
        }

        private void RenderAudio(TextScreen s)
        {
            s.Begin();
            s.Put("Codec: ");
            s.Put(Codec == AudioCodec.Pcma ? "PCMA (G.711 A)" : "PCMU (G.711 u)");
            s.End(1);
            s.Begin();
            s.Put("Loss: ");
            int permille = LossPermille < 0 ? 0 : LossPermille;
            s.PutNumber(permille / 10);
            s.Put('.');
            s.PutNumber(permille % 10);
            s.Put('%');
            s.End(2);
            s.Begin();
            s.Put("Jitter: ");
            s.PutNumber(JitterMs);
            s.Put(" ms");
            s.End(3);
            Counter(s, 4, "Concealed: ", ConcealedFrames);
            Counter(s, 5, "Spk underruns: ", PlaybackUnderruns);
            Counter(s, 6, "Mic overruns: ", CaptureOverruns);
        }

        private void RenderMemory(TextScreen s)
        {
            Bytes(s, 1, "Native free: ", NativeFreeBytes);
            Bytes(s, 2, "Largest blk: ", NativeLargestBlock);
            Bytes(s, 3, "GC free: ", ManagedFreeBytes);
            Counter(s, 4, "GC runs: ", GcCount);
            Blank(s, 5);
            Blank(s, 6);
        }

        private void RenderKernel(TextScreen s)
        {
            s.Begin();
            s.Put("Self-test: ");
            s.Put(SelfTest == SelfTestState.Passed ? "pass" : SelfTest == SelfTestState.Failed ? "FAIL" : "not run");
            s.End(1);
            Labelled(s, 2, "Kernel: ", KernelName);
            Micros(s, 3, "Protect: ", ProtectMicros);
            Micros(s, 4, "Unprotect: ", UnprotectMicros);
            s.Begin();
            if (ProtectMicros >= 0 && UnprotectMicros >= 0)
            {
                // 50 packets/s each way (20 ms ptime): µs per second / 10 000 = percent; shown to 0.1 %.
                long perSecond = ((long)ProtectMicros + UnprotectMicros) * 50;
                int tenths = (int)((perSecond + 500) / 1000);
                s.Put("CPU per call: ");
                s.PutNumber(tenths / 10);
                s.Put('.');
                s.PutNumber(tenths % 10);
                s.Put('%');
            }
            s.End(5);
            Blank(s, 6);
        }

        private static void Labelled(TextScreen s, int row, string label, string value)
        {
            s.Begin();
            s.Put(label);
            if (value == null || value.Length == 0) s.Put('-');
            else s.Put(value);
            s.End(row);
        }

        private static void Counter(TextScreen s, int row, string label, int value)
        {
            s.Begin();
            s.Put(label);
            s.PutNumber(value);
            s.End(row);
        }

        private static void Bytes(TextScreen s, int row, string label, int value)
        {
            s.Begin();
            s.Put(label);
            if (value < 0) s.Put('-');
            else s.PutNumber(value);
            s.End(row);
        }

        private static void Micros(TextScreen s, int row, string label, int value)
        {
            s.Begin();
            s.Put(label);
            if (value < 0) s.Put('-');
            else
            {
                s.PutNumber(value);
                s.Put(" us");
            }
            s.End(row);
        }

        private static void Blank(TextScreen s, int row)
        {
            s.Begin();
            s.End(row);
        }
    }
}
