namespace Phone.Config
{
    /// <summary>[wifi]: the network the phone joins.</summary>
    public sealed class WifiSettings
    {
        /// <summary>Required; null only in a result that also carries a MissingRequired error.</summary>
        public string Ssid;

        /// <summary>WPA2/WPA3 passphrase; null joins an open network.</summary>
        public string Password;

        /// <summary>ISO 3166 alpha-2 code in upper case; null keeps the radio's world-safe default.</summary>
        public string Country;
    }
}
