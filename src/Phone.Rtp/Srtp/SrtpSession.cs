using Phone.Crypto;

namespace Phone.Srtp
{
    // Public API (stable):
    //   public SrtpSession(SrtpPolicy policy, ICryptoKernel kernel)   // ArgumentNullException / ArgumentException on a bad policy
    //   public SrtpStatus Protect(byte[] buffer, int offset, int length, out int protectedLength)
    //   public SrtpStatus Unprotect(byte[] buffer, int offset, int length, out int plainLength)
    //   public SrtpStatus ProtectRtcp(byte[] buffer, int offset, int length, out int protectedLength)
    //   public SrtpStatus UnprotectRtcp(byte[] buffer, int offset, int length, out int plainLength)
    //   public int  SrtpTrailerLength  { get; }    // MKI + SRTP tag bytes Protect appends
    //   public int  SrtcpTrailerLength { get; }    // 4 (E+index) + MKI + 10 bytes ProtectRtcp appends
    //   public long SrtpPacketsRemaining  { get; } // packets before KeyLimitReached
    //   public long SrtcpPacketsRemaining { get; }
    //   public int  StreamCount { get; }           // SSRCs currently tracked
    //   public long RtpSendIndex(uint ssrc)        // highest SRTP index protected (ROC·2^16+SEQ), −1 if none
    //   public long RtpReceiveIndex(uint ssrc)     // highest SRTP index authenticated, −1 if none
    //   public long RtcpSendIndex(uint ssrc)       // last SRTCP index sent, −1 if none
    //   public bool RemoveStream(uint ssrc)        // frees the SSRC's slot (e.g. after RTCP BYE)
    //   public void Clear()                        // wipes keys; every later call returns SessionCleared
    // Policy (SrtpPolicy.cs): new SrtpPolicy(SrtpSuite suite, byte[] masterKey, byte[] masterSalt) with
    //   settable Suite, MasterKey (16/32), MasterSalt (14), ReplayWindowSize (64..1024, default 128),
    //   MaxStreams (1..64, default 4), Mki (null or 0..4 bytes), UnencryptedSrtp, UnencryptedSrtcp,
    //   MaxSrtpPackets (default 2^48), MaxSrtcpPackets (default 2^31); string Validate().
    // Suites (SrtpSuite.cs): AesCm128HmacSha1_80, AesCm128HmacSha1_32, Aes256CmHmacSha1_80, Aes256CmHmacSha1_32.
    // Statuses: SrtpStatus.cs (stable numeric values).
    //
    // Buffers: the packet is buffer[offset .. offset+length). Protect/ProtectRtcp work in place and
    // append the trailer right after the packet, so the caller must leave SrtpTrailerLength /
    // SrtcpTrailerLength bytes of room (at most 4 + 4 + 10 = 18) after it; BufferTooSmall otherwise.
    // Unprotect/UnprotectRtcp take the whole SRTP/SRTCP packet (trailer included), decrypt in place,
    // and the plaintext is buffer[offset .. offset+plainLength).
    // Protect refuses an RTP index it has already used (ReplayedPacket) or one older than the replay
    // window (PacketTooOld): reusing an index would reuse keystream (RFC 3711 §9.1). The first SRTCP
    // index sent is 0 (RFC 3711 §3.4; libsrtp starts at 1, which receivers do not care about).
    // Nothing on these four calls allocates or throws; failures are SrtpStatus values and leave the
    // session state unchanged (except PaddingInvalid after decryption, see SrtpStatus). A session is
    // not thread-safe: use it from one thread at a time.

