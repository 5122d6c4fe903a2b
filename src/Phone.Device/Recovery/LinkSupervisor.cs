using System;
using Phone.Ui;

namespace Phone.Device.Recovery
{
    /// <summary>
    /// Brings the phone online and back after a loss, as a sans-I/O state machine: Wi-Fi, then the TLS
    /// connection to the SIP server, then registration, each step retried with its own
    /// <see cref="ReconnectPolicy"/>. A loss of a lower layer takes down everything above it (a Wi-Fi loss
    /// closes TLS; a dropped TLS connection needs a new REGISTER, RFC 5626 §4.4.1: the registration is bound
    /// to the flow). Inputs are events with the time; outputs are <see cref="LinkAction"/>s the firmware takes
    /// with <see cref="TakeAction"/>, the current <see cref="Phase"/> and a one-line status for the screen.
    /// </summary>
    public sealed class LinkSupervisor
    {
        public const long NoDeadline = long.MaxValue;

        private const int ActionCapacity = 4;

        private readonly ReconnectPolicy wifi;
        private readonly ReconnectPolicy tls;
        private readonly ReconnectPolicy registration;
        private readonly LinkAction[] actions = new LinkAction[ActionCapacity];
        private int actionHead;
        private int actionCount;
        private LinkPhase phase;
        private bool lost;          // the waiting phase follows a loss of a working link, not a failed attempt

        public LinkSupervisor(ReconnectPolicy wifi, ReconnectPolicy tls, ReconnectPolicy registration)
        {
            Random r = null;
            if (wifi == null || tls == null || registration == null) r = new Random();
            this.wifi = wifi ?? ReconnectPolicy.ForWifi(r);
            this.tls = tls ?? ReconnectPolicy.ForTls(r);
            this.registration = registration ?? ReconnectPolicy.ForRegistration(r);
        }

        /// <summary>With the default policies, jittered by random.</summary>
        public LinkSupervisor(Random random)
            : this(ReconnectPolicy.ForWifi(random), ReconnectPolicy.ForTls(random), ReconnectPolicy.ForRegistration(random))
        {
        }

        public LinkPhase Phase
        {
            get { return phase; }
        }

        public bool Online
        {
            get { return phase == LinkPhase.Ready; }
        }

        public ReconnectPolicy WifiPolicy
        {
            get { return wifi; }
        }

        public ReconnectPolicy TlsPolicy
        {
            get { return tls; }
        }

        public ReconnectPolicy RegistrationPolicy
        {
            get { return registration; }
        }

        /// <summary>Times the phone went from Ready to not ready.</summary>
        public int Outages { get; private set; }

        /// <summary>Actions waiting in <see cref="TakeAction"/>.</summary>
        public int PendingActions
        {
            get { return actionCount; }
        }

        /// <summary>The oldest action, or <see cref="LinkAction.None"/>.</summary>
        public LinkAction TakeAction()
        {
            if (actionCount == 0) return LinkAction.None;
            LinkAction a = actions[actionHead];
            actionHead = (actionHead + 1) % ActionCapacity;
            actionCount--;
            return a;
        }

        /// <summary>When <see cref="Tick"/> must run next (a retry time), or <see cref="NoDeadline"/>.</summary>
        public long NextDeadlineMs
        {
            get
            {
                switch (phase)
                {
                    case LinkPhase.WifiWaiting: return wifi.RetryAtMs;
                    case LinkPhase.TlsWaiting: return tls.RetryAtMs;
                    case LinkPhase.RegisterWaiting: return registration.RetryAtMs;
                }
                return NoDeadline;
            }
        }

        /// <summary>Seconds until the pending retry (0 when none): the countdown on the screen.</summary>
        public int SecondsUntilRetry(long nowMs)
        {
            switch (phase)
            {
                case LinkPhase.WifiWaiting: return wifi.SecondsUntilRetry(nowMs);
                case LinkPhase.TlsWaiting: return tls.SecondsUntilRetry(nowMs);
                case LinkPhase.RegisterWaiting: return registration.SecondsUntilRetry(nowMs);
            }
            return 0;
        }

        /// <summary>Power-on: connect Wi-Fi.</summary>
        public void Start(long nowMs)
        {
            if (phase != LinkPhase.Off) return;
            Enter(LinkPhase.WifiConnecting, LinkAction.ConnectWifi);
        }

        public void WifiConnected(long nowMs)
        {
            if (phase != LinkPhase.WifiConnecting && phase != LinkPhase.WifiWaiting) return;
            wifi.Succeeded();
            lost = false;
            Enter(LinkPhase.TlsConnecting, LinkAction.ConnectTls);
        }

        /// <summary>A Wi-Fi connect attempt failed (wrong password, no access point in range, DHCP timeout).</summary>
        public void WifiFailed(long nowMs)
        {
            if (phase != LinkPhase.WifiConnecting) return;
            lost = false;
            wifi.Failed(nowMs);
            phase = LinkPhase.WifiWaiting;
        }

