using Phone.Media;
using Phone.Sdp;

namespace Phone.Config
{
    /// <summary>
    /// The sections and keys nf.config may contain. Keys get small integer ids so the parser can track
    /// "seen", "bad" and "line" per key in plain arrays instead of a dictionary.
    /// </summary>
    public static class ConfigSchema
    {
        public const int SectionDevice = 0;
        public const int SectionWifi = 1;
        public const int SectionSip = 2;
        public const int SectionTls = 3;
        public const int SectionSrtp = 4;
        public const int SectionAudio = 5;
        public const int SectionProvisioning = 6;
        public const int SectionCall = 7;
        public const int SectionCount = 8;

        public const int DeviceName = 0;
        public const int DeviceAdminPassword = 1;
        public const int WifiSsid = 2;
        public const int WifiPassword = 3;
        public const int WifiCountry = 4;
        public const int SipDomain = 5;
        public const int SipRegistrar = 6;
        public const int SipUser = 7;
        public const int SipAuthUser = 8;
        public const int SipPassword = 9;
        public const int SipDisplayName = 10;
        public const int SipTransport = 11;
        public const int SipPort = 12;
        public const int SipOutboundProxy = 13;
        public const int SipRegisterExpiry = 14;
        public const int TlsCa = 15;
        public const int TlsVerifyHostname = 16;
        public const int TlsClientCert = 17;
        public const int TlsClientKey = 18;
        public const int TlsMinVersion = 19;
        public const int SrtpMode = 20;
        public const int SrtpSuites = 21;
        public const int SrtpAllowUnprotectedKeys = 22;
        public const int AudioCodecs = 23;
        public const int AudioPtime = 24;
        public const int AudioJitterMinMs = 25;
        public const int AudioJitterMaxMs = 26;
        public const int AudioSpeakerVolume = 27;
        public const int AudioRingVolume = 28;
        public const int AudioMicGain = 29;
        public const int AudioRtpPortMin = 30;
        public const int AudioRtpPortMax = 31;
        public const int ProvisioningUrl = 32;
        public const int ProvisioningInterval = 33;
        public const int SipRealm = 34;
        public const int SipDigestLegacy = 35;
        public const int SrtpAllowUnencrypted = 36;
        public const int SipAcceptFromAny = 37;
        public const int ProvisioningVersion = 38;
        public const int SipRegister = 39;
        public const int SipListenPort = 40;
        public const int CallForwardAlways = 41;
        public const int CallForwardBusy = 42;
        public const int CallForwardNoAnswer = 43;
        public const int CallForwardNoAnswerSeconds = 44;
        public const int CallDialPlan = 45;
        public const int CallInterDigitMs = 46;
        public const int CallEmergency = 47;
        public const int CallSpeedDial = 48;
        public const int SipVoicemail = 49;
        public const int SipMwi = 50;
        public const int SipDnsServer = 51;
        public const int CallTransfer = 52;
        public const int SipKeepAlive = 53;
        public const int SipOutbound = 54;
        public const int AudioComfortNoise = 55;
        public const int AudioSilenceSuppression = 56;
        public const int KeyCount = 57;

        private static readonly string[] SectionNames = new string[]
        {
            "device", "wifi", "sip", "tls", "srtp", "audio", "provisioning", "call"
        };

        private static readonly string[] KeyNames = new string[]
        {
            "name", "admin_password",
            "ssid", "password", "country",
            "domain", "registrar", "user", "auth_user", "password", "display_name", "transport", "port", "outbound_proxy", "register_expiry",
            "ca", "verify_hostname", "client_cert", "client_key", "min_version",
            "mode", "suites", "allow_unprotected_keys",
            "codecs", "ptime", "jitter_min_ms", "jitter_max_ms", "speaker_volume", "ring_volume", "mic_gain", "rtp_port_min", "rtp_port_max",
            "url", "interval",
            "realm", "digest_legacy", "allow_unencrypted", "accept_from_any",
            "version",
            "register", "listen_port",
            "forward_always", "forward_busy", "forward_no_answer", "forward_no_answer_s",
            "dial_plan", "interdigit_ms", "emergency", "speed_dial",
            "voicemail", "mwi",
            "dns_server",
            "transfer",
            "keepalive_s",
            "outbound",
            "comfort_noise",
            "silence_suppression"
        };

        private static readonly int[] KeySections = new int[]
        {
            0, 0,
            1, 1, 1,
            2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
            3, 3, 3, 3, 3,
            4, 4, 4,
            5, 5, 5, 5, 5, 5, 5, 5, 5,
            6, 6,
            2, 2, 4, 2,
            6,
            2, 2,
            7, 7, 7, 7,
            7, 7, 7, 7,
            2, 2,
            2,
            7,
            2,
            2,
            5,
            5
        };

        /// <summary>Section index for a lower-case name, or -1.</summary>
        public static int FindSection(string lowerName)
        {
            for (int i = 0; i < SectionNames.Length; i++)
            {
                if (SectionNames[i] == lowerName) return i;
            }
            return -1;
        }

        /// <summary>Key id for a lower-case key inside a section, or -1.</summary>
        public static int FindKey(int section, string lowerKey)
        {
            for (int i = 0; i < KeyNames.Length; i++)
            {
                if (KeySections[i] == section && KeyNames[i] == lowerKey) return i;
            }
            return -1;
        }

        public static string SectionName(int section) { return SectionNames[section]; }

        public static string KeyName(int key) { return KeyNames[key]; }

        public static int SectionOf(int key) { return KeySections[key]; }

        /// <summary>True for keys that accept an inline PEM block as their value.</summary>
        public static bool AcceptsPem(int key)
        {
            return key == TlsCa || key == TlsClientCert || key == TlsClientKey;
        }
    }
}