    /// <summary>
    /// One direction of an SRTP/SRTCP session (RFC 3711) for the AES-CM/HMAC-SHA1 suites (RFC 4568,
    /// RFC 6188): session keys derived once, per-SSRC state in a table allocated here, and packet
    /// processing in place with no allocation. The crypto itself goes through an <see cref="ICryptoKernel"/>.
    /// </summary>
    public sealed class SrtpSession
    {
        const int SessionSaltLength = 14;
        const int AuthKeyLength = 20;      // n_a = 160 bits (RFC 3711 §8.2)
        const long MaxSrtpIndex = (1L << 48) - 1;
        const long MaxSrtcpIndex = 0x7FFFFFFF;
        const int RtcpHeaderLength = 8;     // V/P/RC, PT, length, SSRC stay in the clear (RFC 3711 §3.4)

        // One call per packet each (keystream + XOR + HMAC, tag check on unprotect): on the device
        // that is one native call, over key state the kernel caches per session key.
        readonly ISrtpTransform _rtp;
        readonly ISrtpTransform _rtcp;
        readonly byte[] _mki;
        readonly int _mkiLength;
        readonly int _rtpTagLength;
        readonly bool _encryptRtp;
        readonly bool _encryptRtcp;
        readonly long _maxSrtpPackets;
        readonly long _maxSrtcpPackets;
        readonly SrtpStream[] _streams;
        long _srtpPackets;
        long _srtcpPackets;
        bool _cleared;

        /// <summary>Derives the session keys (RFC 3711 §4.3) and allocates all per-packet state.</summary>
        public SrtpSession(SrtpPolicy policy, ICryptoKernel kernel)
        {
            if (policy == null || kernel == null)
            {
                throw new System.ArgumentNullException(policy == null ? "policy" : "kernel");
            }

            string problem = policy.Validate();
            if (problem != null)
            {
                throw new System.ArgumentException(problem, "policy");
            }

            _mkiLength = policy.Mki == null ? 0 : policy.Mki.Length;
            _mki = new byte[_mkiLength];
            if (_mkiLength > 0)
            {
                System.Array.Copy(policy.Mki, 0, _mki, 0, _mkiLength);
            }

            _rtpTagLength = SrtpPolicy.SrtpTagLength(policy.Suite);
            _encryptRtp = !policy.UnencryptedSrtp;
            _encryptRtcp = !policy.UnencryptedSrtcp;
            _maxSrtpPackets = policy.MaxSrtpPackets;
            _maxSrtcpPackets = policy.MaxSrtcpPackets;

            _rtp = kernel.CreateSrtpTransform();
            _rtcp = kernel.CreateSrtpTransform();

            // Session encryption keys are as long as the master key (RFC 3711 §8.2, RFC 6188 §3).
            int keyLength = policy.MasterKey.Length;
            byte[] key = new byte[keyLength];
            byte[] authKey = new byte[AuthKeyLength];
            byte[] salt = new byte[SessionSaltLength];
            SrtpKeyDerivation kdf = new SrtpKeyDerivation(kernel);
            bool ok = kdf.SetMaster(policy.MasterKey, policy.MasterSalt);

            kdf.Derive(SrtpKeyDerivation.LabelRtpEncryption, key, 0, keyLength);
            kdf.Derive(SrtpKeyDerivation.LabelRtpAuthentication, authKey, 0, AuthKeyLength);
            kdf.Derive(SrtpKeyDerivation.LabelRtpSalt, salt, 0, SessionSaltLength);
            ok &= _rtp.SetKeys(key, 0, keyLength, salt, 0, authKey, 0, AuthKeyLength);

            kdf.Derive(SrtpKeyDerivation.LabelRtcpEncryption, key, 0, keyLength);
            kdf.Derive(SrtpKeyDerivation.LabelRtcpAuthentication, authKey, 0, AuthKeyLength);
            kdf.Derive(SrtpKeyDerivation.LabelRtcpSalt, salt, 0, SessionSaltLength);
            ok &= _rtcp.SetKeys(key, 0, keyLength, salt, 0, authKey, 0, AuthKeyLength);

            kdf.Clear();
            System.Array.Clear(key, 0, keyLength);
            System.Array.Clear(authKey, 0, AuthKeyLength);
            System.Array.Clear(salt, 0, SessionSaltLength);
            if (!ok)
            {
                Clear();
                throw new System.ArgumentException("the crypto kernel refused the session keys", "kernel");
            }

            _streams = new SrtpStream[policy.MaxStreams];
            for (int i = 0; i < _streams.Length; i++)
            {
                _streams[i] = new SrtpStream(policy.ReplayWindowSize);
            }
        }

