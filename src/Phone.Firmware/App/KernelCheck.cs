using System;
using Phone.Crypto.Native;
using Phone.Device.Diagnostics;
using Phone.Srtp;

namespace Phone.Firmware.App
{
    /// <summary>
    /// Chooses the SRTP crypto kernel at boot. The native kernel (Phone.Crypto.Native: AES on the ESP32 accelerator
    /// through mbedTLS) is used when it gives exactly the managed reference kernel's output on a fixed vector —
    /// AES-128-CTR over 100 bytes and HMAC-SHA1 over two ranges, the two operations SRTP needs per packet
    /// (RFC 3711 §4.1.1, §4.2). A firmware image built without the interop assembly throws on the first native call
    /// (the stock image); any exception or mismatch selects the managed kernel, which is correct but too slow for
    /// two-way calls (docs/native-kernel.md), and the display says so.
    /// <para>
    /// ADAPTER: Phone.Device/Diagnostics is to get a KernelSelfTest of its own; until then this differential
    /// check is the self-test, in this one place.
    /// </para>
    /// </summary>
    public static class KernelCheck
    {
        /// <summary>The kernel to use; state and text say what happened.</summary>
        public static ICryptoKernel Select(out SelfTestState state, out string text)
        {
            ICryptoKernel managed = new ManagedCryptoKernel();
            try
            {
                ICryptoKernel native = new NativeCryptoKernel();
                if (Same(native, managed))
                {
                    state = SelfTestState.Passed;
                    text = "crypto: native OK";
                    return native;
                }

                state = SelfTestState.Failed;
                text = "crypto: native WRONG, managed";
            }
            catch (Exception)
            {
                state = SelfTestState.Failed;
                text = "crypto: no native kernel";
            }

            return managed;
        }

        private static bool Same(ICryptoKernel a, ICryptoKernel b)
        {
            byte[] key = new byte[16];
            byte[] iv = new byte[16];
            byte[] macKey = new byte[20];
            for (int i = 0; i < 16; i++)
            {
                key[i] = (byte)(0x2B + 7 * i);
                iv[i] = (byte)(0xF0 + i);
            }

            for (int i = 0; i < 20; i++)
            {
                macKey[i] = (byte)(0x0B + 3 * i);
            }

            byte[] da = new byte[100];
            byte[] db = new byte[100];
            for (int i = 0; i < da.Length; i++)
            {
                da[i] = (byte)i;
                db[i] = (byte)i;
            }

            IAesCtr ca = a.CreateAesCtr();
            IAesCtr cb = b.CreateAesCtr();
            if (!ca.SetKey(key, 0, 16) || !cb.SetKey(key, 0, 16))
            {
                return false;
            }

            // Counter wrap inside the data: iv ends in 0xFF so the low counter byte carries (RFC 3711 §4.1.1).
            iv[15] = 0xFF;
            ca.Xor(iv, 0, da, 0, da.Length);
            cb.Xor(iv, 0, db, 0, db.Length);
            ca.Clear();
            cb.Clear();

            IHmacSha1 ha = a.CreateHmacSha1();
            IHmacSha1 hb = b.CreateHmacSha1();
            byte[] ta = new byte[20];
            byte[] tb = new byte[20];
            byte[] roc = new byte[] { 0, 0, 0, 1 };
            if (!ha.SetKey(macKey, 0, 20) || !hb.SetKey(macKey, 0, 20))
            {
                return false;
            }

            ha.Compute(da, 0, da.Length, roc, 0, 4, ta, 0);
            hb.Compute(db, 0, db.Length, roc, 0, 4, tb, 0);
            ha.Clear();
            hb.Clear();
            for (int i = 0; i < da.Length; i++)
            {
                if (da[i] != db[i])
                {
                    return false;
                }
            }

            for (int i = 0; i < 20; i++)
            {
                if (ta[i] != tb[i])
                {
                    return false;
                }
            }

            // The keystream must have changed the data at all (a no-op native stub would pass the comparison only
            // if the managed one were also a no-op, but check anyway).
            return da[0] != 0 || da[1] != 1;
        }
    }
}
