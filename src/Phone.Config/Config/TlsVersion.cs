namespace Phone.Config
{
    /// <summary>Lowest TLS version the phone accepts; older versions are not offered at all.</summary>
    public enum TlsVersion
    {
        Tls12 = 0,
        Tls13 = 1
    }
}
