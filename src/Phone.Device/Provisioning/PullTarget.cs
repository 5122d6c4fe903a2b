namespace Phone.Device.Provisioning
{
    /// <summary>
    /// Where the provisioning pull connects and which name it verifies (security finding 4, item 6). The TLS server
    /// name is always the URL's host: the pulled file carries the SIP password and the CA itself, so a server that
    /// merely holds some certificate from the same CA must never be able to serve it. tls.verify_hostname = false
    /// relaxes the SIP connection only (an empty server name there skips the name check); it does not reach the pull.
    /// </summary>
    public sealed class PullTarget
    {
        PullTarget()
        {
        }

        public string Host { get; private set; }

        public int Port { get; private set; }

        /// <summary>Path and query, "/" when the URL has none.</summary>
        public string Path { get; private set; }

        /// <summary>The name the server's certificate must carry: the host, whatever tls.verify_hostname says.</summary>
        public string ServerName { get { return Host; } }

        /// <summary>https://host[:port][/path] (no user info, no IPv6 literal); null for anything else.</summary>
        public static PullTarget Parse(string url)
        {
            const string scheme = "https://";
            if (url == null || url.Length <= scheme.Length || url.Substring(0, scheme.Length).ToLower() != scheme)
            {
                return null;
            }

            PullTarget t = new PullTarget();
            t.Port = 443;
            t.Path = "/";
            string rest = url.Substring(scheme.Length);
            int slash = rest.IndexOf('/');
            string authority = slash < 0 ? rest : rest.Substring(0, slash);
            if (slash >= 0)
            {
                t.Path = rest.Substring(slash);
            }

            if (authority.IndexOf('@') >= 0 || authority.Length == 0 || authority[0] == '[')
            {
                return null;
            }

            int colon = authority.IndexOf(':');
            if (colon >= 0)
            {
                int p = 0;
                if (colon == authority.Length - 1)
                {
                    return null;
                }

                for (int i = colon + 1; i < authority.Length; i++)
                {
                    char c = authority[i];
                    if (c < '0' || c > '9' || p > 65535)
                    {
                        return null;
                    }

                    p = p * 10 + (c - '0');
                }

                if (p < 1 || p > 65535)
                {
                    return null;
                }

                t.Port = p;
                authority = authority.Substring(0, colon);
            }

            if (authority.Length == 0)
            {
                return null;
            }

            t.Host = authority;
            return t;
        }
    }
}
