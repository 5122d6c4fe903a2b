using System;
using Phone.Srtp;
using Phone.Crypto;

namespace Phone.Device.Diagnostics
{
    /// <summary>
    /// Known-answer self-test of an SRTP crypto kernel at boot, against published vectors rather than
    /// another kernel, so a firmware whose native kernel is missing, mis-bound (wrong method table) or
    /// wrong is caught before the first call, and the per-packet cost is measured on the real chip:
    /// <list type="bullet">
    /// <item>AES-CM: RFC 3711 Appendix B.2, the first three keystream blocks (session key
    /// 2B7E1516..., IV F0F1...FD0000).</item>
    /// <item>HMAC-SHA1: RFC 2202 §3 test case 1 (20-byte key, the SRTP auth-key length) in one range and
    /// test case 2 split over the two ranges the kernel takes (SRTP passes packet and ROC separately).</item>
    /// <item>SRTP packet: libsrtp's srtp_validate() reference packet for AES_CM_128_HMAC_SHA1_80 (the
    /// same packet tests/NFUnitTest.Rtp/Srtp/SrtpReferencePacketTests.cs checks), protected to the exact
    /// bytes and unprotected back.</item>
    /// </list>
    /// Every case catches exceptions (a firmware without the interop assembly throws on the first
    /// native call) and reports them as a failure. Cost: the microseconds one
    /// G.711 packet (12-byte header + 160 bytes) takes to protect, averaged over a number of packets
    /// with a caller-provided clock; on the device that is
    /// <c>nanoFramework.Hardware.Esp32.HighResTimer.GetCurrent()</c> (static, returns UInt64
    /// microseconds since boot, from the ESP-IDF esp_timer).
    /// </summary>
    public sealed class KernelSelfTest
    {
        /// <summary>A microsecond clock; the device wraps HighResTimer.GetCurrent().</summary>
        public interface ITickSource
        {
            /// <summary>Microseconds since some fixed start; only differences are used.</summary>
            ulong Microseconds { get; }
        }

        /// <summary>Case index: RFC 3711 B.2 AES-CM keystream.</summary>
        public const int AesCm = 0;

        /// <summary>Case index: RFC 2202 HMAC-SHA1.</summary>
        public const int HmacSha1 = 1;

        /// <summary>Case index: libsrtp reference SRTP packet.</summary>
        public const int SrtpPacket = 2;

        /// <summary>Number of cases.</summary>
        public const int CaseCount = 3;

        /// <summary>Packet cost not measured (no clock, or the packet case failed).</summary>
        public const long NotMeasured = -1;

        private static readonly string[] Names = new string[] { "aes-cm", "hmac-sha1", "srtp-packet" };

        // RFC 3711 Appendix B.2: session key, IV = session salt * 2^16 (SSRC 0, index 0), keystream.
        private const string B2Key = "2b7e151628aed2a6abf7158809cf4f3c";
        private const string B2Iv = "f0f1f2f3f4f5f6f7f8f9fafbfcfd0000";
        private const string B2Keystream =
            "e03ead0935c95e80e166b16dd92b4eb4" + "d23513162b02d0f72a43a2fe4a5f97ab" + "41e95b3bb0a2e8dd477901e4fca894c0";

        // RFC 2202 §3, test cases 1 and 2.
        private const string Hmac1Key = "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b";
        private const string Hmac1Data = "4869205468657265"; // "Hi There"
        private const string Hmac1Digest = "b617318655057264e28bc0b6fb378c8ef146be00";
        private const string Hmac2Key = "4a656665"; // "Jefe"
        private const string Hmac2Data = "7768617420646f2079612077616e7420666f72206e6f7468696e673f"; // "what do ya want for nothing?"
        private const string Hmac2Digest = "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79";

        // libsrtp test/srtp_driver.c srtp_validate(): AES_CM_128_HMAC_SHA1_80.
        private const string SrtpKey = "e1f97a0d3e018be0d64fa32c06de4139";
        private const string SrtpSalt = "0ec675ad498afeebb6960b3aabe6";
        private const string SrtpPlain = "800f1234decafbadcafebabe" + "abababababababababababababababab";
        private const string SrtpProtected =
            "800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402" + "b78d6acc99ea179b8dbb";

