using System;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;

namespace Phone.Host.Tests.Display
{
    /// <summary>
    /// Independent readers of PNG files: a strict decoder written against the PNG specification in Python's standard
    /// library (struct, zlib: its own CRC-32, inflate and Adler-32), and pngcheck. Both must be installed
    /// (tools/install-deps): without them these tests fail, never skip.
    /// </summary>
    public static class PngReference
    {
        /// <summary>The decoded picture: IHDR fields and every pixel as R, G, B (greyscale expanded).</summary>
        public sealed record Picture(int Width, int Height, int BitDepth, int ColourType, int PaletteEntries, byte[] Rgb)
        {
            public (byte R, byte G, byte B) At(int x, int y)
            {
                int i = (y * Width + x) * 3;
                return (Rgb[i], Rgb[i + 1], Rgb[i + 2]);
            }
        }

        // Checks the signature, chunk order, every CRC, IHDR, PLTE and the zlib stream, undoes all five filter types,
        // and writes the pixels as RGB bytes to argv[2]; prints "width height depth colourtype paletteentries".
        // Any deviation exits 1 with the reason on stderr.
        private const string Decoder = """
            import struct, sys, zlib

            def fail(why):
                sys.stderr.write(why + "\n")
                sys.exit(1)

            data = open(sys.argv[1], "rb").read()
            if data[:8] != b"\x89PNG\r\n\x1a\n":
                fail("bad signature")
            pos, chunks = 8, []
            while pos < len(data):
                if pos + 12 > len(data):
                    fail("truncated chunk header at %d" % pos)
                (length,) = struct.unpack(">I", data[pos:pos + 4])
                kind = data[pos + 4:pos + 8]
                body = data[pos + 8:pos + 8 + length]
                if len(body) != length or pos + 12 + length > len(data):
                    fail("truncated chunk %r" % kind)
                (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
                if zlib.crc32(kind + body) & 0xFFFFFFFF != crc:
                    fail("CRC mismatch in %r" % kind)
                chunks.append((kind, body))
                pos += 12 + length
            kinds = [k for k, _ in chunks]
            if not kinds or kinds[0] != b"IHDR" or kinds[-1] != b"IEND" or kinds.count(b"IHDR") != 1 or kinds.count(b"IEND") != 1:
                fail("IHDR must come first and IEND last, once each: %r" % kinds)
            for k in kinds:
                if not (k[0] & 0x20) and k not in (b"IHDR", b"PLTE", b"IDAT", b"IEND"):
                    fail("unknown critical chunk %r" % k)
            idat = [i for i, k in enumerate(kinds) if k == b"IDAT"]
            if not idat or idat != list(range(idat[0], idat[-1] + 1)):
                fail("IDAT chunks missing or not consecutive")
            if len(chunks[0][1]) != 13:
                fail("IHDR length %d" % len(chunks[0][1]))
            w, h, depth, colour, method, filtering, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
            if w == 0 or h == 0 or method != 0 or filtering != 0 or interlace != 0:
                fail("bad IHDR %r" % ((w, h, method, filtering, interlace),))
            if colour not in (0, 3) or depth not in (1, 2, 4, 8):
                fail("colour type %d depth %d not read by this reference" % (colour, depth))
            palette = b""
            if colour == 3:
                plte = [i for i, k in enumerate(kinds) if k == b"PLTE"]
                if len(plte) != 1 or plte[0] > idat[0]:
                    fail("indexed image needs one PLTE before IDAT")
                palette = chunks[plte[0]][1]
                if len(palette) == 0 or len(palette) % 3 != 0 or len(palette) // 3 > (1 << depth):
                    fail("PLTE length %d" % len(palette))
            elif b"PLTE" in kinds:
                fail("PLTE in a greyscale image")
            raw = zlib.decompress(b"".join(chunks[i][1] for i in idat))
            stride = (w * depth + 7) // 8
            if len(raw) != h * (stride + 1):
                fail("inflated %d bytes, expected %d" % (len(raw), h * (stride + 1)))
            bpp = 1
            prev = bytearray(stride)
            out = bytearray()
            for y in range(h):
                ftype = raw[y * (stride + 1)]
                line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
                for i in range(stride):
                    a = line[i - bpp] if i >= bpp else 0
                    b = prev[i]
                    c = prev[i - bpp] if i >= bpp else 0
                    if ftype == 0:
                        pred = 0
                    elif ftype == 1:
                        pred = a
                    elif ftype == 2:
                        pred = b
                    elif ftype == 3:
                        pred = (a + b) // 2
                    elif ftype == 4:
                        p = a + b - c
                        pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                        pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                    else:
                        fail("filter type %d in row %d" % (ftype, y))
                    line[i] = (line[i] + pred) & 0xFF
                for x in range(w):
                    bit = x * depth
                    v = (line[bit // 8] >> (8 - depth - bit % 8)) & ((1 << depth) - 1)
                    if colour == 3:
                        if 3 * v >= len(palette):
                            fail("index %d beyond the palette at (%d, %d)" % (v, x, y))
                        out += palette[3 * v:3 * v + 3]
                    else:
                        g = v * 255 // ((1 << depth) - 1)
                        out += bytes((g, g, g))
                prev = line
            open(sys.argv[2], "wb").write(out)
            print(w, h, depth, colour, len(palette) // 3)
            """;

