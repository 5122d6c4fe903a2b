namespace Phone.Sip
{
    /// <summary>
    /// Why a digest challenge could not be parsed or answered (RFC 7616, RFC 3261 §22). Ok is 0; the text for
    /// each code is <see cref="DigestErrorText.Describe"/>. Never carries secrets.
    /// </summary>
    public enum DigestError
    {
        /// <summary>Parsed / answered.</summary>
        Ok = 0,

        /// <summary>No text, or only whitespace and commas.</summary>
        Empty,

        /// <summary>The value is longer than <see cref="DigestChallenge.MaxLength"/> characters.</summary>
        TooLong,

        /// <summary>The auth-scheme is not Digest (e.g. Basic); skipped.</summary>
        NotDigest,

        /// <summary>Not auth-param syntax (RFC 7235 §2.1): missing '=', empty value, junk after a value.</summary>
        Malformed,

        /// <summary>A quoted-string has no closing quote.</summary>
        UnterminatedQuote,

        /// <summary>A parameter occurs twice in one challenge (RFC 7235 §2.1: "MUST only occur once").</summary>
        DuplicateParameter,

        /// <summary>More parameters than <see cref="DigestChallenge.MaxParameters"/>.</summary>
        TooManyParameters,

        /// <summary>No realm (RFC 7616 §3.3: required).</summary>
        MissingRealm,

        /// <summary>No nonce (RFC 7616 §3.3: required).</summary>
        MissingNonce,

        /// <summary>An algorithm other than MD5, MD5-sess, SHA-256, SHA-256-sess.</summary>
        UnsupportedAlgorithm,

        /// <summary>qop offers only auth-int, which this phone does not implement (it hashes bodies).</summary>
        AuthIntOnly,

        /// <summary>qop offers neither auth nor auth-int.</summary>
        UnsupportedQop,

        /// <summary>No credentials for the challenge's realm and no default credentials (RFC 3261 §22.2).</summary>
        NoCredentials,

        /// <summary>The server challenged again without stale=true after our credentials: wrong user name or password.</summary>
        CredentialsRejected,

        /// <summary>The server kept answering stale=true; given up rather than looping.</summary>
        TooManyChallenges,

        /// <summary>The realm is not the one of our registrar / outbound proxy (nor sip.realm): never answered (digest leak).</summary>
        ForeignRealm,

        /// <summary>MD5 offered for a realm that offered SHA-256 before (RFC 8760): a downgrade, refused.</summary>
        Downgrade,

        /// <summary>No qop=auth (RFC 2069 style) and nf.config does not set sip.digest_legacy.</summary>
        QopRequired,

        /// <summary>The request did not go through our outbound proxy or registrar, so no challenge to it is answered.</summary>
        UntrustedHop,
    }
}