        /// <summary>Bytes Protect appends after an RTP packet: MKI then tag (RFC 3711 §3.1).</summary>
        public int SrtpTrailerLength
        {
            get { return _mkiLength + _rtpTagLength; }
        }

        /// <summary>Bytes ProtectRtcp appends after an RTCP packet: E flag and index, MKI, 80-bit tag (RFC 3711 §3.4).</summary>
        public int SrtcpTrailerLength
        {
            get { return 4 + _mkiLength + SrtpPolicy.SrtcpTagLength; }
        }

        /// <summary>SRTP packets this master key may still process before <see cref="SrtpStatus.KeyLimitReached"/>.</summary>
        public long SrtpPacketsRemaining
        {
            get { return _maxSrtpPackets - _srtpPackets; }
        }

        /// <summary>SRTCP packets this master key may still process before <see cref="SrtpStatus.KeyLimitReached"/>.</summary>
        public long SrtcpPacketsRemaining
        {
            get { return _maxSrtcpPackets - _srtcpPackets; }
        }

        /// <summary>Number of SSRCs with state in the table.</summary>
        public int StreamCount
        {
            get
            {
                int n = 0;
                for (int i = 0; i < _streams.Length; i++)
                {
                    if (_streams[i].InUse)
                    {
                        n++;
                    }
                }

                return n;
            }
        }

        /// <summary>Highest SRTP index (ROC·2^16 + SEQ) protected for an SSRC, −1 if none.</summary>
        public long RtpSendIndex(uint ssrc)
        {
            int slot = FindStream(ssrc);
            return slot < 0 || !_streams[slot].RtpSend.Started ? -1 : _streams[slot].RtpSend.Highest;
        }

        /// <summary>Highest SRTP index authenticated for an SSRC (its ROC is the upper 32 bits), −1 if none.</summary>
        public long RtpReceiveIndex(uint ssrc)
        {
            int slot = FindStream(ssrc);
            return slot < 0 || !_streams[slot].RtpReceive.Started ? -1 : _streams[slot].RtpReceive.Highest;
        }

        /// <summary>Last SRTCP index sent for an SSRC, −1 if none.</summary>
        public long RtcpSendIndex(uint ssrc)
        {
            int slot = FindStream(ssrc);
            return slot < 0 ? -1 : _streams[slot].RtcpSendIndex;
        }

        /// <summary>Forgets an SSRC and frees its slot. False if it was not tracked.</summary>
        public bool RemoveStream(uint ssrc)
        {
            int slot = FindStream(ssrc);
            if (slot < 0)
            {
                return false;
            }

            _streams[slot].Reset();
            return true;
        }

        /// <summary>Wipes all keys and stream state.</summary>
        public void Clear()
        {
            _cleared = true;
            _rtp.Clear();
            _rtcp.Clear();
            if (_streams != null)
            {
                for (int i = 0; i < _streams.Length; i++)
                {
                    _streams[i].Reset();
                }
            }
        }

