using Phone.Crypto;

namespace Phone.Srtp
{
    /// <summary>
    /// SRTP key derivation (RFC 3711 §4.3) with key derivation rate 0, using AES-CM as the PRF
    /// (RFC 3711 §4.3.3): AES-128 for 16-byte master keys, AES_256_CM_PRF for 32-byte ones (RFC 6188 §3).
    /// Runs once per session at setup.
    /// </summary>
    public sealed class SrtpKeyDerivation
    {
        /// <summary>Labels of RFC 3711 §4.3.2.</summary>
        public const int LabelRtpEncryption = 0x00;

        /// <summary>SRTP authentication key label.</summary>
        public const int LabelRtpAuthentication = 0x01;

        /// <summary>SRTP salting key label.</summary>
        public const int LabelRtpSalt = 0x02;

        /// <summary>SRTCP encryption key label.</summary>
        public const int LabelRtcpEncryption = 0x03;

        /// <summary>SRTCP authentication key label.</summary>
        public const int LabelRtcpAuthentication = 0x04;

        /// <summary>SRTCP salting key label.</summary>
        public const int LabelRtcpSalt = 0x05;

        readonly IAesCtr _prf;
        readonly byte[] _salt = new byte[SrtpPolicy.MasterSaltLength];
        readonly byte[] _iv = new byte[16];

        /// <summary>Creates the PRF context from a kernel.</summary>
        public SrtpKeyDerivation(ICryptoKernel kernel)
        {
            _prf = kernel.CreateAesCtr();
        }

        /// <summary>Keys the PRF with the master key (16 or 32 bytes) and keeps the 14-byte master salt. False on bad lengths.</summary>
        public bool SetMaster(byte[] masterKey, byte[] masterSalt)
        {
            if (masterKey == null || masterSalt == null || masterSalt.Length != SrtpPolicy.MasterSaltLength)
            {
                return false;
            }

            if (!_prf.SetKey(masterKey, 0, masterKey.Length))
            {
                return false;
            }

            System.Array.Copy(masterSalt, 0, _salt, 0, SrtpPolicy.MasterSaltLength);
            return true;
        }

        /// <summary>Writes the first <paramref name="length"/> bytes of PRF output for <paramref name="label"/> to <c>output[offset..)</c>.</summary>
        public void Derive(int label, byte[] output, int offset, int length)
        {
            // RFC 3711 §4.3.1: r = index DIV kdr = 0 (kdr 0), key_id = label || r (56 bits),
            // x = key_id XOR master_salt with key_id right-aligned, so the label meets salt byte 7.
            // §4.3.3: IV = x·2^16, output = AES-CM keystream from that IV.
            System.Array.Copy(_salt, 0, _iv, 0, SrtpPolicy.MasterSaltLength);
            _iv[7] ^= (byte)label;
            _iv[14] = 0;
            _iv[15] = 0;
            System.Array.Clear(output, offset, length);
            _prf.Xor(_iv, 0, output, offset, length);
            System.Array.Clear(_iv, 0, 16);
        }

        /// <summary>Wipes the master key and salt.</summary>
        public void Clear()
        {
            _prf.Clear();
            System.Array.Clear(_salt, 0, _salt.Length);
        }
    }
}
