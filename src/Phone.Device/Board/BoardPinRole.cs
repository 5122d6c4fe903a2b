namespace Phone.Device.Board
{
    /// <summary>What a GPIO does on the board. Each role has one electrical kind (<see cref="Esp32PinRules.KindOf"/>).</summary>
    public enum BoardPinRole
    {
        /// <summary>I2S bit clock to the microphone (ESP32 is master: output).</summary>
        MicBck = 1,

        /// <summary>I2S word select to the microphone (output).</summary>
        MicWs = 2,

        /// <summary>Serial data from the microphone (input, driven by the mic).</summary>
        MicData = 3,

        /// <summary>I2S bit clock to the amplifier (output).</summary>
        SpeakerBck = 4,

        /// <summary>I2S word select (LRCLK) to the amplifier (output).</summary>
        SpeakerWs = 5,

        /// <summary>Serial data to the amplifier (output).</summary>
        SpeakerData = 6,

        /// <summary>Amplifier shutdown/enable input (output; optional).</summary>
        AmpEnable = 7,

        /// <summary>I2C data to the display (open drain, external pull-up).</summary>
        DisplaySda = 8,

        /// <summary>I2C clock to the display (open drain, external pull-up).</summary>
        DisplayScl = 9,

        /// <summary>Key-matrix row, driven low one at a time while scanning.</summary>
        KeypadRow = 10,

        /// <summary>Key-matrix column, read with a pull-up.</summary>
        KeypadColumn = 11
    }
}
