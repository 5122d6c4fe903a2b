using System;
using System.Device.I2s;
using Phone.App.Drivers;
using Phone.App.Media;

namespace Phone.Firmware.Audio
{
    /// <summary>
    /// The I2S MEMS microphone (ICS-43434 on phone-v1) as raw slot bytes: I2S bus opened Master|Rx, the ESP32
    /// driving BCK and WS, 32-bit slots, both channels (RightLeft: two words per frame). The mic drives one slot
    /// (its L/R pin); the media engine picks that slot in managed code. RightLeft is used because the driver's read
    /// loop assumes 8-byte DMA frames, so it is the one layout that follows from the driver source; a mono format
    /// may run 4-byte DMA frames under the same copy (docs/device.md, "I2S layouts", UNCONFIRMED on hardware). I2sDevice.Read blocks until the whole buffer is filled and that native wait stalls every
    /// managed thread, so MediaCadence decides when to read (only when a frame is ready); docs Audio/README.md.
    /// Errors are counted, never thrown: a dead microphone sends silence rather than ending the call.
    /// </summary>
    public sealed class I2sMicrophone : IAudioCapture
    {
        private I2sDevice _device;

        public int Errors { get; private set; }

        public bool IsOpen
        {
            get { return _device != null; }
        }

        /// <param name="wiring">the mic's bus (nanoFramework id, 1 = I2S0), pins, sample rate and slot width.</param>
        /// <param name="dmaBytes">driver buffer: a few frames, so a read late by one scheduling quantum finds data kept.</param>
        public bool Open(AudioWiring wiring, int dmaBytes)
        {
            try
            {
                I2sPins.RouteInput(wiring.MicBus, wiring.MicBck, wiring.MicWs, wiring.MicData);
                I2sConnectionSettings s = new I2sConnectionSettings(wiring.MicBus);

                // The default mode is Pdm; the ESP32 driver routes DATA_IN only for exactly Master|Rx.
                s.Mode = I2sMode.Master | I2sMode.Rx;
                s.BitsPerSample = I2sPins.Bits(wiring.MicSlotBits);
                s.ChannelFormat = I2sChannelFormat.RightLeft;
                s.CommunicationFormat = I2sCommunicationFormat.I2S;
                s.SampleRate = wiring.MicSampleRate;
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

        /// <summary>Fills buffer[offset..offset+count) with slot bytes (blocking). False on a driver error; the buffer is then zeroed.</summary>
        public bool Read(byte[] buffer, int offset, int count)
        {
            if (_device != null)
            {
                try
                {
                    _device.Read(new SpanByte(buffer, offset, count));
                    return true;
                }
                catch (Exception)
                {
                    Errors++;
                }
            }

            Array.Clear(buffer, offset, count);
            return false;
        }

        public void Close()
        {
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