        /// <summary>The Wi-Fi link went down (NetworkChange / Wi-Fi event), in any phase after it was up.</summary>
        public void WifiLost(long nowMs)
        {
            if (phase == LinkPhase.Off || phase == LinkPhase.WifiConnecting || phase == LinkPhase.WifiWaiting) return;
            if (phase == LinkPhase.Ready) Outages++;
            if (phase != LinkPhase.TlsWaiting) Add(LinkAction.CloseTls);   // a connection is open or opening
            tls.Succeeded();
            registration.Succeeded();
            lost = true;
            wifi.Failed(nowMs);
            phase = LinkPhase.WifiWaiting;
        }

        public void TlsConnected(long nowMs)
        {
            if (phase != LinkPhase.TlsConnecting) return;
            tls.Succeeded();
            lost = false;
            Enter(LinkPhase.Registering, LinkAction.Register);
        }

        /// <summary>The TLS connect failed (refused, timeout, certificate not trusted).</summary>
        public void TlsFailed(long nowMs)
        {
            if (phase != LinkPhase.TlsConnecting) return;
            lost = false;
            tls.Failed(nowMs);
            phase = LinkPhase.TlsWaiting;
        }

        /// <summary>The TLS connection dropped (peer closed, keep-alive failed) while Wi-Fi stays up.</summary>
        public void TlsClosed(long nowMs)
        {
            if (phase != LinkPhase.Registering && phase != LinkPhase.RegisterWaiting && phase != LinkPhase.Ready) return;
            if (phase == LinkPhase.Ready) Outages++;
            registration.Succeeded();
            lost = true;
            tls.Failed(nowMs);
            phase = LinkPhase.TlsWaiting;
        }

        public void Registered(long nowMs)
        {
            if (phase != LinkPhase.Registering) return;
            registration.Succeeded();
            lost = false;
            phase = LinkPhase.Ready;
        }

        /// <summary>REGISTER was refused or timed out; the connection stays.</summary>
        public void RegistrationFailed(long nowMs)
        {
            if (phase != LinkPhase.Registering && phase != LinkPhase.Ready) return;
            if (phase == LinkPhase.Ready) Outages++;
            lost = phase == LinkPhase.Ready;
            registration.Failed(nowMs);
            phase = LinkPhase.RegisterWaiting;
        }

        /// <summary>Fires a retry whose time has come.</summary>
        public void Tick(long nowMs)
        {
            switch (phase)
            {
                case LinkPhase.WifiWaiting:
                    if (wifi.IsDue(nowMs))
                    {
                        wifi.ClearRetry();
                        Enter(LinkPhase.WifiConnecting, LinkAction.ConnectWifi);
                    }
                    break;
                case LinkPhase.TlsWaiting:
                    if (tls.IsDue(nowMs))
                    {
                        tls.ClearRetry();
                        Enter(LinkPhase.TlsConnecting, LinkAction.ConnectTls);
                    }
                    break;
                case LinkPhase.RegisterWaiting:
                    if (registration.IsDue(nowMs))
                    {
                        registration.ClearRetry();
                        Enter(LinkPhase.Registering, LinkAction.Register);
                    }
                    break;
            }
        }

        /// <summary>
        /// Writes the link state as one screen row (at most 21 characters), e.g. "Wi-Fi lost, retry 8s",
        /// "No server, retry 16s", "Registering...", "Online". Allocates nothing.
        /// </summary>
        public void RenderStatus(TextScreen screen, int row, long nowMs)
        {
            if (screen == null || row < 0 || row >= TextScreen.Rows) return;
            screen.Begin();
            switch (phase)
            {
                case LinkPhase.Off: screen.Put("Starting..."); break;
                case LinkPhase.WifiConnecting: screen.Put("Wi-Fi connecting..."); break;
                case LinkPhase.WifiWaiting:
                    screen.Put(lost ? "Wi-Fi lost, retry " : "No Wi-Fi, retry ");
                    PutSeconds(screen, wifi.SecondsUntilRetry(nowMs));
                    break;
                case LinkPhase.TlsConnecting: screen.Put("Connecting server..."); break;
                case LinkPhase.TlsWaiting:
                    screen.Put("No server, retry ");  // lost or refused alike: 21 columns fit "120s"
                    PutSeconds(screen, tls.SecondsUntilRetry(nowMs));
                    break;
                case LinkPhase.Registering: screen.Put("Registering..."); break;
                case LinkPhase.RegisterWaiting:
                    screen.Put("Reg retry in ");
                    PutSeconds(screen, registration.SecondsUntilRetry(nowMs));
                    break;
                case LinkPhase.Ready: screen.Put("Online"); break;
            }
            screen.End(row);
        }

        private static void PutSeconds(TextScreen screen, int seconds)
        {
            screen.PutNumber(seconds);
            screen.Put('s');
        }

        private void Enter(LinkPhase next, LinkAction action)
        {
            phase = next;
            Add(action);
        }

        private void Add(LinkAction a)
        {
            if (actionCount == ActionCapacity)
            {
                // Never happens with one action per event; keep the newest, it reflects the current phase.
                actionHead = (actionHead + 1) % ActionCapacity;
                actionCount--;
            }
            actions[(actionHead + actionCount) % ActionCapacity] = a;
            actionCount++;
        }
    }
}
