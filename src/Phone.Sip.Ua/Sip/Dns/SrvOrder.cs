using Phone.Crypto;

namespace Phone.Sip.Dns
{
    /// <summary>
    /// RFC 2782's order of SRV records: lowest priority first; within one priority a weighted random draw, repeated
    /// until every record is placed, so a record of weight w is first with probability w / (sum of weights).
    /// </summary>
    public static class SrvOrder
    {
        /// <summary>
        /// Reorders records[0 .. count) in place and returns how many name a service: 0 when the only record has the
        /// target "." (RFC 2782: the service is decidedly not available at this domain); other "." records are dropped.
        /// </summary>
        public static int Sort(DnsRecord[] records, int count, IEntropySource entropy)
        {
            int kept = 0;
            for (int i = 0; i < count; i++)
            {
                if (records[i].Target != ".")
                {
                    records[kept++] = records[i];
                }
            }

            // Stable insertion sort by priority (at most DnsAnswer.MaxRecords records).
            for (int i = 1; i < kept; i++)
            {
                DnsRecord r = records[i];
                int j = i - 1;
                while (j >= 0 && records[j].Priority > r.Priority)
                {
                    records[j + 1] = records[j];
                    j--;
                }

                records[j + 1] = r;
            }

            int start = 0;
            while (start < kept)
            {
                int stop = start;
                while (stop < kept && records[stop].Priority == records[start].Priority)
                {
                    stop++;
                }

                DrawByWeight(records, start, stop, entropy);
                start = stop;
            }

            return kept;
        }

        /// <summary>RFC 2782 "Usage rules": zero weights first, then pick by a running sum against a random number.</summary>
        private static void DrawByWeight(DnsRecord[] records, int start, int stop, IEntropySource entropy)
        {
            byte[] random = new byte[4];
            for (int place = start; place < stop - 1; place++)
            {
                // Records of weight 0 go to the front of the remaining ones, so they get a small chance too.
                int front = place;
                for (int i = place; i < stop; i++)
                {
                    if (records[i].Weight == 0)
                    {
                        Swap(records, i, front++);
                    }
                }

                int sum = 0;
                for (int i = place; i < stop; i++)
                {
                    sum += records[i].Weight;
                }

                entropy.GetBytes(random, 0, 4);
                uint draw = ((uint)random[0] << 24 | (uint)random[1] << 16 | (uint)random[2] << 8 | random[3]) % (uint)(sum + 1);
                int running = 0;
                int chosen = stop - 1;
                for (int i = place; i < stop; i++)
                {
                    running += records[i].Weight;
                    if (running >= draw)
                    {
                        chosen = i;
                        break;
                    }
                }

                // Keep the others in their order: the chosen record moves to this place.
                DnsRecord c = records[chosen];
                for (int i = chosen; i > place; i--)
                {
                    records[i] = records[i - 1];
                }

                records[place] = c;
            }
        }

        private static void Swap(DnsRecord[] records, int a, int b)
        {
            DnsRecord t = records[a];
            records[a] = records[b];
            records[b] = t;
        }
    }
}