        private readonly bool[] passed = new bool[CaseCount];
        private readonly string[] details = new string[CaseCount];

        private KernelSelfTest(string kernelName)
        {
            KernelName = kernelName;
            ProtectMicroseconds = NotMeasured;
        }

        /// <summary>Name of the kernel tested ("?" when it could not be read).</summary>
        public string KernelName { get; private set; }

        /// <summary>Average microseconds to protect one G.711 packet, or <see cref="NotMeasured"/>.</summary>
        public long ProtectMicroseconds { get; private set; }

        /// <summary>Packets timed for <see cref="ProtectMicroseconds"/>.</summary>
        public int PacketsTimed { get; private set; }

        /// <summary>True when every case passed.</summary>
        public bool AllPassed
        {
            get
            {
                for (int i = 0; i < CaseCount; i++)
                {
                    if (!passed[i])
                    {
                        return false;
                    }
                }

                return true;
            }
        }

        /// <summary>Whether case i passed.</summary>
        public bool Passed(int index)
        {
            return index >= 0 && index < CaseCount && passed[index];
        }

        /// <summary>Short name of case i, e.g. "aes-cm".</summary>
        public static string CaseName(int index)
        {
            return index >= 0 && index < CaseCount ? Names[index] : "?";
        }

        /// <summary>Why case i failed ("ok" when it passed), for the diagnostics screen.</summary>
        public string Detail(int index)
        {
            return index >= 0 && index < CaseCount ? details[index] : "?";
        }

        /// <summary>The state for the diagnostics screen.</summary>
        public SelfTestState State
        {
            get { return AllPassed ? SelfTestState.Passed : SelfTestState.Failed; }
        }

        /// <summary>
        /// Runs every case on the kernel, then (if a clock is given, the packet case passed and packets
        /// is positive) times <paramref name="packets"/> protects. Never throws. Allocates its vectors
        /// once; the timed loop allocates nothing.
        /// </summary>
        public static KernelSelfTest Run(ICryptoKernel kernel, ITickSource clock, int packets)
        {
            string name = "?";
            try
            {
                if (kernel != null)
                {
                    name = kernel.Name;
                }
            }
            catch (Exception)
            {
            }

            KernelSelfTest t = new KernelSelfTest(name);
            if (kernel == null)
            {
                for (int i = 0; i < CaseCount; i++)
                {
                    t.details[i] = "no kernel";
                }

                return t;
            }

            t.Record(AesCm, RunAesCm(kernel));
            t.Record(HmacSha1, RunHmac(kernel));
            t.Record(SrtpPacket, RunSrtp(kernel));
            if (clock != null && packets > 0 && t.passed[SrtpPacket])
            {
                t.Time(kernel, clock, packets);
            }

            return t;
        }

        private void Record(int index, string failure)
        {
            passed[index] = failure == null;
            details[index] = failure == null ? "ok" : failure;
        }

        private static string RunAesCm(ICryptoKernel kernel)
        {
            try
            {
                IAesCtr ctr = kernel.CreateAesCtr();
                byte[] key = Hex(B2Key);
                if (!ctr.SetKey(key, 0, key.Length))
                {
                    return "key refused";
                }

                byte[] data = new byte[48];
                ctr.Xor(Hex(B2Iv), 0, data, 0, data.Length);
                ctr.Clear();
                return Same(data, Hex(B2Keystream)) ? null : "keystream differs from RFC 3711 B.2";
            }
            catch (Exception)
            {
                return "threw";
            }
        }

