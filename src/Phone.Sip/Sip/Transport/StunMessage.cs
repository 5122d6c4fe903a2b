namespace Phone.Sip.Transport
{
    /// <summary>
    /// The part of STUN (RFC 5389) a SIP flow's keep-alive needs (RFC 5626 §4.4.2): a Binding request with no
    /// attributes, and a Binding success response read for the address the server saw (XOR-MAPPED-ADDRESS, else
    /// MAPPED-ADDRESS; IPv4 only). No authentication: RFC 5626 §4.4.2 keeps these unauthenticated. Nothing here
    /// allocates except the host text of an accepted response.
    /// </summary>
    public static class StunMessage
    {
        /// <summary>RFC 5389 §6: header size.</summary>
        public const int HeaderLength = 20;

        /// <summary>RFC 5389 §6: the magic cookie.</summary>
        public const uint MagicCookie = 0x2112A442;

        /// <summary>RFC 5389 §6: transaction ID size.</summary>
        public const int TransactionIdLength = 12;

        private const int BindingRequest = 0x0001;
        private const int BindingSuccess = 0x0101;
        private const int MappedAddress = 0x0001;
        private const int XorMappedAddress = 0x0020;

        /// <summary>
        /// RFC 5389 §6 / RFC 7983 §7: a datagram is STUN when its first two bits are zero, its length is the header
        /// plus a multiple of 4, and it carries the magic cookie. A SIP message starts with a letter, so never matches.
        /// </summary>
        public static bool IsStun(byte[] data, int offset, int count)
        {
            if (data == null || offset < 0 || count < HeaderLength || offset + count > data.Length || (data[offset] & 0xC0) != 0)
            {
                return false;
            }

            int length = (data[offset + 2] << 8) | data[offset + 3];
            return length + HeaderLength == count && (length & 3) == 0 && ReadUInt32(data, offset + 4) == MagicCookie;
        }

        /// <summary>Writes a Binding request (RFC 5389 §7.1) with transactionId into buffer at offset: 20 bytes.</summary>
        public static int WriteBindingRequest(byte[] buffer, int offset, byte[] transactionId)
        {
            buffer[offset] = 0;
            buffer[offset + 1] = BindingRequest;
            buffer[offset + 2] = 0;
            buffer[offset + 3] = 0;
            WriteUInt32(buffer, offset + 4, MagicCookie);
            for (int i = 0; i < TransactionIdLength; i++)
            {
                buffer[offset + 8 + i] = transactionId[i];
            }

            return HeaderLength;
        }

        /// <summary>
        /// Reads a Binding success response (RFC 5389 §7.3.3) to transactionId: true with the IPv4 address and port
        /// the server saw. False for another message type or transaction, a malformed attribute list, or no IPv4
        /// mapped address, and for anything that is not STUN (<see cref="IsStun"/>).
        /// </summary>
        public static bool ReadBindingSuccess(byte[] data, int offset, int count, byte[] transactionId, out string host, out int port)
        {
            host = null;
            port = 0;
            if (!IsStun(data, offset, count) || transactionId == null || transactionId.Length != TransactionIdLength ||
                ((data[offset] << 8) | data[offset + 1]) != BindingSuccess)
            {
                return false;
            }

            for (int i = 0; i < TransactionIdLength; i++)
            {
                if (data[offset + 8 + i] != transactionId[i])
                {
                    return false;
                }
            }

            // RFC 5389 §15: type, length, value padded to 4 bytes.
            int at = offset + HeaderLength;
            int end = offset + count;
            int mappedAt = -1;
            bool xor = false;
            while (at + 4 <= end)
            {
                int type = (data[at] << 8) | data[at + 1];
                int length = (data[at + 2] << 8) | data[at + 3];
                int value = at + 4;
                if (value + length > end)
                {
                    return false;
                }

                if (length == 8 && data[value + 1] == 0x01 && (type == XorMappedAddress || (type == MappedAddress && mappedAt < 0)))
                {
                    // Family 0x01 is IPv4 (§15.1); RFC 5389 §15.2: XOR-MAPPED-ADDRESS is preferred over MAPPED-ADDRESS.
                    mappedAt = value;
                    xor = type == XorMappedAddress;
                }

                at = value + ((length + 3) & ~3);
            }

            if (mappedAt < 0)
            {
                return false;
            }

            port = (data[mappedAt + 2] << 8) | data[mappedAt + 3];
            uint address = ReadUInt32(data, mappedAt + 4);
            if (xor)
            {
                // RFC 5389 §15.2: the port XOR the cookie's top 16 bits, the IPv4 address XOR the cookie.
                port ^= (int)(MagicCookie >> 16);
                address ^= MagicCookie;
            }

            host = ((address >> 24) & 0xFF).ToString() + "." + ((address >> 16) & 0xFF).ToString() + "." +
                   ((address >> 8) & 0xFF).ToString() + "." + (address & 0xFF).ToString();
            return port > 0;
        }

        private static uint ReadUInt32(byte[] b, int at)
        {
            return ((uint)b[at] << 24) | ((uint)b[at + 1] << 16) | ((uint)b[at + 2] << 8) | b[at + 3];
        }

        private static void WriteUInt32(byte[] b, int at, uint v)
        {
            b[at] = (byte)(v >> 24);
            b[at + 1] = (byte)(v >> 16);
            b[at + 2] = (byte)(v >> 8);
            b[at + 3] = (byte)v;
        }
    }
}
