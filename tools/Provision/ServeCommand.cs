using System;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace Phone.Tools.Provision
{
    /// <summary>
    /// provision serve: a small HTTPS file server for provisioning.url. GET /NAME answers the file DIR/NAME;
    /// names are single path segments of letters, digits, '.', '_' and '-' (no dot first), so nothing outside
    /// DIR can be reached. Every answer closes the connection.
    /// </summary>
    public static class ServeCommand
    {
        private const int MaxHeadBytes = 8192;
        private static readonly Regex SafeName = new Regex("^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$", RegexOptions.CultureInvariant);

        public static int Run(string[] args, TextWriter output, TextWriter error, CancellationToken cancel)
        {
            Options o = Options.Parse(args, 1);
            if (o.Error != null) throw new UsageException(o.Error);
            string unknown = o.Unknown("dir", "port", "bind", "cert", "cert-password", "state", "name");
            if (unknown != null) throw new UsageException("unknown option " + unknown);
            string dir = o.Get("dir") ?? throw new UsageException("--dir DIR is required");
            if (!Directory.Exists(dir))
            {
                error.WriteLine(dir + ": no such folder");
                return 2;
            }

            int port = o.Get("port") == null ? 8443 : DeviceCommand.ParsePort(o.Get("port"));
            IPAddress bind = o.Get("bind") == null ? IPAddress.Loopback : IPAddress.Parse(o.Get("bind"));
            X509Certificate2 cert;
            if (o.Get("cert") != null)
            {
                cert = X509CertificateLoader.LoadPkcs12FromFile(o.Get("cert"), o.Get("cert-password"));
            }
            else if (o.Get("state") != null)
            {
                LocalCa ca = LocalCa.LoadOrCreate(o.Get("state"), o.All("name"));
                cert = ca.Server;
                output.WriteLine("CA for nf.config tls.ca: " + ca.CaPemPath);
            }
            else
            {
                throw new UsageException("give --cert PFX or --state DIR");
            }

            var listener = new TcpListener(bind, port);
            listener.Start();
            using CancellationTokenRegistration stop = cancel.Register(() => listener.Stop());
            output.WriteLine("serving " + Path.GetFullPath(dir) + " on https://" + (bind.AddressFamily == AddressFamily.InterNetworkV6 ? "[" + bind + "]" : bind.ToString()) + ":" + ((IPEndPoint)listener.LocalEndpoint).Port + "/");
            output.Flush();
            while (!cancel.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = listener.AcceptTcpClient();
                }
                catch (Exception e) when (e is SocketException || e is ObjectDisposedException)
                {
                    break;
                }

                _ = Task.Run(() => Serve(client, cert, dir, output));
            }

            return 0;
        }

        private static void Serve(TcpClient client, X509Certificate2 cert, string dir, TextWriter output)
        {
            using (client)
            {
                client.ReceiveTimeout = 10000;
                client.SendTimeout = 10000;
                try
                {
                    using var tls = new SslStream(client.GetStream(), false);
                    tls.AuthenticateAsServer(new SslServerAuthenticationOptions
                    {
                        ServerCertificate = cert,
                        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                        ClientCertificateRequired = false,
                    });
                    string head = ReadHead(tls);
                    string line = head == null ? null : head.Split("\r\n")[0];
                    string[] parts = line?.Split(' ');
                    int status;
                    byte[] body = Array.Empty<byte>();
                    bool headOnly = false;
                    if (parts == null || parts.Length != 3 || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
                    {
                        status = 400;
                    }
                    else if (parts[0] != "GET" && parts[0] != "HEAD")
                    {
                        status = 405;
                    }
                    else
                    {
                        headOnly = parts[0] == "HEAD";
                        string path = parts[1];
                        int q = path.IndexOf('?');
                        if (q >= 0) path = path.Substring(0, q);
                        string name = path.StartsWith('/') ? path.Substring(1) : null;
                        string file = name != null && SafeName.IsMatch(name) ? Path.Combine(dir, name) : null;
                        if (file != null && File.Exists(file))
                        {
                            status = 200;
                            body = File.ReadAllBytes(file);
                        }
                        else
                        {
                            status = 404;
                        }
                    }

                    string reason = status switch { 200 => "OK", 400 => "Bad Request", 404 => "Not Found", _ => "Method Not Allowed" };
                    var sb = new StringBuilder();
                    sb.Append("HTTP/1.1 ").Append(status).Append(' ').Append(reason).Append("\r\n");
                    sb.Append("Content-Type: ").Append(status == 200 ? "text/plain; charset=utf-8" : "text/plain").Append("\r\n");
                    sb.Append("Content-Length: ").Append(body.Length).Append("\r\n");
                    if (status == 405) sb.Append("Allow: GET, HEAD\r\n");
                    sb.Append("Cache-Control: no-store\r\nConnection: close\r\n\r\n");
                    tls.Write(Encoding.ASCII.GetBytes(sb.ToString()));
                    if (!headOnly) tls.Write(body);
                    tls.Flush();
                    lock (output)
                    {
                        output.WriteLine((line ?? "(no request)") + " -> " + status);
                        output.Flush();
                    }
                }
                catch (Exception e) when (e is IOException || e is AuthenticationException || e is SocketException)
                {
                    lock (output)
                    {
                        output.WriteLine("connection failed: " + e.Message);
                        output.Flush();
                    }
                }
            }
        }

        private static string ReadHead(Stream s)
        {
            var buf = new byte[MaxHeadBytes];
            int used = 0;
            while (used < buf.Length)
            {
                int n = s.Read(buf, used, buf.Length - used);
                if (n == 0) return null;
                used += n;
                string text = Encoding.ASCII.GetString(buf, 0, used);
                if (text.Contains("\r\n\r\n", StringComparison.Ordinal)) return text;
            }

            return null;
        }
    }
}
