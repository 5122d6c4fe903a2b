using System;
using System.Text;
using Phone.Config;
using Phone.Device.Storage;

namespace Phone.Device.Provisioning
{
    /// <summary>
    /// The phone's local provisioning service, sans-I/O. Resources:
    /// <c>GET /</c> (and HEAD) a short status text without secrets;
    /// <c>POST /config</c> with nf.config as the body, authorised by the one-time code on the display
    /// (header <c>X-Phone-Code</c>) or by Basic authentication (RFC 7617) as user <c>admin</c> with
    /// device.admin_password when nf.config sets one. The body is validated with the core ConfigParser
    /// before the ConfigStore update: 422 lists the parser's errors line by line, 200 means stored.
    /// Guessing is limited per source address with exponential lock-outs and a global budget
    /// (<see cref="GuessLimiter"/>): 429 with Retry-After while a source may not try. A refused upload never
    /// touches the store.
    /// The caller opens one <see cref="ProvisioningConnection"/> per TCP connection (raw socket path), or,
    /// behind a server that parses HTTP itself, calls <see cref="Handle"/> with the parsed parts.
    /// </summary>
    public sealed class ProvisioningEndpoint
    {
        /// <summary>Request line plus header fields; a curl or browser request needs well under 1 KiB.</summary>
        public const int MaxHeadBytes = 4096;

        /// <summary>Largest body: the largest nf.config the parser accepts.</summary>
        public const int MaxBodyBytes = ConfigParser.MaxFileBytes;

        /// <summary>Wrong credentials in a row from one source before its lock-out.</summary>
        public const int MaxFailures = GuessLimiter.FailuresPerLockout;

        /// <summary>First lock-out of a source; it doubles with each further lock-out (GuessLimiter).</summary>
        public const long LockoutMs = GuessLimiter.FirstLockoutMs;

        /// <summary>RFC 7617 §2: realm, and charset="UTF-8" so clients encode the password as UTF-8.</summary>
        public const string Challenge = "Basic realm=\"phone\", charset=\"UTF-8\"";

        /// <summary>The user-id Basic authentication must carry.</summary>
        public const string AdminUser = "admin";

        readonly ConfigStore _store;
        readonly ProvisioningCode _code;
        readonly GuessLimiter _limiter = new GuessLimiter();

        public ProvisioningEndpoint(ConfigStore store, ProvisioningCode code)
        {
            _store = store;
            _code = code;
            DeviceName = "phone";
            StatusText = string.Empty;
            AcceptsCode = true;
        }

        /// <summary>
        /// False on a phone that has a configuration (setup entered by holding OK, or the LAN endpoint): then only
        /// the admin password is accepted and an X-Phone-Code header is a wrong credential (SetupPolicy).
        /// </summary>
        public bool AcceptsCode { get; set; }

        /// <summary>device.admin_password of the configuration in use, or null (Basic authentication refused).</summary>
        public string AdminPassword { get; set; }

        /// <summary>device.name, shown on the status page.</summary>
        public string DeviceName { get; set; }

        /// <summary>One line about the phone's state for the status page (e.g. the boot message); must hold no secrets.</summary>
        public string StatusText { get; set; }

        /// <summary>Wrong credentials in a row from an unknown source (connections made with Accept()).</summary>
        public int Failures { get { return _limiter.FailuresOf(string.Empty); } }

        /// <summary>The per-source and global guess limits.</summary>
        public GuessLimiter Limiter { get { return _limiter; } }

        /// <summary>True while the source may not try credentials (its own lock-out or the global budget spent).</summary>
        public bool IsLockedOut(string source, long nowMs)
        {
            return _limiter.WaitMs(source, nowMs) > 0;
        }

        /// <summary>Parser and buffer for one new TCP connection from an unknown source; the deadline starts at the first Receive.</summary>
        public ProvisioningConnection Accept()
        {
            return new ProvisioningConnection(this, string.Empty, -1);
        }

        /// <summary>
        /// Parser and buffer for one new TCP connection from source (the peer's IP address as text), accepted at
        /// nowMs: the request must be complete within ProvisioningConnection.RequestDeadlineMs from then.
        /// </summary>
        public ProvisioningConnection Accept(string source, long nowMs)
        {
            return new ProvisioningConnection(this, source, nowMs);
        }

        /// <summary>
        /// For a host that parsed the request itself: method, path (no query), the X-Phone-Code and
        /// Authorization values (or null), the body and its Content-Length (-1 when absent).
        /// </summary>
        public ProvisioningResponse Handle(string method, string path, string phoneCode, string authorization, int contentLength, byte[] body, int bodyCount, long nowMs)
        {
            return Handle(string.Empty, method, path, phoneCode, authorization, contentLength, body, bodyCount, nowMs);
        }