        /// <summary>
        /// Turns the RTP packet in <c>buffer[offset .. offset+length)</c> into SRTP in place (RFC 3711 §3.3):
        /// encrypts the payload, appends MKI and tag. Needs <see cref="SrtpTrailerLength"/> bytes of room after the packet.
        /// </summary>
        public SrtpStatus Protect(byte[] buffer, int offset, int length, out int protectedLength)
        {
            protectedLength = 0;
            if (!RangeValid(buffer, offset, length))
            {
                return SrtpStatus.InvalidArgument;
            }

            if (_cleared)
            {
                return SrtpStatus.SessionCleared;
            }

            int headerLength;
            SrtpStatus status = RtpHeader.Measure(buffer, offset, length, out headerLength);
            if (status != SrtpStatus.Ok)
            {
                return status;
            }

            status = RtpHeader.CheckPadding(buffer, offset, headerLength, length);
            if (status != SrtpStatus.Ok)
            {
                return status;
            }

            int trailer = _mkiLength + _rtpTagLength;
            if (buffer.Length - offset - length < trailer)
            {
                return SrtpStatus.BufferTooSmall;
            }

            if (_srtpPackets >= _maxSrtpPackets)
            {
                return SrtpStatus.KeyLimitReached;
            }

            uint ssrc;
            int slot;
            long index;
            // An index protected twice would encrypt two payloads with the same keystream (RFC 3711 §9.1).
            status = ResolveRtpIndex(buffer, offset, true, out ssrc, out slot, out index);
            if (status != SrtpStatus.Ok)
            {
                return status;
            }

            SrtpStream stream = _streams[slot];
            ReplayWindow sent = stream.RtpSend;

            // RFC 3711 §3.1: the MKI follows the (encrypted) packet, the tag follows the MKI.
            if (_mkiLength > 0)
            {
                System.Array.Copy(_mki, 0, buffer, offset + length, _mkiLength);
            }

            // One call: RFC 3711 §4.1.1 encrypts the payload (after header, CSRCs and extension),
            // §4.2 tags header and encrypted payload followed by the ROC.
            _rtp.Protect(buffer, offset, length, offset + headerLength, _encryptRtp ? length - headerLength : 0,
                ssrc, index, true, offset + length + _mkiLength, _rtpTagLength);

            Claim(stream, ssrc);
            sent.Accept(index);

            _srtpPackets++;
            protectedLength = length + trailer;
            return SrtpStatus.Ok;
        }

        /// <summary>
        /// Checks and decrypts the SRTP packet in <c>buffer[offset .. offset+length)</c> in place (RFC 3711 §3.3):
        /// index estimation, replay check, tag verification, then decryption. Stream state (ROC, replay list)
        /// is updated only when the tag verifies.
        /// </summary>
        public SrtpStatus Unprotect(byte[] buffer, int offset, int length, out int plainLength)
        {
            plainLength = 0;
            if (!RangeValid(buffer, offset, length))
            {
                return SrtpStatus.InvalidArgument;
            }

            if (_cleared)
            {
                return SrtpStatus.SessionCleared;
            }

            int trailer = _mkiLength + _rtpTagLength;
            int authLength = length - trailer;
            if (authLength < RtpHeader.FixedLength)
            {
                return SrtpStatus.PacketTooShort;
            }

            int headerLength;
            SrtpStatus status = RtpHeader.Measure(buffer, offset, authLength, out headerLength);
            if (status != SrtpStatus.Ok)
            {
                return status;
            }

            if (!_encryptRtp)
            {
                status = RtpHeader.CheckPadding(buffer, offset, headerLength, authLength);
                if (status != SrtpStatus.Ok)
                {
                    return status;
                }
            }

            if (_mkiLength > 0 && !ConstantTime.BytesEqual(buffer, offset + authLength, _mki, 0, _mkiLength))
            {
                return SrtpStatus.UnknownMki;
            }

            if (_srtpPackets >= _maxSrtpPackets)
            {
                return SrtpStatus.KeyLimitReached;
            }

            uint ssrc;
            int slot;
            long index;
            // RFC 3711 §3.3 step 3: replay check before spending time on the tag.
            status = ResolveRtpIndex(buffer, offset, false, out ssrc, out slot, out index);
            if (status != SrtpStatus.Ok)
            {
                return status;
            }

            SrtpStream stream = _streams[slot];
            ReplayWindow window = stream.RtpReceive;

            // One call: tag check in constant time, then (only if it verifies) decryption.
            if (!_rtp.Unprotect(buffer, offset, authLength, offset + headerLength,
                _encryptRtp ? authLength - headerLength : 0, ssrc, index, true, offset + authLength + _mkiLength,
                _rtpTagLength))
            {
                return SrtpStatus.AuthenticationFailed;
            }

            // RFC 3711 §3.3 step 6: only an authentic packet updates ROC, s_l and the replay list.
            Claim(stream, ssrc);
            window.Accept(index);
            _srtpPackets++;
            plainLength = authLength;

            return _encryptRtp ? RtpHeader.CheckPadding(buffer, offset, headerLength, authLength) : SrtpStatus.Ok;
        }

