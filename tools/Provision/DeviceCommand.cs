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
        /// <summary>Socket timeouts; the request itself is bounded by ProvisioningConnection.RequestDeadlineMs from the accept.</summary>
        public const int IdleTimeoutMs = 10000;

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
                ProvisioningResponse answer = Serve(client, endpoint, clock, identity);
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

        /// <summary>TLS handshake, then one request fed into the endpoint and answered; null when the client went away first.</summary>
        private static ProvisioningResponse Serve(Socket client, ProvisioningEndpoint endpoint, Stopwatch clock, DeviceIdentity identity)
        {
            using (client)
            {
                string source = (client.RemoteEndPoint as IPEndPoint)?.Address.ToString() ?? string.Empty;
                // The deadline covers the handshake too: a client that stalls it holds the single connection as well.
                ProvisioningConnection connection = endpoint.Accept(source, clock.ElapsedMilliseconds);
                client.ReceiveTimeout = ProvisioningConnection.RequestDeadlineMs;
                client.SendTimeout = IdleTimeoutMs;
                using var network = new NetworkStream(client, ownsSocket: false);
                using var tls = new SslStream(network, leaveInnerStreamOpen: true);
                try
                {
                    tls.AuthenticateAsServer(new SslServerAuthenticationOptions
                    {
                        ServerCertificate = identity.Certificate,
                        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                        ClientCertificateRequired = false,
                    });
                }
                catch (Exception e) when (e is AuthenticationException || e is IOException || e is SocketException)
                {
                    // Plain HTTP, a refused pin, a stalled handshake: nothing was read, nothing answered.
                    return null;
                }

                byte[] buffer = new byte[2048];
                try
                {
                    while (!connection.Expire(clock.ElapsedMilliseconds))
                    {
                        // Wait at most until the request's absolute deadline, however the bytes trickle in.
                        long left = connection.DeadlineMs - clock.ElapsedMilliseconds;
                        client.ReceiveTimeout = (int)Math.Max(1, left);
                        int n;
                        try
                        {
                            n = tls.Read(buffer, 0, buffer.Length);
                        }
                        catch (IOException e) when (e.InnerException is SocketException se && se.SocketErrorCode == SocketError.TimedOut)
                        {
                            // SslStream cannot continue after a timed-out read: the request is out of time or broken.
                            connection.Expire(connection.DeadlineMs);
                            break;
                        }

                        if (n == 0) return null;
                        connection.Receive(buffer, 0, n, clock.ElapsedMilliseconds);
                    }

                    byte[] bytes = connection.Response.ToBytes();
                    tls.Write(bytes, 0, bytes.Length);
                    tls.Flush();
                    // Close notify, then half-close and read what the client still sends (an unread body), so closing
                    // does not reset the connection before the client has read the answer (RFC 9112 §9.6).
                    tls.ShutdownAsync().Wait(1000);
                    client.Shutdown(SocketShutdown.Send);
                    client.ReceiveTimeout = 1000;
                    int drained = 0;
                    while (drained < 4 * 1024 * 1024)
                    {
                        int n = client.Receive(buffer);
                        if (n == 0) break;
                        drained += n;
                    }
                }
                catch (Exception e) when (e is SocketException || e is IOException || e is AggregateException)
                {
                }

                return connection.Response;
            }
        }

        internal static int ParsePort(string text)
        {
            if (!int.TryParse(text, out int port) || port < 0 || port > 65535) throw new UsageException("bad port " + text);
            return port;
        }
    }
}
