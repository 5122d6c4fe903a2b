using System;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;

namespace Phone.Tools.Provision
{
    /// <summary>
    /// provision push: POST nf.config to a phone's /config over HTTPS and print its answer. The phone's certificate is
    /// self-signed, so it is trusted by its SHA-256 fingerprint only (--pin, as the display shows it): any other
    /// certificate ends the connection before a credential or a byte of nf.config is sent. Plain http:// is refused.
    /// </summary>
    public static class PushCommand
    {
        public static int Run(string[] args, TextWriter output, TextWriter error)
        {
            Options o = Options.Parse(args, 1, "force-downgrade");
            if (o.Error != null) throw new UsageException(o.Error);
            string unknown = o.Unknown("to", "code", "admin-password", "pin", "force-downgrade");
            if (unknown != null) throw new UsageException("unknown option " + unknown);
            if (o.Positional.Count != 1) throw new UsageException("push takes one file");
            string to = o.Get("to") ?? throw new UsageException("--to https://HOST[:PORT] is required");
            string code = o.Get("code");
            string admin = o.Get("admin-password");
            if ((code == null) == (admin == null)) throw new UsageException("give either --code or --admin-password");
            bool force = o.Has("force-downgrade");
            if (force && admin == null) throw new UsageException("--force-downgrade needs --admin-password (the one-time code cannot force it)");
            if (!Uri.TryCreate(to, UriKind.Absolute, out Uri baseUri) || baseUri.Scheme != "https")
            {
                // Never plain HTTP: the Basic password, the code and the whole nf.config would cross the network in clear.
                throw new UsageException("--to must be https://HOST[:PORT] (the address the phone shows); plain http is refused");
            }

            string pin = DeviceIdentity.NormalisePin(o.Get("pin") ?? throw new UsageException("--pin SHA256-FINGERPRINT is required (the fingerprint on the phone's display)"));
            if (pin == null) throw new UsageException("--pin must be the 64 hex digits of the certificate's SHA-256 fingerprint (colons allowed)");

            string path = o.Positional[0];
            if (!File.Exists(path))
            {
                error.WriteLine(path + ": no such file");
                return 2;
            }

            byte[] body = File.ReadAllBytes(path);
            string seen = null;
            var handler = new HttpClientHandler
            {
                // Pinning replaces the CA check: exactly this certificate, whatever its chain or name says.
                ServerCertificateCustomValidationCallback = (message, certificate, chain, errors) =>
                {
                    seen = certificate == null ? null : DeviceIdentity.FingerprintOf(certificate);
                    return seen != null && DeviceIdentity.NormalisePin(seen) == pin;
                },
                AllowAutoRedirect = false,
                UseProxy = false,
            };
            using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUri, "/config"));
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
            if (force)
            {
                request.Headers.Add("X-Phone-Force-Downgrade", "1");
            }

            if (code != null)
            {
                request.Headers.Add("X-Phone-Code", code);
            }
            else
            {
                // RFC 7617 §2: base64 of user-id ":" password, UTF-8 as the phone's challenge asks.
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + admin)));
            }

            HttpResponseMessage response;
            try
            {
                response = http.Send(request);
            }
            catch (Exception e) when (e is HttpRequestException || e is System.Threading.Tasks.TaskCanceledException || e is IOException)
            {
                if (seen != null && DeviceIdentity.NormalisePin(seen) != pin)
                {
                    error.WriteLine("refused: the certificate of " + baseUri + " has fingerprint SHA256 " + seen + ", not the pinned one; nothing was sent");
                    return 1;
                }

                error.WriteLine("no answer from " + baseUri + ": " + e.Message);
                return 1;
            }

            using (response)
            {
                string text = new StreamReader(response.Content.ReadAsStream(), Encoding.UTF8).ReadToEnd();
                TextWriter to2 = response.IsSuccessStatusCode ? output : error;
                to2.WriteLine("phone: " + (int)response.StatusCode + " " + response.ReasonPhrase);
                to2.Write(text);
                if (text.Length > 0 && !text.EndsWith("\n", StringComparison.Ordinal)) to2.WriteLine();
                return response.IsSuccessStatusCode ? 0 : 1;
            }
        }
    }
}
