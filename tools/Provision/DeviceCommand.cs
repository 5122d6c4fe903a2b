using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Threading;
using Phone.Device.Provisioning;
using Phone.Device.Storage;
using Phone.Host.Drivers;

namespace Phone.Tools.Provision
{
    /// <summary>
    /// provision device: the phone's provisioning endpoint (the same Phone.Device code) behind a TcpListener over
    /// HTTPS, with nf.config kept in a folder by ConfigStore. The TLS identity is made once and kept in the folder
    /// (DeviceIdentity); its fingerprint is "shown on the display" for `provision push --pin`. No plain HTTP:
    /// credentials and nf.config never cross the network in clear. Serves one connection at a time like the phone, answers
    /// each with Connection: close, and "restarts" (loads the store again) after a stored upload. Lines starting
    /// with "display:" are what the phone's display would show.
    /// </summary>
    public static class DeviceCommand
    {
        public static int Run(string[] args, TextWriter output, TextWriter error, CancellationToken cancel)
        {
            Options o = Options.Parse(args, 1);
            if (o.Error != null) throw new UsageException(o.Error);
            string unknown = o.Unknown("state", "port", "bind");
            if (unknown != null) throw new UsageException("unknown option " + unknown);
            string state = o.Get("state") ?? throw new UsageException("--state DIR is required");
            int port = o.Get("port") == null ? 8080 : ParsePort(o.Get("port"));
            IPAddress bind = o.Get("bind") == null ? IPAddress.Loopback : IPAddress.Parse(o.Get("bind"));

            DeviceIdentity identity = DeviceIdentity.LoadOrCreate(state);
            var store = new ConfigStore(new DirectoryFileStore(state));
            var code = new ProvisioningCode(new SystemEntropy(), ProvisioningCode.MinDigits);
            var endpoint = new ProvisioningEndpoint(store, code);
            Boot(store, endpoint, output);

            var listener = new TcpListener(bind, port);
            listener.Start();
            using CancellationTokenRegistration stop = cancel.Register(() => listener.Stop());
            output.WriteLine("listening on https://" + (bind.AddressFamily == AddressFamily.InterNetworkV6 ? "[" + bind + "]" : bind.ToString()) + ":" + ((IPEndPoint)listener.LocalEndpoint).Port + "/");
            output.WriteLine("display: fingerprint SHA256 " + identity.Fingerprint);
            output.WriteLine("display: code " + code.Value);
            output.Flush();

            var clock = Stopwatch.StartNew();
            object storeLock = new object();
            while (!cancel.IsCancellationRequested)
            {
                Socket client;
                try
                {
                    client = listener.AcceptSocket();
                }
                catch (SocketException) when (cancel.IsCancellationRequested)
                {
                    break;
                }
                catch (ObjectDisposedException)
                {
                    break;
                }

                string before = code.Value;
                ProvisioningResponse answer = HostProvisioningServer.ServeOne(client, endpoint, () => clock.ElapsedMilliseconds, identity.Certificate, storeLock);
                if (answer != null)
                {
                    output.WriteLine("request answered " + answer.Status + " " + answer.Reason);
                }

                if (answer != null && answer.ConfigApplied)
                {
                    output.WriteLine("display: nf.config stored, restarting");
                    Boot(store, endpoint, output);
                }

                if (code.Value != before)
                {
                    output.WriteLine("display: code " + code.Value);
                }

                if (answer != null && answer.Status == 429)
                {
                    output.WriteLine("display: too many wrong codes, wait");
                }

                output.Flush();
            }

            return 0;
        }

        private static void Boot(ConfigStore store, ProvisioningEndpoint endpoint, TextWriter output)
        {
            ConfigLoadResult boot = store.Load();
            endpoint.AdminPassword = boot.Config?.Device.AdminPassword;
            endpoint.DeviceName = boot.Config?.Device.Name ?? "phone";
            endpoint.StatusText = boot.Source == ConfigSource.None ? "provisioning mode" : boot.Message.Length > 0 ? boot.Message : "configured";
            output.WriteLine(boot.Source switch
            {
                ConfigSource.Current => "display: nf.config loaded (sip user " + boot.Config.Sip.User + ")",
                ConfigSource.Previous => "display: " + boot.Message,
                _ => "display: " + boot.Message,
            });
        }

        internal static int ParsePort(string text)
        {
            if (!int.TryParse(text, out int port) || port < 0 || port > 65535) throw new UsageException("bad port " + text);
            return port;
        }
    }
}
