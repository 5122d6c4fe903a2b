using System;
using nanoFramework.TestFramework;
using Phone.Device.Recovery;
using Phone.Ui;

namespace Phone.Tests.Device.Recovery
{
    /// <summary>Wi-Fi, then TLS, then REGISTER; losses tear down what sits above; the status line counts down.</summary>
    [TestClass]
    public class LinkSupervisorTests
    {
        static readonly TextScreen s_screen = new TextScreen();

        // Jitter-free policies so the waits are exact: Wi-Fi 1 s, TLS 2 s, registration 4 s, doubling.
        static LinkSupervisor New()
        {
            Random r = new Random(1);
            return new LinkSupervisor(new ReconnectPolicy(1000, 60000, 0, r), new ReconnectPolicy(2000, 120000, 0, r),
                new ReconnectPolicy(4000, 120000, 0, r));
        }

        static string Actions(LinkSupervisor l)
        {
            string s = "";
            LinkAction a;
            while ((a = l.TakeAction()) != LinkAction.None)
            {
                if (s.Length > 0) s += " ";
                switch (a)
                {
                    case LinkAction.ConnectWifi: s += "ConnectWifi"; break;
                    case LinkAction.ConnectTls: s += "ConnectTls"; break;
                    case LinkAction.CloseTls: s += "CloseTls"; break;
                    case LinkAction.Register: s += "Register"; break;
                }
            }
            return s;
        }

        static string Status(LinkSupervisor l, long now)
        {
            l.RenderStatus(s_screen, 4, now);
            return s_screen.Line(4).TrimEnd();
        }

        static LinkSupervisor Online()
        {
            LinkSupervisor l = New();
            l.Start(0);
            l.WifiConnected(100);
            l.TlsConnected(200);
            l.Registered(300);
            Actions(l);
            return l;
        }

        [TestMethod]
        public void PowerOnGoesWifiThenTlsThenRegister()
        {
            LinkSupervisor l = New();
            Assert.AreEqual("Starting...", Status(l, 0));
            l.Start(0);
            Assert.AreEqual("ConnectWifi", Actions(l));
            Assert.AreEqual("Wi-Fi connecting...", Status(l, 0));
            l.WifiConnected(3000);
            Assert.AreEqual("ConnectTls", Actions(l));
            Assert.AreEqual("Connecting server...", Status(l, 3000));
            l.TlsConnected(3400);
            Assert.AreEqual("Register", Actions(l));
            Assert.AreEqual("Registering...", Status(l, 3400));
            l.Registered(3500);
            Assert.AreEqual("", Actions(l));
            Assert.IsTrue(l.Online);
            Assert.AreEqual("Online", Status(l, 3500));
            Assert.AreEqual(LinkSupervisor.NoDeadline, l.NextDeadlineMs);
        }

        [TestMethod]
        public void WifiLossClosesTlsThenReconnectsAndReregisters()
        {
            LinkSupervisor l = Online();
            l.WifiLost(10000);
            Assert.AreEqual("CloseTls", Actions(l));
            Assert.AreEqual((int)LinkPhase.WifiWaiting, (int)l.Phase);
            Assert.AreEqual(1, l.Outages);
            Assert.AreEqual("Wi-Fi lost, retry 1s", Status(l, 10000));
            Assert.AreEqual(11000L, l.NextDeadlineMs);

            l.Tick(10999);
            Assert.AreEqual("", Actions(l));
            l.Tick(11000);
            Assert.AreEqual("ConnectWifi", Actions(l));
            // The access point is still rebooting: 2 s, then 4 s.
            l.WifiFailed(11500);
            Assert.AreEqual("No Wi-Fi, retry 2s", Status(l, 11500));
            l.Tick(13500);
            Assert.AreEqual("ConnectWifi", Actions(l));
            l.WifiFailed(14000);
            Assert.AreEqual("No Wi-Fi, retry 4s", Status(l, 14000));
            Assert.AreEqual("No Wi-Fi, retry 3s", Status(l, 15000));
            l.Tick(18000);
            Assert.AreEqual("ConnectWifi", Actions(l));
            l.WifiConnected(18300);
            Assert.AreEqual("ConnectTls", Actions(l));
            l.TlsConnected(18600);
            Assert.AreEqual("Register", Actions(l));
            l.Registered(18700);
            Assert.IsTrue(l.Online);

            // The next loss starts from 1 s again.
            l.WifiLost(50000);
            Actions(l);
            Assert.AreEqual(51000L, l.NextDeadlineMs);
            Assert.AreEqual(2, l.Outages);
        }

