using Phone.Srtp;

namespace Phone.Sdp
{
    /// <summary>[srtp]: media encryption policy.</summary>
    public sealed class SrtpSettings
    {
        public SrtpMode Mode = SrtpMode.Mandatory;

        /// <summary>Offered in this order, most preferred first.</summary>
        public SrtpSuite[] Suites = new SrtpSuite[] { SrtpSuite.AesCm128HmacSha1_80, SrtpSuite.AesCm128HmacSha1_32 };

        /// <summary>Explicit consent to send SDES keys over a transport that does not encrypt them.</summary>
        public bool AllowUnprotectedKeys;

        /// <summary>
        /// [srtp] allow_unencrypted: accept an offered crypto line with UNENCRYPTED_SRTP or UNENCRYPTED_SRTCP
        /// (RFC 4568 §6.3.2), i.e. authenticated media in clear. Insecure; default false.
        /// </summary>
        public bool AllowUnencrypted;
    }
}