        /// <summary>
        /// Turns the (compound) RTCP packet in <c>buffer[offset .. offset+length)</c> into SRTCP in place
        /// (RFC 3711 §3.4): encrypts everything after the first 8 octets, appends E flag + SRTCP index,
        /// MKI and the 80-bit tag. Needs <see cref="SrtcpTrailerLength"/> bytes of room after the packet.
        /// </summary>
        public SrtpStatus ProtectRtcp(byte[] buffer, int offset, int length, out int protectedLength)
        {
            protectedLength = 0;
            if (!RangeValid(buffer, offset, length))
            {
                return SrtpStatus.InvalidArgument;
            }

            if (_cleared)
            {
                return SrtpStatus.SessionCleared;
            }

            SrtpStatus status = CheckRtcpHeader(buffer, offset, length);
            if (status != SrtpStatus.Ok)
            {
                return status;
            }

            int trailer = 4 + _mkiLength + SrtpPolicy.SrtcpTagLength;
            if (buffer.Length - offset - length < trailer)
            {
                return SrtpStatus.BufferTooSmall;
            }

            if (_srtcpPackets >= _maxSrtcpPackets)
            {
                return SrtpStatus.KeyLimitReached;
            }

            uint ssrc = ReadUInt32(buffer, offset + 4);
            int slot = FindOrFreeStream(ssrc);
            if (slot < 0)
            {
                return SrtpStatus.StreamTableFull;
            }

            SrtpStream stream = _streams[slot];

            // RFC 3711 §3.4: the SRTCP index starts at 0 and is never allowed to wrap here.
            long index = stream.InUse ? stream.RtcpSendIndex + 1 : 0;
            if (index > MaxSrtcpIndex)
            {
                return SrtpStatus.KeyLimitReached;
            }

            uint eIndex = (uint)index;
            if (_encryptRtcp)
            {
                eIndex |= 0x80000000;
            }

            WriteUInt32(buffer, offset + length, eIndex);
            if (_mkiLength > 0)
            {
                System.Array.Copy(_mki, 0, buffer, offset + length + 4, _mkiLength);
            }

            // RFC 3711 §3.4: everything after the first 8 octets is encrypted; the tag covers the RTCP
            // packet and the E||index word, not the MKI.
            _rtcp.Protect(buffer, offset, length + 4, offset + RtcpHeaderLength,
                _encryptRtcp ? length - RtcpHeaderLength : 0, ssrc, index, false, offset + length + 4 + _mkiLength,
                SrtpPolicy.SrtcpTagLength);

            Claim(stream, ssrc);
            stream.RtcpSendIndex = index;
            _srtcpPackets++;
            protectedLength = length + trailer;
            return SrtpStatus.Ok;
        }

