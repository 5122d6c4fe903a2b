namespace Phone.Host.Net
{
    /// <summary>The outcome of <see cref="SipTlsPolicy"/>'s certificate check for one handshake.</summary>
    public sealed class SipTlsVerdict
    {
        private readonly object _lock = new object();
        private bool _checked;
        private SipSocketError _error;
        private string _detail;
        private string _serverSubject;

        /// <summary>False until the server's certificate was examined (a handshake can fail before that).</summary>
        public bool Checked { get { lock (_lock) return _checked; } }

        public SipSocketError Error { get { lock (_lock) return _error; } }

        public string Detail { get { lock (_lock) return _detail; } }

        public string ServerSubject { get { lock (_lock) return _serverSubject; } }

        internal void Set(SipSocketError error, string detail, string serverSubject)
        {
            lock (_lock)
            {
                _checked = true;
                _error = error;
                _detail = detail;
                _serverSubject = serverSubject;
            }
        }
    }
}
