namespace Phone.Device.Provisioning
{
    /// <summary>
    /// The HTTP answer to the provisioning pull's GET, sans-I/O: everything the connection delivered until the server
    /// closed, checked so that only a complete file is ever handed to ProvisioningPull (security finding 4, item 4).
    /// A 200 answer must say where its body ends: a Content-Length that the received bytes match exactly, or chunked
    /// transfer coding (RFC 9112 §7.1) including its last chunk; the chunks are joined in place. An answer without
    /// either, cut short, with more bytes than declared, with both framings, with differing Content-Lengths or with
    /// another transfer coding is refused: a file that "ends wherever the connection ended" could be a truncated
    /// one (an attacker resetting the TCP connection, a crashed server), missing e.g. the [srtp] or [tls] lines that
    /// follow the cut. Never throws on input.
    /// </summary>
    public sealed class PulledAnswer
    {
        /// <summary>Largest answer head.</summary>
        public const int MaxHeadBytes = 4096;

        PulledAnswer()
        {
        }

        /// <summary>HTTP status code, 0 when there was no status line.</summary>
        public int Status { get; private set; }

        /// <summary>True for a complete 200 answer whose body is buffer[BodyOffset .. BodyOffset+BodyCount).</summary>
        public bool IsComplete { get; private set; }

        public int BodyOffset { get; private set; }

        public int BodyCount { get; private set; }

        /// <summary>Why the answer was refused (no secrets, no answer bytes), or null.</summary>
        public string Error { get; private set; }

        /// <summary>True when the refusal was about framing (cut short, no length), as opposed to status or size.</summary>
        public bool Incomplete { get; private set; }

        /// <summary>Parses buffer[0 .. length). Chunked bodies are decoded in place (the buffer is modified).</summary>
        public static PulledAnswer Parse(byte[] buffer, int length, int maxBody)
        {
            PulledAnswer a = new PulledAnswer();
            if (buffer == null || length < 0 || length > buffer.Length)
            {
                return a.Fail("no answer", true);
            }

            int headEnd = -1;
            for (int i = 3; i < length && i < MaxHeadBytes; i++)
            {
                if (buffer[i] == 10 && buffer[i - 1] == 13 && buffer[i - 2] == 10 && buffer[i - 3] == 13)
                {
                    headEnd = i + 1;
                    break;
                }
            }

            if (headEnd < 0)
            {
                return a.Fail("provisioning answer has no header end", true);
            }

            // NUL rule: a string ends at U+0000 on the device; the head is checked on the bytes before it becomes text.
            for (int i = 0; i < headEnd; i++)
            {
                if (buffer[i] == 0)
                {
                    return a.Fail("provisioning answer head holds a NUL byte", false);
                }
            }

            // Status line: HTTP/1.x SP 3DIGIT
            if (headEnd < 12 || buffer[0] != 'H' || buffer[1] != 'T' || buffer[2] != 'T' || buffer[3] != 'P' || buffer[4] != '/'
                || buffer[5] != '1' || buffer[6] != '.' || buffer[8] != ' ' || !Digit(buffer[9]) || !Digit(buffer[10]) || !Digit(buffer[11]))
            {
                return a.Fail("not an HTTP answer", false);
            }

            a.Status = (buffer[9] - '0') * 100 + (buffer[10] - '0') * 10 + (buffer[11] - '0');
            if (a.Status != 200)
            {
                return a.Fail("provisioning server answered " + a.Status.ToString(), false);
            }

            long contentLength = -1;
            bool chunked = false;
            bool otherCoding = false;
            int pos = LineEnd(buffer, 0, headEnd) + 1;
            while (pos < headEnd - 2)
            {
                int end = LineEnd(buffer, pos, headEnd);
                int colon = -1;
                for (int k = pos; k < end; k++)
                {
                    if (buffer[k] == ':')
                    {
                        colon = k;
                        break;
                    }
                }

                if (colon > pos)
                {
                    int vs = colon + 1;
                    int ve = end;
                    if (ve > vs && buffer[ve - 1] == 13) ve--;
                    while (vs < ve && (buffer[vs] == ' ' || buffer[vs] == '\t')) vs++;
                    while (ve > vs && (buffer[ve - 1] == ' ' || buffer[ve - 1] == '\t')) ve--;
                    if (NameIs(buffer, pos, colon, "content-length"))
                    {
                        long n = Number(buffer, vs, ve);
                        if (n < 0 || (contentLength >= 0 && n != contentLength))
                        {
                            return a.Fail("provisioning answer has a bad or repeated Content-Length", false);
                        }

                        contentLength = n;
                    }
                    else if (NameIs(buffer, pos, colon, "transfer-encoding"))
                    {
                        if (ve - vs == 7 && NameIs(buffer, vs, ve, "chunked") && !chunked)
                        {
                            chunked = true;
                        }
                        else
                        {
                            otherCoding = true;
                        }
                    }
                }

                pos = end + 1;
            }

            if (otherCoding)
            {
                return a.Fail("provisioning answer uses a transfer coding other than chunked", false);
            }

            if (chunked && contentLength >= 0)
            {
                // RFC 9112 §6.3: both framings at once is a smuggling pattern; refuse rather than pick one.
                return a.Fail("provisioning answer has both Content-Length and chunked", false);
            }

            a.BodyOffset = headEnd;
            if (chunked)
            {
                return a.Dechunk(buffer, headEnd, length, maxBody);
            }

            if (contentLength < 0)
            {
                return a.Fail("provisioning answer has no Content-Length: it cannot be told complete", true);
            }

            if (contentLength > maxBody)
            {
                return a.Fail("provisioning file too large", false);
            }

            if (length - headEnd != contentLength)
            {
                return a.Fail(length - headEnd < contentLength ? "provisioning answer truncated" : "provisioning answer longer than its Content-Length", true);
            }

            a.BodyCount = (int)contentLength;
            a.IsComplete = true;
            return a;
        }