        /// <summary>
        /// Checks and decrypts the SRTCP packet in <c>buffer[offset .. offset+length)</c> in place (RFC 3711 §3.4).
        /// The plaintext RTCP packet is <c>buffer[offset .. offset+plainLength)</c>.
        /// </summary>
        public SrtpStatus UnprotectRtcp(byte[] buffer, int offset, int length, out int plainLength)
        {
            plainLength = 0;
            if (!RangeValid(buffer, offset, length))
            {
                return SrtpStatus.InvalidArgument;
            }

            if (_cleared)
            {
                return SrtpStatus.SessionCleared;
            }

            int trailer = 4 + _mkiLength + SrtpPolicy.SrtcpTagLength;
            int rtcpLength = length - trailer;
            if (rtcpLength < RtcpHeaderLength)
            {
                return SrtpStatus.PacketTooShort;
            }

            SrtpStatus status = CheckRtcpHeader(buffer, offset, rtcpLength);
            if (status != SrtpStatus.Ok)
            {
                return status;
            }

            if (_mkiLength > 0 && !ConstantTime.BytesEqual(buffer, offset + rtcpLength + 4, _mki, 0, _mkiLength))
            {
                return SrtpStatus.UnknownMki;
            }

            if (_srtcpPackets >= _maxSrtcpPackets)
            {
                return SrtpStatus.KeyLimitReached;
            }

            uint ssrc = ReadUInt32(buffer, offset + 4);
            int slot = FindOrFreeStream(ssrc);
            if (slot < 0)
            {
                return SrtpStatus.StreamTableFull;
            }

            SrtpStream stream = _streams[slot];
            ReplayWindow window = stream.RtcpReceive;
            uint eIndex = ReadUInt32(buffer, offset + rtcpLength);
            bool encrypted = (eIndex & 0x80000000) != 0;
            long index = eIndex & 0x7FFFFFFF;
            status = stream.InUse ? window.Check(index) : SrtpStatus.Ok;
            if (status != SrtpStatus.Ok)
            {
                return status;
            }

            // One call: tag check, then decryption only if E says encrypted and the policy agrees.
            bool decrypt = encrypted && _encryptRtcp;
            if (!_rtcp.Unprotect(buffer, offset, rtcpLength + 4, offset + RtcpHeaderLength,
                decrypt ? rtcpLength - RtcpHeaderLength : 0, ssrc, index, false, offset + rtcpLength + 4 + _mkiLength,
                SrtpPolicy.SrtcpTagLength))
            {
                return ShortRtcpTagVerifies(buffer, offset, length) ? SrtpStatus.ShortRtcpTag : SrtpStatus.AuthenticationFailed;
            }

            // E is authenticated, so a mismatch is the peer's policy, not an attacker: refuse it
            // rather than accept plaintext RTCP on a session negotiated as encrypted (nothing was decrypted).
            if (encrypted != _encryptRtcp)
            {
                return SrtpStatus.EncryptionMismatch;
            }

            Claim(stream, ssrc);
            window.Accept(index);
            _srtcpPackets++;
            plainLength = rtcpLength;
            return SrtpStatus.Ok;
        }

        // linphonec signs SRTCP with the SRTP tag length (32 bits) in the _32 suites, where RFC 4568 §6.2.2
        // keeps SRTCP's 80-bit tag. Only named, never accepted: nothing is decrypted and no index recorded.
        // One more HMAC, and only after a failed one in a _32 suite (a forger gains a counter, not a packet).
        bool ShortRtcpTagVerifies(byte[] buffer, int offset, int length)
        {
            int rtcpLength = length - 4 - _mkiLength - _rtpTagLength;
            if (_rtpTagLength >= SrtpPolicy.SrtcpTagLength || rtcpLength < RtcpHeaderLength ||
                (_mkiLength > 0 && !ConstantTime.BytesEqual(buffer, offset + rtcpLength + 4, _mki, 0, _mkiLength)))
            {
                return false;
            }

            // The same one-call transform with nothing to decrypt: only the short tag is checked.
            long index = ReadUInt32(buffer, offset + rtcpLength) & 0x7FFFFFFF;
            return _rtcp.Unprotect(buffer, offset, rtcpLength + 4, offset + RtcpHeaderLength, 0, ReadUInt32(buffer, offset + 4), index, false,
                offset + rtcpLength + 4 + _mkiLength, _rtpTagLength);
        }

