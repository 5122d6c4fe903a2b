using System.Text;

namespace Phone.Device.Provisioning
{
    /// <summary>
    /// One answer of the provisioning endpoint. <see cref="ToBytes"/> writes it as an HTTP/1.1 response
    /// (RFC 9112 §4, §6.2: Content-Length framing) that always closes the connection (RFC 9112 §9.6), so one
    /// connection carries one request and the device never keeps state between them.
    /// </summary>
    public sealed class ProvisioningResponse
    {
        public ProvisioningResponse(int status, string reason, string body)
        {
            Status = status;
            Reason = reason;
            Body = body == null ? new byte[0] : Encoding.UTF8.GetBytes(body);
        }

        public int Status { get; private set; }

        public string Reason { get; private set; }

        /// <summary>text/plain UTF-8 body.</summary>
        public byte[] Body { get; private set; }

        /// <summary>WWW-Authenticate value for 401 (RFC 9110 §11.6.1), or null.</summary>
        public string WwwAuthenticate;

        /// <summary>Allow value for 405 (RFC 9110 §15.5.6), or null.</summary>
        public string Allow;

        /// <summary>Retry-After in seconds for 429 (RFC 6585 §4, RFC 9110 §10.2.3), or 0.</summary>
        public int RetryAfterSeconds;

        /// <summary>True for a HEAD request: headers as for GET, no body (RFC 9110 §9.3.2).</summary>
        public bool OmitBody;

        /// <summary>A new nf.config was stored: the firmware sends this answer, then restarts into it.</summary>
        public bool ConfigApplied;

        public byte[] ToBytes()
        {
            StringBuilder sb = new StringBuilder();
            sb.Append("HTTP/1.1 ");
            sb.Append(Status.ToString());
            sb.Append(' ');
            sb.Append(Reason);
            sb.Append("\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ");
            sb.Append(Body.Length.ToString());
            sb.Append("\r\nCache-Control: no-store\r\nConnection: close\r\n");
            if (WwwAuthenticate != null)
            {
                sb.Append("WWW-Authenticate: ");
                sb.Append(WwwAuthenticate);
                sb.Append("\r\n");
            }

            if (Allow != null)
            {
                sb.Append("Allow: ");
                sb.Append(Allow);
                sb.Append("\r\n");
            }

            if (RetryAfterSeconds > 0)
            {
                sb.Append("Retry-After: ");
                sb.Append(RetryAfterSeconds.ToString());
                sb.Append("\r\n");
            }

            sb.Append("\r\n");
            byte[] head = Encoding.UTF8.GetBytes(sb.ToString());
            if (OmitBody || Body.Length == 0)
            {
                return head;
            }

            byte[] all = new byte[head.Length + Body.Length];
            System.Array.Copy(head, 0, all, 0, head.Length);
            System.Array.Copy(Body, 0, all, head.Length, Body.Length);
            return all;
        }
    }
}