        /// <summary>chunk = size [; ext] CRLF data CRLF; last-chunk = 0 [; ext] CRLF; trailer fields; CRLF (RFC 9112 §7.1).</summary>
        PulledAnswer Dechunk(byte[] b, int start, int length, int maxBody)
        {
            int read = start;
            int write = start;
            while (true)
            {
                int lineEnd = LineEnd(b, read, length);
                if (lineEnd >= length || lineEnd == read || b[lineEnd - 1] != 13)
                {
                    return Fail("chunked provisioning answer cut short", true);
                }

                long size = 0;
                int k = read;
                int digits = 0;
                while (k < lineEnd - 1 && Hex(b[k]) >= 0)
                {
                    size = size * 16 + Hex(b[k]);
                    digits++;
                    k++;
                    if (digits > 8)
                    {
                        return Fail("chunk size too large", false);
                    }
                }

                if (digits == 0 || (k < lineEnd - 1 && b[k] != ';' && b[k] != ' ' && b[k] != '\t'))
                {
                    return Fail("bad chunk size line", false);
                }

                read = lineEnd + 1;
                if (size == 0)
                {
                    break;
                }

                if (size > maxBody || write - start + (int)size > maxBody)
                {
                    return Fail("provisioning file too large", false);
                }

                int n = (int)size;
                if (read + n + 2 > length)
                {
                    return Fail("chunked provisioning answer cut short", true);
                }

                if (b[read + n] != 13 || b[read + n + 1] != 10)
                {
                    return Fail("chunk not followed by CRLF", false);
                }

                System.Array.Copy(b, read, b, write, n);
                write += n;
                read += n + 2;
            }

            // Trailer section: field lines up to an empty line, which must have arrived.
            while (true)
            {
                int lineEnd = LineEnd(b, read, length);
                if (lineEnd >= length)
                {
                    return Fail("chunked provisioning answer cut short", true);
                }

                bool empty = lineEnd == read + 1 && b[read] == 13;
                read = lineEnd + 1;
                if (empty)
                {
                    break;
                }
            }

            if (read != length)
            {
                return Fail("bytes after the last chunk", false);
            }

            BodyCount = write - start;
            IsComplete = true;
            return this;
        }

        PulledAnswer Fail(string why, bool incomplete)
        {
            Error = why;
            Incomplete = incomplete;
            IsComplete = false;
            return this;
        }

        /// <summary>Index of the LF that ends the line starting at from, or end when there is none before end.</summary>
        static int LineEnd(byte[] b, int from, int end)
        {
            for (int i = from; i < end; i++)
            {
                if (b[i] == 10)
                {
                    return i;
                }
            }

            return end;
        }

        static bool Digit(byte c)
        {
            return c >= '0' && c <= '9';
        }

        static int Hex(byte c)
        {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            return -1;
        }

        /// <summary>Digits only, at most 9 of them; -1 otherwise.</summary>
        static long Number(byte[] b, int from, int to)
        {
            if (to <= from || to - from > 9)
            {
                return -1;
            }

            long n = 0;
            for (int i = from; i < to; i++)
            {
                if (!Digit(b[i]))
                {
                    return -1;
                }

                n = n * 10 + (b[i] - '0');
            }

            return n;
        }

        /// <summary>Case-insensitive compare of b[from .. to) with a lower-case ASCII name.</summary>
        static bool NameIs(byte[] b, int from, int to, string lower)
        {
            if (to - from != lower.Length)
            {
                return false;
            }

            for (int i = 0; i < lower.Length; i++)
            {
                int c = b[from + i];
                if (c >= 'A' && c <= 'Z') c += 32;
                if (c != lower[i]) return false;
            }

            return true;
        }
    }
}
