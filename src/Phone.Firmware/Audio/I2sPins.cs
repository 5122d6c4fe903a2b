using nanoFramework.Hardware.Esp32;

namespace Phone.Firmware.Audio
{
    /// <summary>
    /// Routes an I2S bus's signals to GPIOs through the ESP32 GPIO matrix (Configuration.SetPinFunction).
    /// nanoFramework numbers the buses from 1: bus 1 is the chip's I2S0 (functions I2S1_*), bus 2 is I2S1
    /// (functions I2S2_*). The receive line is MDATA_IN (the ESP32 driver only routes it when the bus is opened
    /// exactly Master|Rx: docs shared target sheet, "I2S").
    /// </summary>
    public static class I2sPins
    {
        public static void RouteInput(int bus, int bck, int ws, int dataIn)
        {
            Configuration.SetPinFunction(bck, bus == 1 ? DeviceFunction.I2S1_BCK : DeviceFunction.I2S2_BCK);
            Configuration.SetPinFunction(ws, bus == 1 ? DeviceFunction.I2S1_WS : DeviceFunction.I2S2_WS);
            Configuration.SetPinFunction(dataIn, bus == 1 ? DeviceFunction.I2S1_MDATA_IN : DeviceFunction.I2S2_MDATA_IN);
        }

        public static void RouteOutput(int bus, int bck, int ws, int dataOut)
        {
            Configuration.SetPinFunction(bck, bus == 1 ? DeviceFunction.I2S1_BCK : DeviceFunction.I2S2_BCK);
            Configuration.SetPinFunction(ws, bus == 1 ? DeviceFunction.I2S1_WS : DeviceFunction.I2S2_WS);
            Configuration.SetPinFunction(dataOut, bus == 1 ? DeviceFunction.I2S1_DATA_OUT : DeviceFunction.I2S2_DATA_OUT);
        }

        public static System.Device.I2s.I2sBitsPerSample Bits(int slotBits)
        {
            switch (slotBits)
            {
                case 8: return System.Device.I2s.I2sBitsPerSample.Bit8;
                case 16: return System.Device.I2s.I2sBitsPerSample.Bit16;
                case 24: return System.Device.I2s.I2sBitsPerSample.Bit24;
                default: return System.Device.I2s.I2sBitsPerSample.Bit32;
            }
        }
    }
}
