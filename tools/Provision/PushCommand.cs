using System;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;

namespace Phone.Tools.Provision
{
    /// <summary>provision push: POST nf.config to a phone's /config and print its answer.</summary>
    public static class PushCommand
    {
        public static int Run(string[] args, TextWriter output, TextWriter error)
        {
            Options o = Options.Parse(args, 1);
            if (o.Error != null) throw new UsageException(o.Error);
            string unknown = o.Unknown("to", "code", "admin-password");
            if (unknown != null) throw new UsageException("unknown option " + unknown);
            if (o.Positional.Count != 1) throw new UsageException("push takes one file");
            string to = o.Get("to") ?? throw new UsageException("--to http://HOST[:PORT] is required");
            string code = o.Get("code");
            string admin = o.Get("admin-password");
            if ((code == null) == (admin == null)) throw new UsageException("give either --code or --admin-password");
            if (!Uri.TryCreate(to, UriKind.Absolute, out Uri baseUri) || (baseUri.Scheme != "http" && baseUri.Scheme != "https"))
            {
                throw new UsageException("--to must be http://HOST[:PORT] (the address the phone shows)");
            }

            string path = o.Positional[0];
            if (!File.Exists(path))
            {
                error.WriteLine(path + ": no such file");
                return 2;
            }

            byte[] body = File.ReadAllBytes(path);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUri, "/config"));
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
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
