using System;

namespace Phone.Host.Tests.Srtp
{
    /// <summary>
    /// Seeded generator of well-formed RTP (RFC 3550 §5.1) and RTCP (§6.4) packets exercising every
    /// header feature SRTP must handle: CSRC lists (CC 0-15), header extensions (§5.3.1, 0-16 words),
    /// padding (§5.1 P bit, last octet = count), marker, any payload type, payloads of 0-1400 bytes.
    /// </summary>
    internal sealed class RandomPackets
    {
        private readonly Random _rng;

        public RandomPackets(int seed)
        {
            _rng = new Random(seed);
        }

        public Random Rng => _rng;

        /// <summary>Writes an RTP packet at buf[0..) and returns its length.</summary>
        public int Rtp(byte[] buf, uint ssrc, ushort seq, int maxPayload = 1400)
        {
            int cc = _rng.Next(4) == 0 ? _rng.Next(16) : 0;
            bool ext = _rng.Next(3) == 0;
            int padding = _rng.Next(5) == 0 ? 1 + _rng.Next(255) : 0;
            int payload = _rng.Next(maxPayload + 1);

            buf[0] = (byte)(0x80 | (padding > 0 ? 0x20 : 0) | (ext ? 0x10 : 0) | cc);
            buf[1] = (byte)((_rng.Next(2) << 7) | _rng.Next(128));
            buf[2] = (byte)(seq >> 8);
            buf[3] = (byte)seq;
            _rng.NextBytes(buf.AsSpan(4, 4)); // timestamp
            WriteUInt32(buf, 8, ssrc);
            int pos = 12;
            _rng.NextBytes(buf.AsSpan(pos, 4 * cc));
            pos += 4 * cc;
            if (ext)
            {
                int words = _rng.Next(17);
                _rng.NextBytes(buf.AsSpan(pos, 2)); // profile-defined
                buf[pos + 2] = (byte)(words >> 8);
                buf[pos + 3] = (byte)words;
                _rng.NextBytes(buf.AsSpan(pos + 4, 4 * words));
                pos += 4 + 4 * words;
            }

            _rng.NextBytes(buf.AsSpan(pos, payload));
            pos += payload;
            if (padding > 0)
            {
                Array.Clear(buf, pos, padding - 1);
                pos += padding;
                buf[pos - 1] = (byte)padding;
            }

            return pos;
        }

        /// <summary>Writes an RTCP packet (SR/RR/SDES/BYE/APP type, consistent length field) and returns its length.</summary>
        public int Rtcp(byte[] buf, uint ssrc)
        {
            int words = 1 + _rng.Next(60); // 32-bit words after the first header word, SSRC included
            buf[0] = (byte)(0x80 | _rng.Next(32));
            buf[1] = (byte)(200 + _rng.Next(5));
            buf[2] = (byte)(words >> 8);
            buf[3] = (byte)words;
            WriteUInt32(buf, 4, ssrc);
            _rng.NextBytes(buf.AsSpan(8, 4 * (words - 1)));
            return 4 * (words + 1);
        }

        private static void WriteUInt32(byte[] buf, int at, uint value)
        {
            buf[at] = (byte)(value >> 24);
            buf[at + 1] = (byte)(value >> 16);
            buf[at + 2] = (byte)(value >> 8);
            buf[at + 3] = (byte)value;
        }
    }
}