        /// <summary>As Handle, for a request from source (the peer's address as text; the guess limits are per source).</summary>
        public ProvisioningResponse Handle(string source, string method, string path, string phoneCode, string authorization, int contentLength, byte[] body, int bodyCount, long nowMs)
        {
            ProvisioningResponse early = Route(source, method, path, phoneCode, authorization, contentLength, nowMs);
            if (early != null)
            {
                return early;
            }

            return Upload(phoneCode, authorization, false, body, bodyCount);
        }

        /// <summary>
        /// As Handle, with forceDowngrade: accept a file older ([provisioning] version) than the highest accepted.
        /// Honoured only for Basic admin authentication, never for the one-time code.
        /// </summary>
        public ProvisioningResponse Handle(string source, string method, string path, string phoneCode, string authorization, bool forceDowngrade, int contentLength, byte[] body, int bodyCount, long nowMs)
        {
            ProvisioningResponse early = Route(source, method, path, phoneCode, authorization, contentLength, nowMs);
            if (early != null)
            {
                return early;
            }

            return Upload(phoneCode, authorization, forceDowngrade, body, bodyCount);
        }

        /// <summary>Decides from the head alone; null means: read ContentLength body bytes, then call WithBody.</summary>
        internal ProvisioningResponse BeforeBody(string source, HttpRequestHead head, long nowMs)
        {
            if (head.ErrorStatus != 0)
            {
                return Error(head.ErrorStatus, ReasonFor(head.ErrorStatus), head.ErrorReason);
            }

            // A GET or HEAD that carries a body is answered at once; its body is never read (the connection closes).
            return Route(source, head.Method, head.Path, head.PhoneCode, head.Authorization, head.ContentLength, nowMs);
        }

        internal ProvisioningResponse WithBody(HttpRequestHead head, byte[] body, int count, long nowMs)
        {
            return Upload(head.PhoneCode, head.Authorization, head.ForceDowngrade, body, count);
        }

        /// <summary>Everything decidable before the body: routing, method, framing, lock-out, credentials. Null = authorised upload.</summary>
        ProvisioningResponse Route(string source, string method, string path, string phoneCode, string authorization, int contentLength, long nowMs)
        {
            // RFC 9110 §9.1: only GET and HEAD must be supported; CONNECT (no proxy here) and OPTIONS are not implemented.
            if (method == "CONNECT" || method == "OPTIONS")
            {
                return Error(501, "Not Implemented", method + " is not supported");
            }

            if (path == "/" || path == "/index.txt")
            {
                if (method != "GET" && method != "HEAD")
                {
                    return NotAllowed(method, "GET, HEAD");
                }

                if (contentLength > MaxBodyBytes)
                {
                    return TooLarge();
                }

                ProvisioningResponse page = new ProvisioningResponse(200, "OK", StatusPage());
                page.OmitBody = method == "HEAD";
                return page;
            }

            if (path != "/config")
            {
                return Error(404, "Not Found", "no such resource; POST nf.config to /config");
            }

            if (method != "POST")
            {
                return NotAllowed(method, "POST");
            }

            // RFC 9110 §15.5.12: a body without a length is refused with 411 (chunked is 501 in the parser).
            if (contentLength < 0)
            {
                return Error(411, "Length Required", "send nf.config with Content-Length");
            }

            if (contentLength > MaxBodyBytes)
            {
                return TooLarge();
            }

            long waitMs = _limiter.WaitMs(source, nowMs);
            if (waitMs > 0)
            {
                ProvisioningResponse wait = Error(429, "Too Many Requests", "too many wrong codes; wait and read the code on the display again");
                long seconds = (waitMs + 999) / 1000;
                wait.RetryAfterSeconds = seconds < 1 ? 1 : (int)seconds;
                return wait;
            }

            if (phoneCode == null && authorization == null)
            {
                // No credentials at all is the first step of every browser, not a guess: not counted.
                return Unauthorized("give the code shown on the display in X-Phone-Code");
            }

            if (!Authorised(phoneCode, authorization))
            {
                _limiter.Failed(source, nowMs);
                return Unauthorized("wrong code or password");
            }

            _limiter.Succeeded(source);
            return null;
        }

