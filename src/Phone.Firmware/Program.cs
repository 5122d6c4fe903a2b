using System;
using System.Device.Gpio;
using System.Threading;
using Phone.App;
using Phone.App.Core;
using Phone.App.Drivers;
using Phone.App.Media;
using Phone.App.Net;
using Phone.Config;
using Phone.Crypto.Native;
using Phone.Firmware.Audio;
using Phone.Firmware.Clock;
using Phone.Firmware.Display;
using Phone.Firmware.Entropy;
using Phone.Firmware.Keypad;
using Phone.Firmware.Network;
using Phone.Firmware.Provisioning;
using Phone.Firmware.Recovery;
using Phone.Firmware.Storage;
using Phone.Firmware.Wifi;

namespace Phone.Firmware
{
    /// <summary>
    /// Entry point of the handset application: the nanoFramework drivers handed to Phone.App's <see cref="PhoneApp"/>,
    /// the app's loop on this thread and the media loop on one more (docs/firmware.md, "One app, two sets of drivers").
    /// </summary>
    public static class Program
    {
        /// <summary>The longest the loop sleeps without being woken, whatever the app asked for.</summary>
        private const int MaxWaitMs = 1000;

        /// <summary>The media engine the media thread runs (set once, before the thread starts).</summary>
        private static MediaEngine _media;

        public static void Main()
        {
            // The loop does not return. Should boot itself fail with an exception (a driver the board profile names
            // is missing, say), wait and try again rather than leave a silent brick: a power cycle is then not the
            // only way out, and the boot screen shows how far it got.
            while (true)
            {
                try
                {
                    Run();
                }
                catch (Exception)
                {
                    Thread.Sleep(5000);
                }
            }
        }

        private static void Run()
        {
            DeviceClock clock = new DeviceClock();
            PhoneDrivers drivers = Build(clock);
            PhoneApp app = new PhoneApp(drivers);
            app.Boot(clock.NowMs);
            MediaEngine media = null;
            while (true)
            {
                long next = app.Turn(clock.NowMs);
                if (media == null && app.Phone != null)
                {
                    // The phone mode made its media engine: its loop gets its own thread (Audio/README.md).
                    media = app.Phone.Media;
                    StartMedia(media);
                }

                long wait = next - clock.NowMs;
                if (wait > MaxWaitMs)
                {
                    wait = MaxWaitMs;
                }

                if (wait > 0)
                {
                    drivers.Wake.WaitOne((int)wait, false);
                }
            }
        }

        /// <summary>The board's drivers. Constructors only: nothing here opens a pin, a bus or a socket.</summary>
        private static PhoneDrivers Build(DeviceClock clock)
        {
            PhoneDrivers d = new PhoneDrivers();
            d.Clock = clock;
            FlashFileStore files = new FlashFileStore(FlashFileStore.Root);
            d.Files = files.WaitMounted(5000) ? files : null;
            d.Entropy = new HardwareRandomEntropy();
            GpioController gpio;
            try
            {
                gpio = new GpioController();
            }
            catch (Exception)
            {
                gpio = null;
            }

            d.Panel = new Ssd1306Panel();
            d.Keys = gpio != null ? new KeyMatrixPort(gpio) : null;
            d.Microphone = new I2sMicrophone();
            d.Speaker = new I2sSpeaker(gpio);
            d.MediaPorts = new IMediaPort[PhoneCore.MaxCalls];
            for (int i = 0; i < d.MediaPorts.Length; i++)
            {
                d.MediaPorts[i] = new RtpPort();
            }

            // One DNS cache for SIP and the provisioning pull.
            HostResolver resolver = new HostResolver();
            d.Sip = new SipSockets(resolver);
            d.Fetcher = new HttpsFetcher(resolver, ConfigParser.MaxFileBytes);
            d.Wifi = new WifiStation();
            d.Hotspot = new SoftAccessPoint();
            d.Provisioning = new ProvisioningServer();
            d.Restart = new DeviceRestart();
            d.Memory = new MemoryWatch();
            d.Log = new ConsoleLog();
            try
            {
                d.NativeCrypto = new NativeCryptoKernel();
            }
            catch (Exception)
            {
                // A nanoCLR without the phone's native kernel: the managed one runs (KernelCheck).
                d.NativeCrypto = null;
            }

            try
            {
                d.NativeAudio = new NativeAudioKernel();
            }
            catch (Exception)
            {
                d.NativeAudio = null;
            }

            d.Wake = new AutoResetEvent(false);
            return d;
        }

        private static void StartMedia(MediaEngine media)
        {
            _media = media;
            new Thread(MediaLoop).Start();
        }

        /// <summary>
        /// The media thread: what the cadence says is due, then an idle wait for RTP or the next frame. Step contains
        /// its own faults (the audio closes and starts over); anything else waits 100 ms and goes on.
        /// </summary>
        private static void MediaLoop()
        {
            MediaEngine media = _media;
            while (true)
            {
                try
                {
                    int w = media.Step();
                    media.Idle(w);
                }
                catch (Exception)
                {
                    Thread.Sleep(100);
                }
            }
        }
    }
}
