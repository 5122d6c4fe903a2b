namespace Phone.Host.Tests.LibSrtp
{
    /// <summary>srtp_err_status_t values of libsrtp2 2.5.0 (srtp2/srtp.h) that the tests look at.</summary>
    public enum LibSrtpStatus
    {
        Ok = 0,
        Fail = 1,
        BadParam = 2,
        AllocFail = 3,
        DeallocFail = 4,
        InitFail = 5,
        Terminus = 6,
        AuthFail = 7,
        CipherFail = 8,
        ReplayFail = 9,
        ReplayOld = 10,
    }
}
