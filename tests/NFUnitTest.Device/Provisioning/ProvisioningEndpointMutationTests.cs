using System.Text;
using nanoFramework.TestFramework;
using Phone.Config;
using Phone.Device.Provisioning;
using Phone.Device.Storage;
using Phone.Tests.Device.Storage;

namespace Phone.Tests.Device.Provisioning
{
    /// <summary>
    /// Mutated requests (bytes replaced, inserted or cut, fed in random pieces) never make the endpoint throw,
    /// always get an answer from the documented set once the peer has sent enough, and never leave an
    /// invalid nf.config on the volume.
    /// </summary>
    [TestClass]
    public class ProvisioningEndpointMutationTests
    {
        static uint _seed;

        static int Next(int bound)
        {
            // Numerical Recipes LCG: deterministic on host and device alike.
            _seed = _seed * 1664525 + 1013904223;
            return (int)((_seed >> 8) % (uint)bound);
        }

        static bool Documented(int status)
        {
            switch (status)
            {
                case 200: case 400: case 401: case 404: case 405: case 411: case 413: case 414:
                case 422: case 429: case 431: case 500: case 501: case 505:
                    return true;
                default:
                    return false;
            }
        }

        static readonly byte[] Interesting = new byte[] { 0, (byte)'\r', (byte)'\n', (byte)' ', (byte)':', (byte)'\t', 0x7F, 0xC3, 0xFF, (byte)'9', (byte)'=', (byte)'[' };

        [TestMethod]
        [DataRow(1)]
        [DataRow(2)]
        [DataRow(3)]
        public void MutatedRequestsAreAnsweredSafely(int seed)
        {
            _seed = (uint)seed;
            byte[] original = Encoding.UTF8.GetBytes(EndpointFixture.Post("X-Phone-Code: 123456\r\n", StoreTexts.New));
            for (int round = 0; round < 150; round++)
            {
                EndpointFixture f = new EndpointFixture();
                byte[] mutated = Mutate(original);
                ProvisioningConnection c = f.Endpoint.Accept();
                int at = 0;
                while (at < mutated.Length && !c.IsComplete)
                {
                    int piece = 1 + Next(64);
                    if (piece > mutated.Length - at) piece = mutated.Length - at;
                    c.Receive(mutated, at, piece, 0);
                    at += piece;
                }

                string where = "seed " + seed.ToString() + " round " + round.ToString();
                if (c.IsComplete)
                {
                    Assert.IsTrue(Documented(c.Response.Status), where + ": status " + c.Response.Status.ToString());
                    byte[] wire = c.Response.ToBytes();
                    Assert.IsTrue(wire.Length > 12, where);
                }

                byte[] stored = f.Flash.Peek(ConfigStore.CurrentName);
                Assert.IsNotNull(stored, where + ": nf.config gone");
                Assert.IsTrue(ConfigParser.Parse(stored, 0, stored.Length).IsValid, where + ": invalid nf.config stored");
                bool changed = !StoreTexts.SameBytes(stored, StoreTexts.Bytes(StoreTexts.Old));
                Assert.IsTrue(!changed || (c.IsComplete && c.Response.Status == 200), where + ": changed without a 200");
            }
        }

        static byte[] Mutate(byte[] input)
        {
            byte[] b = input;
            int edits = 1 + Next(3);
            for (int e = 0; e < edits; e++)
            {
                int pos = Next(b.Length);
                int kind = Next(3);
                byte value = Next(2) == 0 ? Interesting[Next(Interesting.Length)] : (byte)Next(256);
                if (kind == 0)
                {
                    byte[] copy = new byte[b.Length];
                    System.Array.Copy(b, copy, b.Length);
                    copy[pos] = value;
                    b = copy;
                }
                else if (kind == 1)
                {
                    byte[] longer = new byte[b.Length + 1];
                    System.Array.Copy(b, 0, longer, 0, pos);
                    longer[pos] = value;
                    System.Array.Copy(b, pos, longer, pos + 1, b.Length - pos);
                    b = longer;
                }
                else if (b.Length > 1)
                {
                    byte[] shorter = new byte[b.Length - 1];
                    System.Array.Copy(b, 0, shorter, 0, pos);
                    System.Array.Copy(b, pos + 1, shorter, pos, b.Length - pos - 1);
                    b = shorter;
                }
            }

            return b;
        }
    }
}
