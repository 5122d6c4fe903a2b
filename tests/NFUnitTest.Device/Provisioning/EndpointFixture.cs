using System.Text;
using nanoFramework.TestFramework;
using Phone.Device.Provisioning;
using Phone.Device.Storage;
using Phone.Tests.Device.Storage;

namespace Phone.Tests.Device.Provisioning
{
    /// <summary>A booted phone (nf.config = StoreTexts.Old) with its endpoint; the first code is 123456, the next 987654.</summary>
    internal sealed class EndpointFixture
    {
        internal const string FirstCode = "123456";
        internal const string SecondCode = "987654";

        internal readonly SimulatedFlash Flash;
        internal readonly ConfigStore Store;
        internal readonly ProvisioningCode Code;
        internal readonly ProvisioningEndpoint Endpoint;

        internal EndpointFixture()
        {
            Flash = StoreTexts.Volume(StoreTexts.Old, StoreTexts.Prev);
            Store = new ConfigStore(Flash);
            Store.Load();
            Code = new ProvisioningCode(new ScriptedEntropy(new byte[] { 1, 2, 3, 4, 5, 6, 9, 8, 7, 6, 5, 4 }), 6);
            Endpoint = new ProvisioningEndpoint(Store, Code);
            Endpoint.DeviceName = "desk-1";
            Endpoint.StatusText = "provisioning mode";
        }

        /// <summary>Feeds the whole request at once; null when the endpoint wants more bytes.</summary>
        internal string Exchange(string request, long nowMs)
        {
            return Exchange(Encoding.UTF8.GetBytes(request), nowMs);
        }

        internal string Exchange(byte[] request, long nowMs)
        {
            return Exchange(null, request, nowMs);
        }

        /// <summary>The request from a given source address (null: Accept() without one).</summary>
        internal string From(string source, string request, long nowMs)
        {
            return Exchange(source, Encoding.UTF8.GetBytes(request), nowMs);
        }

        internal string Exchange(string source, byte[] request, long nowMs)
        {
            ProvisioningConnection c = source == null ? Endpoint.Accept() : Endpoint.Accept(source, nowMs);
            c.Receive(request, 0, request.Length, nowMs);
            if (!c.IsComplete)
            {
                return null;
            }

            byte[] r = c.Response.ToBytes();
            return Encoding.UTF8.GetString(r, 0, r.Length);
        }

        /// <summary>POST /config with nf.config text and optional extra header lines (each ending in CRLF).</summary>
        internal static string Post(string headers, string body)
        {
            return "POST /config HTTP/1.1\r\nHost: 192.168.4.1\r\nContent-Type: text/plain\r\n" + headers
                + "Content-Length: " + Encoding.UTF8.GetBytes(body).Length.ToString() + "\r\n\r\n" + body;
        }

        internal static int Status(string response)
        {
            Assert.IsNotNull(response, "no response");
            Assert.StartsWith("HTTP/1.1 ", response);
            return int.Parse(response.Substring(9, 3));
        }

        internal static string Body(string response)
        {
            int at = response.IndexOf("\r\n\r\n");
            return response.Substring(at + 4);
        }

        /// <summary>nf.config on the volume is still the original file.</summary>
        internal void Unchanged()
        {
            StoreTexts.FileIs(Flash, ConfigStore.CurrentName, StoreTexts.Old);
            StoreTexts.FileIs(Flash, ConfigStore.PreviousName, StoreTexts.Prev);
        }
    }
}