        // RFC 3711 Appendix A: the index whose ROC is ROC−1, ROC or ROC+1 and whose SEQ is closest to s_l.
        // A result below 0 means "before the stream started".
        static long EstimateIndex(long highest, int seq)
        {
            long roc = highest >> 16;
            int sl = (int)(highest & 0xFFFF);
            long v;
            if (sl < 32768)
            {
                v = seq - sl > 32768 ? roc - 1 : roc;
            }
            else
            {
                v = sl - 32768 > seq ? roc + 1 : roc;
            }

            return (v << 16) | (long)seq;
        }

        // RFC 3550 §6.4.1: at least the fixed 8 octets SRTCP leaves in the clear, version 2. The RTCP
        // length fields are not needed here and not trusted: the RTCP parser checks them after
        // decryption (libsrtp's own reference packet carries a length of 11 words in 24 bytes).
        static SrtpStatus CheckRtcpHeader(byte[] buffer, int offset, int length)
        {
            if (length < RtcpHeaderLength)
            {
                return SrtpStatus.PacketTooShort;
            }

            if ((buffer[offset] >> 6) != 2)
            {
                return SrtpStatus.BadVersion;
            }

            return SrtpStatus.Ok;
        }

        int FindStream(uint ssrc)
        {
            for (int i = 0; i < _streams.Length; i++)
            {
                if (_streams[i].InUse && _streams[i].Ssrc == ssrc)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>
        /// Finds the packet's stream slot and its 48-bit index (RFC 3711 §3.3.1, Appendix A): ROC
        /// estimated from the highest index seen (the sender keeps its ROC with the same estimate, so
        /// SEQ wrapping 65535 → 0 increments it and a late packet keeps the old ROC; a receiver's first
        /// packet sets ROC = 0 and s_l = SEQ), then the key-usage limit and the replay window
        /// (send or receive) are checked. Nothing is committed here.
        /// </summary>
        SrtpStatus ResolveRtpIndex(byte[] buffer, int offset, bool sending, out uint ssrc, out int slot, out long index)
        {
            ssrc = ReadUInt32(buffer, offset + 8);
            index = 0;
            int seq = (buffer[offset + 2] << 8) | buffer[offset + 3];
            slot = FindOrFreeStream(ssrc);
            if (slot < 0)
            {
                return SrtpStatus.StreamTableFull;
            }

            SrtpStream stream = _streams[slot];
            ReplayWindow window = sending ? stream.RtpSend : stream.RtpReceive;
            index = stream.InUse && window.Started ? EstimateIndex(window.Highest, seq) : seq;
            if (index > MaxSrtpIndex)
            {
                return SrtpStatus.KeyLimitReached;
            }

            return window.Check(index);
        }

        // The SSRC's slot, or a free one that is claimed only once the packet is accepted
        // (so forged packets with random SSRCs cannot fill the table).
        int FindOrFreeStream(uint ssrc)
        {
            int free = -1;
            for (int i = 0; i < _streams.Length; i++)
            {
                SrtpStream s = _streams[i];
                if (s.InUse)
                {
                    if (s.Ssrc == ssrc)
                    {
                        return i;
                    }
                }
                else if (free < 0)
                {
                    free = i;
                }
            }

            return free;
        }

        static void Claim(SrtpStream stream, uint ssrc)
        {
            if (!stream.InUse)
            {
                stream.Reset();
                stream.InUse = true;
                stream.Ssrc = ssrc;
            }
        }

        static bool RangeValid(byte[] buffer, int offset, int length)
        {
            return buffer != null && offset >= 0 && length >= 0 && offset <= buffer.Length - length;
        }

        static uint ReadUInt32(byte[] b, int i)
        {
            return ((uint)b[i] << 24) | ((uint)b[i + 1] << 16) | ((uint)b[i + 2] << 8) | b[i + 3];
        }

        static void WriteUInt32(byte[] b, int i, uint v)
        {
            b[i] = (byte)(v >> 24);
            b[i + 1] = (byte)(v >> 16);
            b[i + 2] = (byte)(v >> 8);
            b[i + 3] = (byte)v;
        }
    }
}
