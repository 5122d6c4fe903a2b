namespace Phone.Tests.Sip.Dns
{
    /// <summary>
    /// Writes DNS messages octet by octet as RFC 1035 §4.1 lays them out, for the resolver's tests: a header, names
    /// as labels or pointers, and records whose RDLENGTH is filled in when the record ends.
    /// </summary>
    internal sealed class DnsPacket
    {
        private readonly byte[] _b = new byte[1024];
        private int _n;
        private int _rdLengthAt = -1;

        /// <summary>A message with a header: ID, flags word, QDCOUNT, ANCOUNT, NSCOUNT 0, ARCOUNT 0.</summary>
        internal static DnsPacket Header(int id, int flags, int questions, int answers)
        {
            DnsPacket p = new DnsPacket();
            p.U16(id).U16(flags).U16(questions).U16(answers).U16(0).U16(0);
            return p;
        }

        /// <summary>A response header (QR, RD, RA set, RCODE rcode) with one question.</summary>
        internal static DnsPacket Response(int id, int rcode, int answers, string name, int type)
        {
            return Header(id, 0x8180 | rcode, 1, answers).Question(name, type);
        }

        internal int Length
        {
            get { return _n; }
        }

        internal DnsPacket U8(int v)
        {
            _b[_n++] = (byte)v;
            return this;
        }

        internal DnsPacket U16(int v)
        {
            return U8(v >> 8).U8(v);
        }

        internal DnsPacket U32(uint v)
        {
            return U16((int)(v >> 16)).U16((int)(v & 0xFFFF));
        }

        /// <summary>The labels of a dotted name, without the root label (end it with <see cref="Root"/> or a pointer).</summary>
        internal DnsPacket Labels(string dotted)
        {
            int start = 0;
            for (int i = 0; i <= dotted.Length; i++)
            {
                if (i == dotted.Length || dotted[i] == '.')
                {
                    U8(i - start);
                    for (int j = start; j < i; j++)
                    {
                        U8(dotted[j]);
                    }

                    start = i + 1;
                }
            }

            return this;
        }

        internal DnsPacket Root()
        {
            return U8(0);
        }

        /// <summary>A whole uncompressed name.</summary>
        internal DnsPacket Name(string dotted)
        {
            return dotted == "." ? Root() : Labels(dotted).Root();
        }

        /// <summary>A compression pointer to offset (RFC 1035 §4.1.4).</summary>
        internal DnsPacket Pointer(int offset)
        {
            return U16(0xC000 | offset);
        }

        internal DnsPacket Question(string name, int type)
        {
            return Name(name).U16(type).U16(1);
        }

        /// <summary>
        /// TYPE, CLASS IN, TTL and a placeholder RDLENGTH after an owner name already written; the record before must
        /// have been ended (EndRecord) before that owner name was written.
        /// </summary>
        internal DnsPacket Rr(int type, uint ttl)
        {
            U16(type).U16(1).U32(ttl);
            _rdLengthAt = _n;
            return U16(0);
        }

        /// <summary>A record whose owner is a pointer to ownerAt: the open record ends first.</summary>
        internal DnsPacket Rr(int ownerAt, int type, uint ttl)
        {
            EndRecord();
            return Pointer(ownerAt).Rr(type, ttl);
        }

        /// <summary>Fixes the RDLENGTH of the open record; ToArray does it too.</summary>
        internal DnsPacket EndRecord()
        {
            if (_rdLengthAt >= 0)
            {
                int length = _n - _rdLengthAt - 2;
                _b[_rdLengthAt] = (byte)(length >> 8);
                _b[_rdLengthAt + 1] = (byte)length;
                _rdLengthAt = -1;
            }

            return this;
        }

        internal DnsPacket Text(string s)
        {
            U8(s.Length);
            for (int i = 0; i < s.Length; i++)
            {
                U8(s[i]);
            }

            return this;
        }

        internal DnsPacket A(int a, int b, int c, int d)
        {
            return U8(a).U8(b).U8(c).U8(d);
        }

        internal byte[] ToArray()
        {
            EndRecord();
            byte[] copy = new byte[_n];
            for (int i = 0; i < _n; i++)
            {
                copy[i] = _b[i];
            }

            return copy;
        }

        /// <summary>The QNAME of an uncompressed query as a dotted string.</summary>
        internal static string QueryName(byte[] q)
        {
            string s = "";
            int pos = 12;
            while (q[pos] != 0)
            {
                int n = q[pos];
                char[] label = new char[n];
                for (int i = 0; i < n; i++)
                {
                    label[i] = (char)q[pos + 1 + i];
                }

                s = s.Length == 0 ? new string(label) : s + "." + new string(label);
                pos += n + 1;
            }

            return s;
        }

        internal static int QueryType(byte[] q)
        {
            int pos = 12;
            while (q[pos] != 0)
            {
                pos += q[pos] + 1;
            }

            return (q[pos + 1] << 8) | q[pos + 2];
        }

        internal static int QueryId(byte[] q)
        {
            return (q[0] << 8) | q[1];
        }
    }
}
