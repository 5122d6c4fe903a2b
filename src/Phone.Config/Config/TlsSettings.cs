namespace Phone.Config
{
    /// <summary>[tls]: trust anchors and client identity. Each of Ca/ClientCert/ClientKey is either a device path or inline PEM.</summary>
    public sealed class TlsSettings
    {
        /// <summary>Null when no CA was given; the validator demands one whenever TLS is used.</summary>
        public string Ca;

        /// <summary>True when Ca holds PEM text, false when it is a file path like I:\ca.pem.</summary>
        public bool CaIsPem;

        public bool VerifyHostname = true;

        public string ClientCert;
        public bool ClientCertIsPem;

        public string ClientKey;
        public bool ClientKeyIsPem;

        public TlsVersion MinVersion = TlsVersion.Tls12;
    }
}
