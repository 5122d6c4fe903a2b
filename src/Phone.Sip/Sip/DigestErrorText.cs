namespace Phone.Sip
{
    /// <summary>One-line English reasons for <see cref="DigestError"/> codes, for logs and the display. No secrets.</summary>
    public static class DigestErrorText
    {
        /// <summary>The reason for <paramref name="error"/>.</summary>
        public static string Describe(DigestError error)
        {
            switch (error)
            {
                case DigestError.Ok: return "ok";
                case DigestError.Empty: return "empty challenge";
                case DigestError.TooLong: return "challenge too long";
                case DigestError.NotDigest: return "authentication scheme is not Digest";
                case DigestError.Malformed: return "malformed auth-param";
                case DigestError.UnterminatedQuote: return "quoted string not terminated";
                case DigestError.DuplicateParameter: return "parameter repeated in one challenge";
                case DigestError.TooManyParameters: return "too many parameters";
                case DigestError.MissingRealm: return "challenge has no realm";
                case DigestError.MissingNonce: return "challenge has no nonce";
                case DigestError.UnsupportedAlgorithm: return "digest algorithm not supported (MD5, MD5-sess, SHA-256, SHA-256-sess only)";
                case DigestError.AuthIntOnly: return "server allows only qop=auth-int, which is not supported";
                case DigestError.UnsupportedQop: return "no supported qop offered";
                case DigestError.NoCredentials: return "no credentials for the realm";
                case DigestError.CredentialsRejected: return "credentials rejected (wrong user name or password)";
                case DigestError.TooManyChallenges: return "server keeps sending stale challenges";
                case DigestError.ForeignRealm: return "challenge for a realm we are not registered with (not answered)";
                case DigestError.Downgrade: return "MD5 challenge for a realm that offered SHA-256 (downgrade refused)";
                case DigestError.QopRequired: return "challenge without qop=auth (allowed only with sip.digest_legacy)";
                case DigestError.UntrustedHop: return "challenge to a request not routed through our proxy (not answered)";
                default: return "unknown digest error";
            }
        }
    }
}
