namespace Phone.Device.Board
{
    /// <summary>
    /// ESP32 modules a profile may name. The module decides which GPIOs exist and which are taken:
    /// WROVER modules wire GPIO16/17 to their PSRAM (ESP32-WROVER-E datasheet, pin description).
    /// </summary>
    public enum BoardModule
    {
        /// <summary>Not given or not recognised.</summary>
        None = 0,

        /// <summary>ESP32-WROVER-E: ESP32-D0WD-V3, 8 MB PSRAM, PCB antenna (nanoFramework target ESP32_PSRAM_REV3).</summary>
        Esp32WroverE = 1,

        /// <summary>ESP32-WROVER-IE: as WROVER-E with a U.FL antenna connector.</summary>
        Esp32WroverIE = 2,

        /// <summary>ESP32-WROOM-32E: no PSRAM (target ESP32_REV3); too little RAM for TLS + SRTP calls, accepted for bring-up only.</summary>
        Esp32Wroom32E = 3,

        /// <summary>ESP32-WROOM-32UE: as WROOM-32E with a U.FL antenna connector.</summary>
        Esp32Wroom32UE = 4
    }
}
