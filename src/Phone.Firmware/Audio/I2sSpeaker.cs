using System;
using System.Device.Gpio;
using System.Device.I2s;
using Phone.App.Drivers;
using Phone.App.Media;

namespace Phone.Firmware.Audio
{
    /// <summary>
    /// The I2S class-D amplifier (MAX98357A on phone-v1) as a PCM sink: I2S bus opened Master|Tx, 16-bit slots
    /// at the call's 8 kHz, and the amplifier's SD_MODE pin driven high to run it and low to shut it down between
    /// calls (MAX98357A datasheet: SD_MODE low = shutdown, so the speaker does not hiss while idle).
    /// I2sDevice.Write blocks until the bytes are in the DMA buffers; MediaCadence keeps the queue short so a write
    /// never waits long. Errors are counted, never thrown.
    /// </summary>
    public sealed class I2sSpeaker : IAudioPlayback
    {
        private readonly GpioController _gpio;
        private I2sDevice _device;
        private GpioPin _enable;

        /// <param name="gpio">for the amplifier's enable pin; null on a board without GPIO (the pin is then not driven).</param>
        public I2sSpeaker(GpioController gpio)
        {
            _gpio = gpio;
        }

        public int Errors { get; private set; }

        public bool IsOpen
        {
            get { return _device != null; }
        }

        /// <param name="wiring">the amplifier's bus, pins, sample rate and its shutdown pin (AmpEnable, negative when there is none).</param>
        /// <param name="slotBits">the bus's slot width (the samples written are 16-bit, I2sSampleConverter.PcmToPlayback).</param>
        /// <param name="stereo">both slots carry the sample (RightLeft); I2sSampleConverter.PcmToPlayback writes it twice.</param>
        public bool Open(AudioWiring wiring, int slotBits, bool stereo, int dmaBytes)
        {
            try
            {
                if (wiring.AmpEnable >= 0 && _gpio != null && _enable == null)
                {
                    _enable = _gpio.OpenPin(wiring.AmpEnable, PinMode.Output);
                    _enable.Write(PinValue.Low);
                }

                I2sPins.RouteOutput(wiring.SpeakerBus, wiring.SpeakerBck, wiring.SpeakerWs, wiring.SpeakerData);
                I2sConnectionSettings s = new I2sConnectionSettings(wiring.SpeakerBus);
                s.Mode = I2sMode.Master | I2sMode.Tx;
                s.BitsPerSample = I2sPins.Bits(slotBits);

                // MAX98357A plays L, R or (L+R)/2 depending on SD_MODE's level; writing the sample into both slots
                // (I2sSampleConverter's stereo layout) makes every choice, and the ESP32's 16-bit slot-order quirk,
                // play it (UNVERIFIED on hardware: docs/firmware.md).
                s.ChannelFormat = stereo ? I2sChannelFormat.RightLeft : I2sChannelFormat.OnlyLeft;
                s.CommunicationFormat = I2sCommunicationFormat.I2S;
                s.SampleRate = wiring.SpeakerSampleRate;
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
