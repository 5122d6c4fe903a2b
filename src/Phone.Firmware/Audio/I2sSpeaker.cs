using System;
using System.Device.Gpio;
using System.Device.I2s;

namespace Phone.Firmware.Audio
{
    /// <summary>
    /// The I2S class-D amplifier (MAX98357A on phone-v1) as a PCM sink: I2S bus opened Master|Tx, 16-bit slots
    /// at the call's 8 kHz, and the amplifier's SD_MODE pin driven high to run it and low to shut it down between
    /// calls (MAX98357A datasheet: SD_MODE low = shutdown, so the speaker does not hiss while idle).
    /// I2sDevice.Write blocks until the bytes are in the DMA buffers; MediaCadence keeps the queue short so a write
    /// never waits long. Errors are counted, never thrown.
    /// </summary>
    public sealed class I2sSpeaker
    {
        private I2sDevice _device;
        private GpioPin _enable;

        public int Errors { get; private set; }

        public bool IsOpen
        {
            get { return _device != null; }
        }

        /// <param name="enablePin">amplifier shutdown pin, or a negative number when there is none.</param>
        /// <param name="stereo">both slots carry the sample (RightLeft); I2sSampleConverter.PcmToPlayback writes it twice.</param>
        public bool Open(GpioController gpio, int bus, int bck, int ws, int data, int sampleRate, int slotBits, bool stereo, int enablePin, int dmaBytes)
        {
            try
            {
                if (enablePin >= 0)
                {
                    _enable = gpio.OpenPin(enablePin, PinMode.Output);
                    _enable.Write(PinValue.Low);
                }

                I2sPins.RouteOutput(bus, bck, ws, data);
                I2sConnectionSettings s = new I2sConnectionSettings(bus);
                s.Mode = I2sMode.Master | I2sMode.Tx;
                s.BitsPerSample = I2sPins.Bits(slotBits);

                // MAX98357A plays L, R or (L+R)/2 depending on SD_MODE's level; writing the sample into both slots
                // (I2sSampleConverter's stereo layout) makes every choice, and the ESP32's 16-bit slot-order quirk,
                // play it (UNVERIFIED on hardware: docs/firmware.md).
                s.ChannelFormat = stereo ? I2sChannelFormat.RightLeft : I2sChannelFormat.OnlyLeft;
                s.CommunicationFormat = I2sCommunicationFormat.I2S;
                s.SampleRate = sampleRate;
                s.BufferSize = dmaBytes;
                _device = new I2sDevice(s);
                return true;
            }
            catch (Exception)
            {
                Errors++;
                _device = null;
                return false;
            }
        }

        /// <summary>Amplifier on (a call or a ring) or in shutdown.</summary>
        public void Enable(bool on)
        {
            try
            {
                if (_enable != null)
                {
                    _enable.Write(on ? PinValue.High : PinValue.Low);
                }
            }
            catch (Exception)
            {
                Errors++;
            }
        }

        /// <summary>Queues buffer[offset..offset+count) for playback (blocking until it is in the DMA buffers).</summary>
        public bool Write(byte[] buffer, int offset, int count)
        {
            if (_device == null)
            {
                return false;
            }

            try
            {
                _device.Write(new SpanByte(buffer, offset, count));
                return true;
            }
            catch (Exception)
            {
                Errors++;
                return false;
            }
        }

        public void Close()
        {
            Enable(false);
            try
            {
                if (_device != null)
                {
                    _device.Dispose();
                }
            }
            catch (Exception)
            {
            }

            _device = null;
        }
    }
}
