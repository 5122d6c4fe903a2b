using System;
using Phone.Audio;
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

        /// <summary>
        /// The microphone decimator (32 kHz slots → 8 kHz PCM, Phone.Core's DecimationFilter): the native one when it
        /// matches the managed twin bit for bit on a fixed 256-frame ramp with full gain, else null — the managed
        /// 96-tap filter costs more IL time per 20 ms frame than the device has, so the media engine then falls
        /// back to its cheap 4-sample average.
        /// </summary>
        public static IAudioKernel SelectAudio(out string text)
        {
            try
            {
                IAudioKernel native = new NativeAudioKernel();
                IAudioKernel managed = new ManagedAudioKernel();
                byte[] slots = new byte[256 * 4];
                for (int i = 0; i < 256; i++)
                {
                    // A 24-bit ramp in the top three bytes, sign changes included.
                    int v = (i * 40503 - 5000000) << 8;
                    slots[4 * i] = (byte)v;
                    slots[4 * i + 1] = (byte)(v >> 8);
                    slots[4 * i + 2] = (byte)(v >> 16);
                    slots[4 * i + 3] = (byte)(v >> 24);
                }

                short[] a = new short[64];
                short[] b = new short[64];
                int na = native.DecimateCapture(DecimationFilter.NewState(), slots, 0, 256, 1, 0, 2, a, 0);
                int nb = managed.DecimateCapture(DecimationFilter.NewState(), slots, 0, 256, 1, 0, 2, b, 0);
                bool same = na == nb && na > 0;
                for (int i = 0; same && i < na; i++)
                {
                    same = a[i] == b[i];
                }

                text = same ? "audio: native filter" : "audio: filter WRONG";
                return same ? native : null;
            }
            catch (Exception)
            {
                text = "audio: no native filter";
                return null;
            }
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