        private static string RunHmac(ICryptoKernel kernel)
        {
            try
            {
                IHmacSha1 mac = kernel.CreateHmacSha1();
                byte[] tag = new byte[20];
                byte[] key = Hex(Hmac1Key);
                byte[] data = Hex(Hmac1Data);
                if (!mac.SetKey(key, 0, key.Length))
                {
                    return "key refused";
                }

                mac.Compute(data, 0, data.Length, data, 0, 0, tag, 0);
                if (!Same(tag, Hex(Hmac1Digest)))
                {
                    return "RFC 2202 case 1 differs";
                }

                // Case 2 split at byte 10 over the two ranges, with the tag written at an offset.
                key = Hex(Hmac2Key);
                data = Hex(Hmac2Data);
                byte[] tag2 = new byte[23];
                if (!mac.SetKey(key, 0, key.Length))
                {
                    return "key refused";
                }

                mac.Compute(data, 0, 10, data, 10, data.Length - 10, tag2, 3);
                mac.Clear();
                byte[] expected = Hex(Hmac2Digest);
                for (int i = 0; i < 20; i++)
                {
                    if (tag2[3 + i] != expected[i])
                    {
                        return "RFC 2202 case 2 differs";
                    }
                }

                return null;
            }
            catch (Exception)
            {
                return "threw";
            }
        }

        private static SrtpSession Session(ICryptoKernel kernel)
        {
            return new SrtpSession(new SrtpPolicy(SrtpSuite.AesCm128HmacSha1_80, Hex(SrtpKey), Hex(SrtpSalt)), kernel);
        }

        private static string RunSrtp(ICryptoKernel kernel)
        {
            try
            {
                byte[] plain = Hex(SrtpPlain);
                byte[] expected = Hex(SrtpProtected);
                byte[] buffer = new byte[plain.Length + 10];
                Array.Copy(plain, buffer, plain.Length);
                int length;
                if (Session(kernel).Protect(buffer, 0, plain.Length, out length) != SrtpStatus.Ok || length != expected.Length)
                {
                    return "protect failed";
                }

                if (!Same(buffer, expected))
                {
                    return "protected packet differs from libsrtp";
                }

                int plainLength;
                if (Session(kernel).Unprotect(buffer, 0, length, out plainLength) != SrtpStatus.Ok || plainLength != plain.Length)
                {
                    return "unprotect refused the reference packet";
                }

                for (int i = 0; i < plain.Length; i++)
                {
                    if (buffer[i] != plain[i])
                    {
                        return "unprotect gave other bytes";
                    }
                }

                return null;
            }
            catch (Exception)
            {
                return "threw";
            }
        }

        // One G.711 packet (RTP header + 20 ms at 8 kHz), protected again and again from a fresh copy,
        // as the phone does 50 times a second.
        private void Time(ICryptoKernel kernel, ITickSource clock, int packets)
        {
            try
            {
                SrtpSession session = Session(kernel);
                byte[] plain = new byte[12 + 160];
                byte[] header = Hex(SrtpPlain);
                Array.Copy(header, plain, 12);
                for (int i = 12; i < plain.Length; i++)
                {
                    plain[i] = 0xFF; // mu-law silence
                }

                byte[] buffer = new byte[plain.Length + 10];
                int length;
                ulong start = clock.Microseconds;
                for (int n = 0; n < packets; n++)
                {
                    Array.Copy(plain, buffer, plain.Length);
                    buffer[3] = (byte)n; // next sequence number's low byte
                    session.Protect(buffer, 0, plain.Length, out length);
                }

                ulong end = clock.Microseconds;
                ProtectMicroseconds = end >= start ? (long)((end - start) / (ulong)packets) : NotMeasured;
                PacketsTimed = packets;
            }
            catch (Exception)
            {
                ProtectMicroseconds = NotMeasured;
            }
        }

        private static bool Same(byte[] a, byte[] b)
        {
            if (a.Length < b.Length)
            {
                return false;
            }

            int diff = 0;
            for (int i = 0; i < b.Length; i++)
            {
                diff |= a[i] ^ b[i];
            }

            return diff == 0;
        }

        private static byte[] Hex(string hex)
        {
            byte[] result = new byte[hex.Length / 2];
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = (byte)((Nibble(hex[2 * i]) << 4) | Nibble(hex[2 * i + 1]));
            }

            return result;
        }

        private static int Nibble(char c)
        {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            return 0;
        }
    }
}
