namespace Phone.Call
{
    /// <summary>Turns keypad digits into the request URI of a call.</summary>
    public static class DialUri
    {
        /// <summary>
        /// "sip:" digits "@" domain. Digits and '*' are legal unescaped in the user part (RFC 3261 25.1,
        /// unreserved/mark); '#' never reaches here because it is the dial key.
        /// </summary>
        public static string Build(string digits, string domain)
        {
            return "sip:" + digits + "@" + domain;
        }
    }
}
