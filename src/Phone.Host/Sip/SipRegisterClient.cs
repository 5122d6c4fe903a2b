using System;
using System.IO;
using System.Threading.Tasks;
using Phone.Config;
using Phone.Host.Net;
using Phone.Sip.Registration;
using Phone.Sip;

namespace Phone.Host.Sip
{
    /// <summary>
    /// Registers the account of an nf.config from the host, for tests and a CLI: parse the file, build the TLS
    /// policy from [tls], run a SipHostEndpoint until Registered (or Failed), hold, then unregister.
    /// Passwords never reach the log (events carry status and reason only).
    /// </summary>
    public static class SipRegisterClient
    {
        /// <summary>
        /// Exit code 0 when registered and cleanly unregistered, 1 when registration failed, 2 for a bad config.
        /// resolvePath maps device paths such as I:\ca.pem to host files (null: as written).
        /// </summary>
        public static async Task<int> RunAsync(string configPath, TimeSpan hold, TextWriter log, Func<string, string> resolvePath = null,
            SipHostEndpointOptions options = null)
        {
            byte[] data = File.ReadAllBytes(configPath);
            ConfigResult r = ConfigParser.Parse(data, 0, data.Length);
            if (r.Errors.Length > 0)
            {
                foreach (var e in r.Errors) log.WriteLine("config: " + e);
                return 2;
            }

            SipTlsPolicy tls = r.Config.Sip.Transport == Phone.Sip.SipTransportKind.Tls ? SipTlsPolicy.FromConfig(r.Config.Tls, resolvePath) : null;
            using var endpoint = new SipHostEndpoint(r.Config.Sip, tls, options);
            endpoint.RegistrationChanged += e => log.WriteLine("registration: " + e);
            endpoint.Start();
            SipRegistrationEvent done = await endpoint.WaitForAsync(
                e => e.State == Phone.Sip.Registration.RegistrationState.Registered || e.State == Phone.Sip.Registration.RegistrationState.Failed, 0, TimeSpan.FromSeconds(40)).ConfigureAwait(false);
            if (done == null || done.State != Phone.Sip.Registration.RegistrationState.Registered) return 1;
            await Task.Delay(hold).ConfigureAwait(false);
            return await endpoint.UnregisterAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false) ? 0 : 1;
        }
    }
}
