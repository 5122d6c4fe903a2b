using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using Phone.Host.App;
using Phone.Host.Tests.Interop;
using Xunit;
using Xunit.Abstractions;

namespace Phone.Host.Tests.App
{
    /// <summary>
    /// RFC 3263 end to end: the app asks dnsmasq (sip.dns_server) for the registrar's NAPTR, SRV and A records and
    /// registers with kamailio over TLS at the target they name, checking the certificate against the configured
    /// name, not the SRV target. The first SRV target (priority 10) is a port that takes the TCP connection and
    /// closes it at once; the phone must fail over to the second (priority 20). Verdicts come from dnsmasq's query
    /// log, the dead port's own accept count and kamailio's sipdump (its 200 to REGISTER with the phone's binding).
    /// </summary>
    public sealed class PhoneAppDnsTests
    {
        private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);
        private readonly ITestOutputHelper _out;

        public PhoneAppDnsTests(ITestOutputHelper output)
        {
            _out = output;
        }


        [Fact]
        public void RegistersThroughNaptrAndSrv_FailsOverFromTheDeadFirstTarget()
        {
            using KamailioRig rig = KamailioRig.Start(new KamailioRigOptions { SipDump = true });
            // The dead server: takes each connection and drops it before any TLS, as a crashed registrar's host would.
            var dead = new TcpListener(IPAddress.Loopback, 0);
            dead.Start();
            int deadPort = ((IPEndPoint)dead.LocalEndpoint).Port;
            int deadAccepts = 0;
            var stop = new CancellationTokenSource();
            var deadLoop = new Thread(() =>
            {
                try
                {
                    while (!stop.IsCancellationRequested)
                    {
                        using TcpClient c = dead.AcceptTcpClient();
                        Interlocked.Increment(ref deadAccepts);
                        c.Client.LingerState = new LingerOption(true, 0);
                    }
                }
                catch (SocketException) { }
                catch (ObjectDisposedException) { }
            }) { IsBackground = true };
            deadLoop.Start();

            using var dns = new DnsmasqServer(new[]
            {
                "--naptr-record=localhost,10,10,s,SIP+D2U,,_sip._udp.localhost",
                "--naptr-record=localhost,20,10,s,SIPS+D2T,,_sips._tcp.localhost",
                "--srv-host=_sips._tcp.localhost,dead.localhost," + deadPort + ",10,0",
                "--srv-host=_sips._tcp.localhost,live.localhost," + rig.TlsPort + ",20,0",
                "--host-record=dead.localhost,127.0.0.1",
                "--host-record=live.localhost,127.0.0.1",
            });
            string volume = AppHarness.NewVolume(rig, out string dir);
            // No port: RFC 3263 §4.2 looks up NAPTR and SRV only for a name without one.
            File.WriteAllText(Path.Combine(volume, "nf.config"),
                "[device]\nname = desk-dns\n[wifi]\nssid = RigNet\n" +
                "[sip]\ndomain = " + rig.Realm + "\nregistrar = localhost\nuser = 1002\npassword = " + rig.Users["1002"] + "\n" +
                "transport = tls\nregister_expiry = 120\ndns_server = 127.0.0.1:" + dns.Port + "\n" +
                "[tls]\nca = I:\\" + Path.GetFileName(rig.CaPath) + "\nverify_hostname = true\n" +
                "[srtp]\nmode = mandatory\n");
            var phone = new VirtualPhone(new VirtualPhoneOptions { Folder = volume });
            try
            {
                phone.PowerOn();
                bool registered = phone.WaitUntil(AppHarness.Registered, Step);
                _out.WriteLine("dnsmasq log:\n" + dns.Log);
                _out.WriteLine("phone: " + phone.App.Phone?.Core?.LastRegistration + "\n" + phone.ScreenText());
                Assert.True(registered, "not registered\n" + phone.ScreenText());

                // dnsmasq saw the RFC 3263 sequence: NAPTR of the name, the SRV name of the TLS NAPTR, both targets' A.
                string log = dns.Log;
                int naptr = log.IndexOf("query[NAPTR] localhost from 127.0.0.1", StringComparison.Ordinal);
                int srv = log.IndexOf("query[SRV] _sips._tcp.localhost from 127.0.0.1", StringComparison.Ordinal);
                int aDead = log.IndexOf("query[A] dead.localhost from 127.0.0.1", StringComparison.Ordinal);
                int aLive = log.IndexOf("query[A] live.localhost from 127.0.0.1", StringComparison.Ordinal);
                Assert.True(naptr >= 0 && srv > naptr && aDead > srv && aLive > aDead, "queries out of RFC 3263 order:\n" + log);
                Assert.DoesNotContain("_sip._udp.localhost", log); // the UDP NAPTR is not for a TLS phone

                // The priority-10 target was tried first and failed; the registration is at kamailio.
                Assert.True(Volatile.Read(ref deadAccepts) >= 1, "the first SRV target was never tried");
                string ok = MatrixSipDump.WaitForLast(rig, m => MatrixSipDump.IsResponse(m, 200, "REGISTER"), TimeSpan.FromSeconds(15));
                Assert.True(ok != null, "kamailio sent no 200 to REGISTER");
                string contact = MatrixSipDump.Header(ok, "Contact") ?? MatrixSipDump.Header(ok, "m");
                _out.WriteLine("kamailio's 200 Contact: " + contact);
                Assert.Contains("<sips:1002@", contact); // our REGISTER's Contact over TLS (RFC 5630 §3.1.3)
                Assert.Contains("expires=", contact);
            }
            finally
            {
                phone.Dispose();
                stop.Cancel();
                dead.Stop();
                AppHarness.Delete(dir);
            }
        }
    }
}