        [TestMethod]
        public void ADroppedConnectionIsReopenedAndTheRegistrationRenewed()
        {
            LinkSupervisor l = Online();
            l.TlsClosed(20000);
            Assert.AreEqual("", Actions(l), "nothing to close");
            Assert.AreEqual("No server, retry 2s", Status(l, 20000));
            l.Tick(22000);
            Assert.AreEqual("ConnectTls", Actions(l));
            l.TlsFailed(22100);
            Assert.AreEqual("No server, retry 4s", Status(l, 22100));
            l.Tick(26100);
            Assert.AreEqual("ConnectTls", Actions(l));
            l.TlsConnected(26200);
            Assert.AreEqual("Register", Actions(l));
            l.Registered(26300);
            Assert.IsTrue(l.Online);
            Assert.AreEqual(1, l.Outages);
        }

        [TestMethod]
        public void ARefusedRegistrationIsRetriedOnTheSameConnection()
        {
            LinkSupervisor l = New();
            l.Start(0);
            l.WifiConnected(100);
            l.TlsConnected(200);
            Actions(l);
            l.RegistrationFailed(300);
            Assert.AreEqual("", Actions(l));
            Assert.AreEqual("Reg retry in 4s", Status(l, 300));
            l.Tick(4300);
            Assert.AreEqual("Register", Actions(l));
            l.RegistrationFailed(4400);
            Assert.AreEqual("Reg retry in 8s", Status(l, 4400));
            Assert.AreEqual(12400L, l.NextDeadlineMs);
        }

        [TestMethod]
        public void WifiLossWhileWaitingForTlsDoesNotCloseAnything()
        {
            LinkSupervisor l = New();
            l.Start(0);
            l.WifiConnected(100);
            l.TlsFailed(200);
            Actions(l);
            l.WifiLost(300);
            Assert.AreEqual("", Actions(l));
            Assert.AreEqual((int)LinkPhase.WifiWaiting, (int)l.Phase);
            Assert.AreEqual(0, l.Outages, "it was never online");
            // The TLS backoff starts over once Wi-Fi is back.
            l.Tick(1300);
            l.WifiConnected(1400);
            l.TlsFailed(1500);
            Assert.AreEqual(3500L, l.NextDeadlineMs);
        }

        [TestMethod]
        public void EventsThatDoNotFitThePhaseAreIgnored()
        {
            LinkSupervisor l = New();
            l.WifiConnected(0);
            l.TlsConnected(0);
            l.Registered(0);
            Assert.AreEqual((int)LinkPhase.Off, (int)l.Phase);
            Assert.AreEqual("", Actions(l));
            l.Start(0);
            l.Registered(10);
            l.TlsClosed(10);
            Assert.AreEqual((int)LinkPhase.WifiConnecting, (int)l.Phase);
            l.Start(20);
            Assert.AreEqual("ConnectWifi", Actions(l), "one connect only");
        }

        [TestMethod]
        public void TheLongestCountdownsFitOneRow()
        {
            LinkSupervisor l = New();
            l.Start(0);
            for (int i = 0; i < 10; i++)
            {
                l.WifiFailed(0);
                l.Tick(l.NextDeadlineMs);
                Actions(l);
            }
            l.WifiFailed(0);
            Assert.AreEqual("No Wi-Fi, retry 60s", Status(l, 0));
            l.WifiConnected(0);
            for (int i = 0; i < 10; i++)
            {
                l.TlsFailed(0);
                l.Tick(l.NextDeadlineMs);
            }
            l.TlsFailed(0);
            Assert.AreEqual("No server, retry 120s", Status(l, 0));
        }
    }
}
