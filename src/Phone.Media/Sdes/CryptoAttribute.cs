using Phone.Srtp;

namespace Phone.Sdes
{
    /// <summary>
    /// One SDES <c>a=crypto</c> attribute (RFC 4568 §4, §9.1): tag, crypto-suite, key-params and the SRTP
    /// session parameters (RFC 4568 §6.3). <see cref="Format"/> writes the SDP line (with the key);
    /// <see cref="ToString"/> never shows key material.
    /// </summary>
    public sealed class CryptoAttribute
    {
        /// <summary>Smallest tag (RFC 4568 §9.1: 1*9DIGIT; 0 is not used).</summary>
        public const int MinTag = 1;

        /// <summary>Largest tag, nine digits (RFC 4568 §9.1).</summary>
        public const int MaxTag = 999999999;

        /// <summary>Value of <see cref="Kdr"/> and <see cref="WindowSizeHint"/> when absent.</summary>
        public const int Absent = -1;

        /// <summary>An attribute with one key-param and no session parameters; <paramref name="keys"/> is kept, not copied.</summary>
        public CryptoAttribute(int tag, SrtpSuite suite, SdesKey[] keys)
        {
            Tag = tag;
            Suite = suite;
            Keys = keys;
            Kdr = Absent;
            WindowSizeHint = Absent;
        }

        /// <summary>The tag that identifies this line in the offer/answer exchange (RFC 4568 §4.1).</summary>
        public int Tag { get; set; }

        /// <summary>The crypto-suite.</summary>
        public SrtpSuite Suite { get; set; }

        /// <summary>The key-params, in order (RFC 4568 §9.1: one or more).</summary>
        public SdesKey[] Keys { get; set; }

        /// <summary>The first key-param; the one an SRTP policy is built from.</summary>
        public SdesKey Key
        {
            get { return Keys != null && Keys.Length > 0 ? Keys[0] : null; }
        }

        /// <summary>KDR=n (RFC 4568 §6.3.1), or <see cref="Absent"/>.</summary>
        public int Kdr { get; set; }

        /// <summary>UNENCRYPTED_SRTP (RFC 4568 §6.3.2).</summary>
        public bool UnencryptedSrtp { get; set; }

        /// <summary>UNENCRYPTED_SRTCP (RFC 4568 §6.3.2).</summary>
        public bool UnencryptedSrtcp { get; set; }

        /// <summary>UNAUTHENTICATED_SRTP (RFC 4568 §6.3.2); never set on a usable parsed line.</summary>
        public bool UnauthenticatedSrtp { get; set; }

        /// <summary>FEC_ORDER value, "FEC_SRTP" or "SRTP_FEC" (RFC 4568 §6.3.5), or null.</summary>
        public string FecOrder { get; set; }

        /// <summary>WSH=n, the SRTP window size hint for the receiver of this line's key (RFC 4568 §6.3.7), or <see cref="Absent"/>.</summary>
        public int WindowSizeHint { get; set; }

        /// <summary>The SDP line <c>a=crypto:tag suite key-params[ session-params]</c> (RFC 4568 §9.1). Contains key material.</summary>
        public string Format()
        {
            string text = "a=crypto:" + Tag.ToString() + " " + SdesSuiteNames.NameOf(Suite) + " ";
            for (int i = 0; i < Keys.Length; i++)
            {
                if (i > 0)
                {
                    text = text + ";";
                }

                text = text + Keys[i].Format();
            }

            return text + SessionParams();
        }

        // Session parameters in a fixed order, each preceded by one space (RFC 4568 §9.1).
        string SessionParams()
        {
            string text = string.Empty;
            if (Kdr != Absent)
            {
                text = text + " KDR=" + Kdr.ToString();
            }

            if (UnencryptedSrtp)
            {
                text = text + " UNENCRYPTED_SRTP";
            }

            if (UnencryptedSrtcp)
            {
                text = text + " UNENCRYPTED_SRTCP";
            }

            if (UnauthenticatedSrtp)
            {
                text = text + " UNAUTHENTICATED_SRTP";
            }

            if (FecOrder != null)
            {
                text = text + " FEC_ORDER=" + FecOrder;
            }

            if (WindowSizeHint != Absent)
            {
                text = text + " WSH=" + WindowSizeHint.ToString();
            }

            return text;
        }

        /// <summary>Wipes every key and salt.</summary>
        public void Clear()
        {
            if (Keys == null)
            {
                return;
            }

            for (int i = 0; i < Keys.Length; i++)
            {
                if (Keys[i] != null)
                {
                    Keys[i].Clear();
                }
            }
        }

        /// <summary>The line with every key‖salt replaced by "&lt;redacted&gt;".</summary>
        public override string ToString()
        {
            string text = "a=crypto:" + Tag.ToString() + " " + SdesSuiteNames.NameOf(Suite) + " ";
            int count = Keys == null ? 0 : Keys.Length;
            for (int i = 0; i < count; i++)
            {
                if (i > 0)
                {
                    text = text + ";";
                }

                text = text + Keys[i].ToString();
            }

            return text + SessionParams();
        }
    }
}
