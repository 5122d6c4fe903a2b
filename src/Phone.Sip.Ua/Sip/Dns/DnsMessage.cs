namespace Phone.Sip.Dns
{
    /// <summary>
    /// RFC 1035 messages as the phone's stub resolver needs them: a recursive query for one name and type, and the
    /// parse of its response. Every read is bounds-checked against the datagram; bad input is a status, never an
    /// exception, and name decompression always ends (each pointer must go further back than the last).
    /// </summary>
    public static class DnsMessage
    {
        /// <summary>Header, the longest name (RFC 1035 §2.3.4: 255 octets) and QTYPE/QCLASS.</summary>
        public const int MaxQueryBytes = 12 + 256 + 4;

        private const int HeaderBytes = 12;
        private const int ClassIn = 1;
        private const int MaxName = 255;

        /// <summary>
        /// Writes a standard query with RD set (RFC 1035 §4.1.1) for name and type into buffer; the length, or -1 when
        /// the name is not a host name that fits (empty label, label over 63 octets, name over 255, non-ASCII).
        /// </summary>
        public static int EncodeQuery(int id, string name, int type, byte[] buffer)
        {
            if (name == null || buffer == null || buffer.Length < MaxQueryBytes)
            {
                return -1;
            }

            int n = name.Length;
            if (n > 0 && name[n - 1] == '.')
            {
                n--;
            }

            if (n == 0 || n > MaxName - 2)
            {
                return -1;
            }

            Put16(buffer, 0, id);
            Put16(buffer, 2, 0x0100); // RFC 1035 §4.1.1: QR=0, OPCODE=0 (QUERY), RD=1
            Put16(buffer, 4, 1);      // QDCOUNT
            Put16(buffer, 6, 0);
            Put16(buffer, 8, 0);
            Put16(buffer, 10, 0);
            int pos = HeaderBytes;
            int labelAt = pos++;
            for (int i = 0; i <= n; i++)
            {
                char c = i < n ? name[i] : '.';
                if (c == '.')
                {
                    int length = pos - labelAt - 1;
                    if (length == 0 || length > 63)
                    {
                        return -1; // RFC 1035 §2.3.4: labels are 1..63 octets
                    }

                    buffer[labelAt] = (byte)length;
                    labelAt = pos++;
                }
                else
                {
                    if (c <= ' ' || c > '~')
                    {
                        return -1;
                    }

                    buffer[pos++] = (byte)c;
                }
            }

            buffer[labelAt] = 0; // the root label ends QNAME
            Put16(buffer, pos, type);
            Put16(buffer, pos + 2, ClassIn);
            return pos + 4;
        }

        /// <summary>
        /// Parses data[offset .. offset+count) as the response to query (id, name, type) and keeps in answer the
        /// records of that type under name or under the name its CNAME records lead to. Foreign when it is not the
        /// response to that query (so a stray or forged datagram cannot end the lookup), Truncated for TC.
        /// </summary>
        public static DnsStatus Parse(byte[] data, int offset, int count, int id, string name, int type, DnsAnswer answer)
        {
            answer.Clear();
            if (data == null || offset < 0 || count < HeaderBytes || offset > data.Length - count)
            {
                return DnsStatus.Malformed;
            }

            int end = offset + count;
            int flags = Get16(data, offset + 2);
            // RFC 1035 §4.1.1: ID echoes the query, QR=1 marks a response, OPCODE 0 is a standard query.
            if (Get16(data, offset) != id || (flags & 0x8000) == 0 || (flags & 0x7800) != 0 || Get16(data, offset + 4) != 1)
            {
                return DnsStatus.Foreign;
            }

            int answers = Get16(data, offset + 6);
            char[] chars = new char[MaxName];
            string read;
            int pos = ReadName(data, offset, end, offset + HeaderBytes, end, chars, out read);
            if (pos < 0 || pos > end - 4)
            {
                return DnsStatus.Malformed;
            }

            if (!SameName(read, name) || Get16(data, pos) != type || Get16(data, pos + 2) != ClassIn)
            {
                return DnsStatus.Foreign;
            }

            pos += 4;
            if ((flags & 0x0200) != 0)
            {
                return DnsStatus.Truncated;
            }

            int rcode = flags & 0x000F;
            if (rcode == 3)
            {
                return DnsStatus.NameError;
            }

            if (rcode != 0)
            {
                return DnsStatus.ServerFailure;
            }

            string owner = name;
            for (int i = 0; i < answers; i++)
            {
                pos = ReadName(data, offset, end, pos, end, chars, out read);
                if (pos < 0 || pos > end - 10)
                {
                    return DnsStatus.Malformed;
                }

                int rtype = Get16(data, pos);
                int rclass = Get16(data, pos + 2);
                int ttl = (data[pos + 4] & 0x80) != 0 ? 0 : (data[pos + 4] << 24) | (data[pos + 5] << 16) | Get16(data, pos + 6); // RFC 2181 §8
                int rdStart = pos + 10;
                int rdEnd = rdStart + Get16(data, pos + 8);
                if (rdEnd > end)
                {
                    return DnsStatus.Malformed;
                }

                if (rclass == ClassIn && SameName(read, owner))
                {
                    if (rtype == DnsRecord.TypeCname && type != DnsRecord.TypeCname)
                    {
                        // RFC 1034 §3.6.2: the records we want are under the canonical name.
                        if (ReadName(data, offset, end, rdStart, rdEnd, chars, out owner) != rdEnd)
                        {
                            return DnsStatus.Malformed;
                        }
                    }
                    else if (rtype == type && !ReadRecord(data, offset, end, rdStart, rdEnd, type, ttl, chars, answer))
                    {
                        return DnsStatus.Malformed;
                    }
                }

                pos = rdEnd;
            }

            return DnsStatus.Ok;
        }

        /// <summary>True when a and b name the same host: ASCII case does not matter (RFC 4343), nor a final dot.</summary>
        public static bool SameName(string a, string b)
        {
            if (a == null || b == null)
            {
                return false;
            }

            int na = a.Length > 1 && a[a.Length - 1] == '.' ? a.Length - 1 : a.Length;
            int nb = b.Length > 1 && b[b.Length - 1] == '.' ? b.Length - 1 : b.Length;
            if (na != nb)
            {
                return false;
            }

            for (int i = 0; i < na; i++)
            {
                char x = a[i];
                char y = b[i];
                if (x >= 'A' && x <= 'Z')
                {
                    x = (char)(x + 32);
                }

                if (y >= 'A' && y <= 'Z')
                {
                    y = (char)(y + 32);
                }

                if (x != y)
                {
                    return false;
                }
            }

            return true;
        }

        private static bool ReadRecord(byte[] d, int message, int messageEnd, int pos, int end, int type, int ttl, char[] chars, DnsAnswer answer)
        {
            DnsRecord r;
            if (type == DnsRecord.TypeA)
            {
                if (end - pos != 4)
                {
                    return false;
                }

                r = answer.Add(type, ttl);
                if (r != null)
                {
                    r.Address = d[pos].ToString() + "." + d[pos + 1].ToString() + "." + d[pos + 2].ToString() + "." + d[pos + 3].ToString();
                }

                return true;
            }

            if (type == DnsRecord.TypeSrv)
            {
                // RFC 2782: priority, weight, port, target.
                string target;
                if (end - pos < 7 || ReadName(d, message, messageEnd, pos + 6, end, chars, out target) != end)
                {
                    return false;
                }

                r = answer.Add(type, ttl);
                if (r != null)
                {
                    r.Priority = Get16(d, pos);
                    r.Weight = Get16(d, pos + 2);
                    r.Port = Get16(d, pos + 4);
                    r.Target = target;
                }

                return true;
            }

            if (type == DnsRecord.TypeNaptr)
            {
                // RFC 3403 §4.1: order, preference, flags, services, regexp (character-strings), replacement.
                string flags = null;
                string services = null;
                string regexp = null;
                string replacement;
                int at = end - pos < 4 ? -1 : ReadString(d, pos + 4, end, out flags);
                at = at < 0 ? -1 : ReadString(d, at, end, out services);
                at = at < 0 ? -1 : ReadString(d, at, end, out regexp);
                if (at < 0 || ReadName(d, message, messageEnd, at, end, chars, out replacement) != end)
                {
                    return false;
                }

                r = answer.Add(type, ttl);
                if (r != null)
                {
                    r.Order = Get16(d, pos);
                    r.Preference = Get16(d, pos + 2);
                    r.Flags = flags;
                    r.Services = services;
                    r.Replacement = replacement;
                }

                return true;
            }

            return true;
        }

        /// <summary>A character-string (RFC 1035 §3.3): length octet and text; the offset after it, or -1.</summary>
        private static int ReadString(byte[] d, int pos, int end, out string text)
        {
            text = null;
            if (pos >= end || pos + 1 + d[pos] > end)
            {
                return -1;
            }

            int n = d[pos];
            char[] chars = new char[n];
            for (int i = 0; i < n; i++)
            {
                chars[i] = (char)d[pos + 1 + i];
            }

            text = new string(chars);
            return pos + 1 + n;
        }

        /// <summary>
        /// Reads the domain name at pos (RFC 1035 §3.1, with §4.1.4 compression); returns the offset after it in the
        /// record, or -1. Until the first pointer the name must lie before end (its record's end), after it before
        /// messageEnd. A pointer must point before the labels read since the last jump, so a chain of pointers
        /// always moves backwards and ends; labels are printable ASCII without '.', the name at most 255 octets.
        /// </summary>
        private static int ReadName(byte[] d, int message, int messageEnd, int pos, int end, char[] chars, out string name)
        {
            name = null;
            int after = -1;
            int segment = pos;
            int length = 0;
            int wire = 1;
            while (true)
            {
                if (pos >= end)
                {
                    return -1;
                }

                int b = d[pos];
                if (b == 0)
                {
                    break;
                }

                if ((b & 0xC0) == 0xC0)
                {
                    if (pos + 1 >= end)
                    {
                        return -1;
                    }

                    int target = message + (((b & 0x3F) << 8) | d[pos + 1]);
                    if (after < 0)
                    {
                        after = pos + 2;
                    }

                    if (target >= segment)
                    {
                        return -1; // forward or looping pointer
                    }

                    segment = target;
                    pos = target;
                    end = messageEnd;
                    continue;
                }

                if ((b & 0xC0) != 0 || pos + 1 + b > end)
                {
                    return -1; // RFC 6891 §5 extended label types are not used in answers to us
                }

                wire += b + 1;
                if (wire > MaxName)
                {
                    return -1;
                }

                if (length > 0)
                {
                    chars[length++] = '.';
                }

                for (int i = 1; i <= b; i++)
                {
                    int c = d[pos + i];
                    if (c <= ' ' || c > '~' || c == '.')
                    {
                        return -1;
                    }

                    chars[length++] = (char)c;
                }

                pos += 1 + b;
            }

            if (after < 0)
            {
                after = pos + 1;
            }

            name = length == 0 ? "." : new string(chars, 0, length);
            return after;
        }

        private static int Get16(byte[] d, int pos)
        {
            return (d[pos] << 8) | d[pos + 1];
        }

        private static void Put16(byte[] d, int pos, int value)
        {
            d[pos] = (byte)(value >> 8);
            d[pos + 1] = (byte)value;
        }
    }
}