        /// <summary>Decodes with the Python reference; a file it rejects fails the calling test with its reason.</summary>
        public static Picture Decode(byte[] png)
        {
            (int exit, string stdout, string stderr, Picture picture) = TryDecode(png);
            if (exit != 0) throw new Xunit.Sdk.XunitException("the reference decoder rejected the PNG: " + stderr);
            return picture;
        }

        /// <summary>Runs the Python reference; the exit code is 0 only for a PNG it accepts.</summary>
        public static (int Exit, string Stdout, string Stderr, Picture Picture) TryDecode(byte[] png)
        {
            string dir = Path.Combine(Path.GetTempPath(), "phone-png-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                string script = Path.Combine(dir, "decode.py");
                string input = Path.Combine(dir, "in.png");
                string rgb = Path.Combine(dir, "out.rgb");
                File.WriteAllText(script, Decoder);
                File.WriteAllBytes(input, png);
                (int exit, string stdout, string stderr) = Run("python3", script, input, rgb);
                if (exit != 0) return (exit, stdout, stderr, null);
                string[] f = stdout.Trim().Split(' ');
                var picture = new Picture(int.Parse(f[0]), int.Parse(f[1]), int.Parse(f[2]), int.Parse(f[3]), int.Parse(f[4]), File.ReadAllBytes(rgb));
                return (exit, stdout, stderr, picture);
            }
            finally
            {
                try { Directory.Delete(dir, true); } catch (IOException) { }
            }
        }

        /// <summary>pngcheck's verdict: exit code 0 for a valid file, and its report.</summary>
        public static (int Exit, string Report) PngCheck(byte[] png)
        {
            string file = Path.Combine(Path.GetTempPath(), "phone-png-" + Guid.NewGuid().ToString("N") + ".png");
            File.WriteAllBytes(file, png);
            try
            {
                (int exit, string stdout, string stderr) = Run("pngcheck", "-v", file);
                return (exit, stdout + stderr);
            }
            finally
            {
                File.Delete(file);
            }
        }

        private static (int Exit, string Stdout, string Stderr) Run(string tool, params string[] args)
        {
            var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string a in args) psi.ArgumentList.Add(a);
            Process p;
            try
            {
                p = Process.Start(psi);
            }
            catch (Win32Exception e)
            {
                throw new InvalidOperationException(tool + " is required to check the PNG pictures and was not found on PATH: run tools/install-deps. " + e.Message, e);
            }
            using (p)
            {
                var stderr = p.StandardError.ReadToEndAsync();
                string stdout = p.StandardOutput.ReadToEnd();
                p.WaitForExit();
                return (p.ExitCode, stdout, stderr.Result);
            }
        }
    }
}