        ProvisioningResponse Upload(string phoneCode, string authorization, bool forceDowngrade, byte[] body, int count)
        {
            if (body == null || count < 0 || count > body.Length)
            {
                return Error(400, "Bad Request", "no body");
            }

            // Route authorised the request; a forced downgrade additionally needs the admin's password, not the code.
            bool force = forceDowngrade && phoneCode == null && authorization != null;
            ConfigUpdateResult result = _store.Update(body, 0, count, force);
            switch (result.Status)
            {
                case ConfigUpdateStatus.Downgrade:
                    return Error(409, "Conflict", "[provisioning] version is below " + _store.HighestVersion.ToString()
                        + ", the highest this phone accepted; an older file is refused unless the admin forces it (X-Phone-Force-Downgrade: 1)");
                case ConfigUpdateStatus.Invalid:
                    return new ProvisioningResponse(422, "Unprocessable Content", ErrorLines(result.Errors));
                case ConfigUpdateStatus.Applied:
                case ConfigUpdateStatus.Unchanged:
                    if (phoneCode != null)
                    {
                        // One-time: this code authorised its upload and is now spent.
                        _code.Renew();
                    }

                    if (result.Config != null)
                    {
                        AdminPassword = result.Config.Device.AdminPassword;
                    }

                    ProvisioningResponse ok = new ProvisioningResponse(200, "OK", result.Applied ? "stored; the phone restarts with the new nf.config\n" : "unchanged; nf.config already in use\n");
                    ok.ConfigApplied = result.Applied;
                    return ok;
                default:
                    return Error(500, "Internal Server Error", "storing nf.config failed; the previous configuration stays");
            }
        }

        bool Authorised(string phoneCode, string authorization)
        {
            if (phoneCode != null)
            {
                return AcceptsCode && _code.Matches(phoneCode);
            }

            string password = BasicPassword(authorization);
            return password != null && AdminPassword != null && ConstantTimeText.AreEqual(password, AdminPassword);
        }

        /// <summary>
        /// The password of "Basic base64(user-id ':' password)" (RFC 7617 §2) when the user-id is admin; null
        /// otherwise. The scheme name is case-insensitive (RFC 9110 §11.1).
        /// </summary>
        static string BasicPassword(string authorization)
        {
            if (authorization == null || authorization.Length < 7)
            {
                return null;
            }

            if (authorization.Substring(0, 6).ToLower() != "basic ")
            {
                return null;
            }

            string token = authorization.Substring(6).Trim();
            if (token.Length == 0 || token.Length > 512)
            {
                return null;
            }

            try
            {
                byte[] raw = Convert.FromBase64String(token);
                for (int i = 0; i < raw.Length; i++)
                {
                    // A NUL would end the decoded text early on the device ("admin:secret" NUL "x" read as "admin:secret").
                    if (raw[i] == 0)
                    {
                        return null;
                    }
                }

                string pair = Encoding.UTF8.GetString(raw, 0, raw.Length);
                int colon = pair.IndexOf(':');
                if (colon < 0 || pair.Substring(0, colon) != AdminUser)
                {
                    return null;
                }

                return pair.Substring(colon + 1);
            }
            catch (Exception)
            {
                return null;
            }
        }

        string StatusPage()
        {
            return "Phone " + DeviceName + "\n" + (StatusText.Length > 0 ? StatusText + "\n" : string.Empty)
                + (AcceptsCode
                    ? "To configure: POST nf.config to /config with header X-Phone-Code set to the code on the display.\n"
                    : "To configure: POST nf.config to /config with Basic authentication as admin (device.admin_password).\n");
        }

        /// <summary>One line per parser error: "line 7 [sip] port: OutOfRange: 1..65535" (values are never included).</summary>
        public static string ErrorLines(ConfigError[] errors)
        {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < errors.Length; i++)
            {
                sb.Append(errors[i].ToString());
                sb.Append('\n');
            }

            return sb.ToString();
        }

        internal static ProvisioningResponse Error(int status, string reason, string detail)
        {
            return new ProvisioningResponse(status, reason, detail + "\n");
        }

        static ProvisioningResponse TooLarge()
        {
            return Error(413, "Content Too Large", "nf.config is at most " + MaxBodyBytes.ToString() + " bytes");
        }

        static ProvisioningResponse Unauthorized(string detail)
        {
            ProvisioningResponse r = Error(401, "Unauthorized", detail);
            r.WwwAuthenticate = Challenge;
            return r;
        }

        /// <summary>405 for a method the resource does not support; 501 for one the server does not know (RFC 9110 §9.1).</summary>
        static ProvisioningResponse NotAllowed(string method, string allow)
        {
            switch (method)
            {
                case "GET": case "HEAD": case "POST": case "PUT": case "DELETE": case "TRACE": case "PATCH":
                    ProvisioningResponse r = Error(405, "Method Not Allowed", "allowed: " + allow);
                    r.Allow = allow;
                    return r;
                default:
                    return Error(501, "Not Implemented", "unknown method");
            }
        }

        static string ReasonFor(int status)
        {
            switch (status)
            {
                case 400: return "Bad Request";
                case 501: return "Not Implemented";
                case 505: return "HTTP Version Not Supported";
                default: return "Error";
            }
        }
    }
}
