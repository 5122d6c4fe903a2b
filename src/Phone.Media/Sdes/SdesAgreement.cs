using Phone.Srtp;

namespace Phone.Sdes
{
    /// <summary>
    /// The outcome of an SDES offer/answer for one media stream (RFC 4568 §7): the crypto line we sent
    /// (<see cref="Local"/>, our key, used to send) and the one the peer sent (<see cref="Remote"/>, its
    /// key, used to receive; RFC 4568 §6.1: each side's key protects what that side sends). Same tag and
    /// suite on both. <see cref="ToString"/> never shows key material.
    /// </summary>
    public sealed class SdesAgreement
    {
        internal SdesAgreement(CryptoAttribute local, CryptoAttribute remote)
        {
            Local = local;
            Remote = remote;
        }

        /// <summary>Our line; the answer to put in our SDP when we are the answerer.</summary>
        public CryptoAttribute Local { get; private set; }

        /// <summary>The peer's line.</summary>
        public CryptoAttribute Remote { get; private set; }

        /// <summary>The negotiated suite.</summary>
        public SrtpSuite Suite
        {
            get { return Local.Suite; }
        }

        /// <summary>
        /// Policy for the session that unprotects what the peer sends: the peer's key, salt, MKI and lifetime,
        /// its WSH as our replay window (RFC 4568 §6.3.7: a hint to the receiver of its stream; clamped to
        /// 64..1024, the SRTP core's range), and the UNENCRYPTED_* parameters (RFC 4568 §6.3.2). Fresh arrays.
        /// </summary>
        public SrtpPolicy CreateInboundPolicy()
        {
            SrtpPolicy policy = CreatePolicy(Remote);
            int wsh = Remote.WindowSizeHint;
            if (wsh != CryptoAttribute.Absent)
            {
                policy.ReplayWindowSize = wsh > CryptoAttributeParser.MaxWindowSize ? CryptoAttributeParser.MaxWindowSize : wsh;
            }

            return policy;
        }

        /// <summary>Policy for the session that protects what we send: our key from <see cref="Local"/>. Fresh arrays.</summary>
        public SrtpPolicy CreateOutboundPolicy()
        {
            return CreatePolicy(Local);
        }

        static SrtpPolicy CreatePolicy(CryptoAttribute line)
        {
            SdesKey key = line.Key;
            byte[] masterKey = new byte[key.MasterKey.Length];
            byte[] masterSalt = new byte[key.MasterSalt.Length];
            System.Array.Copy(key.MasterKey, 0, masterKey, 0, masterKey.Length);
            System.Array.Copy(key.MasterSalt, 0, masterSalt, 0, masterSalt.Length);
            SrtpPolicy policy = new SrtpPolicy(line.Suite, masterKey, masterSalt);
            policy.Mki = key.MkiBytes();
            policy.UnencryptedSrtp = line.UnencryptedSrtp;
            policy.UnencryptedSrtcp = line.UnencryptedSrtcp;

            // RFC 4568 §6.1: the lifetime bounds the packets protected under this master key (RFC 3711 §9.2).
            if (key.Lifetime != SdesKey.NoLifetime)
            {
                policy.MaxSrtpPackets = key.Lifetime < SrtpPolicy.SrtpPacketLimit ? key.Lifetime : SrtpPolicy.SrtpPacketLimit;
                policy.MaxSrtcpPackets = key.Lifetime < SrtpPolicy.SrtcpPacketLimit ? key.Lifetime : SrtpPolicy.SrtcpPacketLimit;
            }

            return policy;
        }

        /// <summary>Wipes both lines' keys.</summary>
        public void Clear()
        {
            Local.Clear();
            Remote.Clear();
        }

        /// <summary>Both lines with keys redacted.</summary>
        public override string ToString()
        {
            return "local " + Local.ToString() + ", remote " + Remote.ToString();
        }
    }
}
