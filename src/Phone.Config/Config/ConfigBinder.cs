using Phone.Srtp;
using Phone.Sip.Transport;
using Phone.Audio;
using Phone.Media;
using Phone.Sdp;
using Phone.Sip;

namespace Phone.Config
{
    /// <summary>
    /// Turns one key's text into its typed setting. Reports BadValue / OutOfRange with what was expected and
    /// never with the value itself, so passwords and keys cannot end up on the display or in a log.
    /// </summary>
    public static class ConfigBinder
    {
        /// <summary>Applies value (already trimmed, non-empty) to key. Returns false when it was rejected.</summary>
        public static bool Apply(PhoneConfig cfg, int key, string value, bool isPem, int line, ConfigErrorList errors)
        {
            if (isPem && !ConfigSchema.AcceptsPem(key))
            {
                return Bad(errors, line, key, "a single-line value; PEM blocks are only accepted by tls.ca, tls.client_cert and tls.client_key");
            }

            int n;
            bool b;
            switch (key)
            {
                case ConfigSchema.DeviceName:
                    if (!IsDeviceName(value)) return Bad(errors, line, key, "1..32 letters, digits or '-' (it becomes the network host name)");
                    cfg.Device.Name = value;
                    return true;
                case ConfigSchema.DeviceAdminPassword:
                    if (!Length(errors, line, key, value.Length, 8, 64, "characters")) return false;
                    cfg.Device.AdminPassword = value;
                    return true;

                case ConfigSchema.WifiSsid:
                    if (!Length(errors, line, key, ConfigText.Utf8Length(value), 1, 32, "bytes of UTF-8")) return false;
                    cfg.Wifi.Ssid = value;
                    return true;
                case ConfigSchema.WifiPassword:
                    if (!Length(errors, line, key, value.Length, 8, 63, "characters (WPA2/WPA3 passphrase)")) return false;
                    cfg.Wifi.Password = value;
                    return true;
                case ConfigSchema.WifiCountry:
                    if (value.Length != 2 || !ConfigText.IsLetter(value[0]) || !ConfigText.IsLetter(value[1]))
                    {
                        return Bad(errors, line, key, "a two-letter ISO 3166 country code such as DE or US");
                    }
                    cfg.Wifi.Country = value.ToUpper();
                    return true;

                case ConfigSchema.SipDomain:
                    if (!ConfigText.IsHost(value)) return Bad(errors, line, key, "a host name or IP address");
                    cfg.Sip.Domain = value;
                    return true;
                case ConfigSchema.SipRegistrar:
                    if (!ConfigText.IsHost(value)) return Bad(errors, line, key, "a host name or IP address (the port comes from sip.port)");
                    cfg.Sip.Registrar = value;
                    return true;
                case ConfigSchema.SipUser:
                    if (!IsSipUser(value)) return Bad(errors, line, key, "1..64 characters without blanks, '@', ':', '<', '>' or '\"'");
                    cfg.Sip.User = value;
                    return true;
                case ConfigSchema.SipAuthUser:
                    if (!IsSipUser(value)) return Bad(errors, line, key, "1..64 characters without blanks, '@', ':', '<', '>' or '\"'");
                    cfg.Sip.AuthUser = value;
                    return true;
                case ConfigSchema.SipPassword:
                    if (!Length(errors, line, key, value.Length, 1, 128, "characters")) return false;
                    cfg.Sip.Password = value;
                    return true;
                case ConfigSchema.SipDisplayName:
                    if (value.IndexOf('"') >= 0 || value.IndexOf('\\') >= 0) return Bad(errors, line, key, "text without '\"' or '\\'");
                    if (!Length(errors, line, key, value.Length, 1, 64, "characters")) return false;
                    cfg.Sip.DisplayName = value;
                    return true;
                case ConfigSchema.SipTransport:
                    {
                        string l = ConfigText.AsciiLower(value);
                        if (l == "tls") cfg.Sip.Transport = SipTransportKind.Tls;
                        else if (l == "tcp") cfg.Sip.Transport = SipTransportKind.Tcp;
                        else if (l == "udp") cfg.Sip.Transport = SipTransportKind.Udp;
                        else return Bad(errors, line, key, "one of tls, tcp, udp");
                        return true;
                    }
                case ConfigSchema.SipPort:
                    if (!Int(errors, line, key, value, 1, 65535, out n)) return false;
                    cfg.Sip.Port = n;
                    cfg.Sip.PortIsSet = true;
                    return true;
                case ConfigSchema.SipOutboundProxy:
                    if (!ConfigText.IsHostPort(value)) return Bad(errors, line, key, "host or host:port with port 1..65535");
                    cfg.Sip.OutboundProxy = value;
                    return true;
                case ConfigSchema.SipRealm:
                    if (!IsRealm(value)) return Bad(errors, line, key, "1..128 printable characters without '\"' or '\\'");
                    cfg.Sip.Realm = value;
                    return true;
                case ConfigSchema.SipDigestLegacy:
                    if (!Bool(errors, line, key, value, out b)) return false;
                    cfg.Sip.DigestLegacy = b;
                    return true;
                case ConfigSchema.CallForwardAlways:
                case ConfigSchema.CallForwardBusy:
                case ConfigSchema.CallForwardNoAnswer:
                    if (!IsForwardTarget(value)) return Bad(errors, line, key, "a number or user (1..32 of 0-9 a-z A-Z . _ - + * #) or a sip:/sips: URI");
                    if (key == ConfigSchema.CallForwardAlways) cfg.Call.ForwardAlways = value;
                    else if (key == ConfigSchema.CallForwardBusy) cfg.Call.ForwardBusy = value;
                    else cfg.Call.ForwardNoAnswer = value;
                    return true;
                case ConfigSchema.SipVoicemail:
                    if (!IsForwardTarget(value)) return Bad(errors, line, key, "a number or user (1..32 of 0-9 a-z A-Z . _ - + * #) or a sip:/sips: URI");
                    cfg.Sip.Voicemail = value;
                    return true;
                case ConfigSchema.SipDnsServer:
                    if (!ConfigText.IsIPv4Port(value)) return Bad(errors, line, key, "an IPv4 address, optionally with :port 1..65535");
                    cfg.Sip.DnsServer = value;
                    return true;
                case ConfigSchema.SipKeepAlive:
                    if (!Int(errors, line, key, value, 0, 3600, out n)) return false;
                    if (n != 0 && n < 10)
                    {
                        errors.Add(ConfigErrorCode.OutOfRange, line, Section(key), ConfigSchema.KeyName(key), "0 (off) or 10..3600");
                        return false;
                    }

                    cfg.Sip.KeepAliveSeconds = n;
                    return true;
                case ConfigSchema.SipMwi:
                    if (!Bool(errors, line, key, value, out b)) return false;
                    cfg.Sip.Mwi = b;
                    return true;
                case ConfigSchema.SipOutbound:
                    if (!Bool(errors, line, key, value, out b)) return false;
                    cfg.Sip.Outbound = b;
                    return true;
                case ConfigSchema.CallTransfer:
                    if (!Bool(errors, line, key, value, out b)) return false;
                    cfg.Call.Transfer = b;
                    return true;
                case ConfigSchema.CallForwardNoAnswerSeconds:
                    if (!Int(errors, line, key, value, 5, 120, out n)) return false;
                    cfg.Call.ForwardNoAnswerSeconds = n;
                    return true;
                case ConfigSchema.CallDialPlan:
                    {
                        DialPlan plan = DialPlan.Parse(value);
                        if (plan == null) return Bad(errors, line, key, "a digit map (RFC 3435 §2.1.5) such as 1xxx|0[1-9]x.|112: digits * # x [set] and '.', up to 16 alternatives of 32 elements");
                        cfg.Call.DialPlan = plan;
                        return true;
                    }
                case ConfigSchema.CallInterDigitMs:
                    if (!Int(errors, line, key, value, 2000, 10000, out n)) return false;
                    cfg.Call.InterDigitMs = n;
                    return true;
                case ConfigSchema.CallEmergency:
                    {
                        string[] numbers = Emergency(value);
                        if (numbers == null) return Bad(errors, line, key, "a comma-separated list of 1..4 numbers of 1..15 digits");
                        cfg.Call.Emergency = numbers;
                        return true;
                    }
                case ConfigSchema.CallSpeedDial:
                    {
                        string[] targets = SpeedDial(value);
                        if (targets == null) return Bad(errors, line, key, "a comma-separated list of digit:target (each digit once), a target being a number or user or a sip:/sips: URI");
                        cfg.Call.SpeedDial = targets;
                        return true;
                    }
                case ConfigSchema.SipRegister:
                    if (!Bool(errors, line, key, value, out b)) return false;
                    cfg.Sip.Register = b;
                    return true;
                case ConfigSchema.SipListenPort:
                    if (!Int(errors, line, key, value, 1, 65535, out n)) return false;
                    cfg.Sip.ListenPort = n;
                    return true;
                case ConfigSchema.SipAcceptFromAny:
                    if (!Bool(errors, line, key, value, out b)) return false;
                    cfg.Sip.AcceptFromAny = b;
                    return true;
                case ConfigSchema.SipRegisterExpiry:
                    if (!Int(errors, line, key, value, 60, 86400, out n)) return false;
                    cfg.Sip.RegisterExpiry = n;
                    return true;

                case ConfigSchema.TlsCa:
                    if (!Credential(errors, line, key, value, isPem, false)) return false;
                    cfg.Tls.Ca = value;
                    cfg.Tls.CaIsPem = isPem;
                    return true;
                case ConfigSchema.TlsVerifyHostname:
                    if (!Bool(errors, line, key, value, out b)) return false;
                    cfg.Tls.VerifyHostname = b;
                    return true;
                case ConfigSchema.TlsClientCert:
                    if (!Credential(errors, line, key, value, isPem, false)) return false;
                    cfg.Tls.ClientCert = value;
                    cfg.Tls.ClientCertIsPem = isPem;
                    return true;
                case ConfigSchema.TlsClientKey:
                    if (!Credential(errors, line, key, value, isPem, true)) return false;
                    cfg.Tls.ClientKey = value;
                    cfg.Tls.ClientKeyIsPem = isPem;
                    return true;
                case ConfigSchema.TlsMinVersion:
                    if (value == "1.2") cfg.Tls.MinVersion = TlsVersion.Tls12;
                    else if (value == "1.3") cfg.Tls.MinVersion = TlsVersion.Tls13;
                    else return Bad(errors, line, key, "1.2 or 1.3");
                    return true;

                case ConfigSchema.SrtpMode:
                    {
                        string l = ConfigText.AsciiLower(value);
                        if (l == "mandatory") cfg.Srtp.Mode = SrtpMode.Mandatory;
                        else if (l == "optional") cfg.Srtp.Mode = SrtpMode.Optional;
                        else if (l == "off") cfg.Srtp.Mode = SrtpMode.Off;
                        else return Bad(errors, line, key, "one of mandatory, optional, off");
                        return true;
                    }
                case ConfigSchema.SrtpSuites:
                    {
                        int[] ids = List(errors, line, key, value, SuiteNames, "a comma-separated list without repeats from AES_CM_128_HMAC_SHA1_80, AES_CM_128_HMAC_SHA1_32, AES_256_CM_HMAC_SHA1_80, AES_256_CM_HMAC_SHA1_32");
                        if (ids == null) return false;
                        SrtpSuite[] suites = new SrtpSuite[ids.Length];
                        for (int i = 0; i < ids.Length; i++) suites[i] = (SrtpSuite)ids[i];
                        cfg.Srtp.Suites = suites;
                        return true;
                    }
                case ConfigSchema.SrtpAllowUnencrypted:
                    if (!Bool(errors, line, key, value, out b)) return false;
                    cfg.Srtp.AllowUnencrypted = b;
                    return true;
                case ConfigSchema.SrtpAllowUnprotectedKeys:
                    if (!Bool(errors, line, key, value, out b)) return false;
                    cfg.Srtp.AllowUnprotectedKeys = b;
                    return true;

                case ConfigSchema.AudioCodecs:
                    {
                        int[] ids = List(errors, line, key, value, CodecNames, "a comma-separated list without repeats from pcmu, pcma");
                        if (ids == null) return false;
                        AudioCodec[] codecs = new AudioCodec[ids.Length];
                        for (int i = 0; i < ids.Length; i++) codecs[i] = (AudioCodec)ids[i];
                        cfg.Audio.Codecs = codecs;
                        return true;
                    }
                case ConfigSchema.AudioPtime:
                    if (!Int(errors, line, key, value, 10, 60, out n)) return false;
                    if (n % 10 != 0)
                    {
                        errors.Add(ConfigErrorCode.OutOfRange, line, Section(key), ConfigSchema.KeyName(key), "10..60 in steps of 10");
                        return false;
                    }
                    cfg.Audio.Ptime = n;
                    return true;
                case ConfigSchema.AudioJitterMinMs:
                    if (!Int(errors, line, key, value, 0, 500, out n)) return false;
                    cfg.Audio.JitterMinMs = n;
                    return true;
                case ConfigSchema.AudioJitterMaxMs:
                    if (!Int(errors, line, key, value, 20, 1000, out n)) return false;
                    cfg.Audio.JitterMaxMs = n;
                    return true;
                case ConfigSchema.AudioSpeakerVolume:
                    if (!Int(errors, line, key, value, 0, 100, out n)) return false;
                    cfg.Audio.SpeakerVolume = n;
                    return true;
                case ConfigSchema.AudioRingVolume:
                    if (!Int(errors, line, key, value, 0, 100, out n)) return false;
                    cfg.Audio.RingVolume = n;
                    return true;
                case ConfigSchema.AudioMicGain:
                    if (!Int(errors, line, key, value, -12, 12, out n)) return false;
                    cfg.Audio.MicGain = n;
                    return true;
                case ConfigSchema.AudioComfortNoise:
                    if (!Bool(errors, line, key, value, out b)) return false;
                    cfg.Audio.ComfortNoise = b;
                    return true;
                case ConfigSchema.AudioSilenceSuppression:
                    if (!Bool(errors, line, key, value, out b)) return false;
                    cfg.Audio.SilenceSuppression = b;
                    return true;
                case ConfigSchema.AudioRtpPortMin:
                case ConfigSchema.AudioRtpPortMax:
                    // RFC 3550 §11: RTP on an even port, RTCP on the odd one above it.
                    if (!Int(errors, line, key, value, 1024, 65534, out n)) return false;
                    if ((n & 1) != 0)
                    {
                        errors.Add(ConfigErrorCode.OutOfRange, line, Section(key), ConfigSchema.KeyName(key), "an even port (RTCP takes the odd one above)");
                        return false;
                    }
                    if (key == ConfigSchema.AudioRtpPortMin) cfg.Audio.RtpPortMin = n;
                    else cfg.Audio.RtpPortMax = n;
                    return true;

                case ConfigSchema.ProvisioningUrl:
                    if (!IsProvisioningUrl(value)) return Bad(errors, line, key, "an https:// URL of at most 256 characters without blanks; {mac} is the only placeholder");
                    cfg.Provisioning.Url = value;
                    return true;
                case ConfigSchema.ProvisioningInterval:
                    if (!Int(errors, line, key, value, 300, 604800, out n)) return false;
                    cfg.Provisioning.Interval = n;
                    return true;
                case ConfigSchema.ProvisioningVersion:
                    // Rollback protection: the phone refuses a file older than the highest version it accepted.
                    if (!Int(errors, line, key, value, 0, 999999999, out n)) return false;
                    cfg.Provisioning.Version = n;
                    return true;
            }
            return Bad(errors, line, key, "a known key");
        }

        private static readonly string[] SuiteNames = new string[]
        {
            "aes_cm_128_hmac_sha1_80", "aes_cm_128_hmac_sha1_32", "aes_256_cm_hmac_sha1_80", "aes_256_cm_hmac_sha1_32"
        };

        private static readonly string[] CodecNames = new string[] { "pcmu", "pcma" };

        private static string Section(int key)
        {
            return ConfigSchema.SectionName(ConfigSchema.SectionOf(key));
        }

        private static bool Bad(ConfigErrorList errors, int line, int key, string expected)
        {
            errors.Add(ConfigErrorCode.BadValue, line, Section(key), ConfigSchema.KeyName(key), "expected " + expected);
            return false;
        }

        private static bool Length(ConfigErrorList errors, int line, int key, int length, int min, int max, string unit)
        {
            if (length >= min && length <= max) return true;
            errors.Add(ConfigErrorCode.OutOfRange, line, Section(key), ConfigSchema.KeyName(key), min.ToString() + ".." + max.ToString() + " " + unit);
            return false;
        }

        /// <summary>A forwarding target or mailbox: a keypad-style number or user, or a sip:/sips: URI the SIP parser takes.</summary>
        private static bool IsForwardTarget(string value)
        {
            if (value.StartsWith("sip:") || value.StartsWith("sips:"))
            {
                if (value.Length > 256) return false;
                byte[] b = System.Text.Encoding.UTF8.GetBytes(value);
                SipUri uri = new SipUri();
                return uri.Parse(b, 0, b.Length) == SipError.Ok && uri.Host != null && uri.Host.Length > 0;
            }

            if (value.Length == 0 || value.Length > 32)
            {
                return false;
            }

            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '_' || c == '-'
                    || c == '+' || c == '*' || c == '#';
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>[call] emergency: 1..4 numbers of 1..15 digits, or null.</summary>
        private static string[] Emergency(string value)
        {
            string[] parts = value.Split(',');
            if (parts.Length > 4) return null;
            for (int i = 0; i < parts.Length; i++)
            {
                string number = ConfigText.Trim(parts[i]);
                if (number.Length == 0 || number.Length > 15) return null;
                for (int k = 0; k < number.Length; k++)
                {
                    if (!ConfigText.IsDigit(number[k])) return null;
                }
                parts[i] = number;
            }
            return parts;
        }

        /// <summary>[call] speed_dial: "digit:target" items, each digit at most once; the targets by digit, or null.</summary>
        private static string[] SpeedDial(string value)
        {
            string[] targets = new string[10];
            string[] parts = value.Split(',');
            for (int i = 0; i < parts.Length; i++)
            {
                string item = ConfigText.Trim(parts[i]);
                if (item.Length < 3 || !ConfigText.IsDigit(item[0]) || item[1] != ':') return null;
                int digit = item[0] - '0';
                string target = ConfigText.Trim(item.Substring(2));
                if (targets[digit] != null || !IsForwardTarget(target)) return null;
                targets[digit] = target;
            }
            return targets;
        }

        private static bool Int(ConfigErrorList errors, int line, int key, string value, int min, int max, out int n)
        {
            int status = ConfigText.ParseInt(value, out n);
            if (status == ConfigText.NumberMalformed)
            {
                return Bad(errors, line, key, "a whole decimal number in " + min.ToString() + ".." + max.ToString() + " (digits and an optional leading '-' only)");
            }
            if (status == ConfigText.NumberOverflow || n < min || n > max)
            {
                errors.Add(ConfigErrorCode.OutOfRange, line, Section(key), ConfigSchema.KeyName(key), min.ToString() + ".." + max.ToString());
                return false;
            }
            return true;
        }

        private static bool Bool(ConfigErrorList errors, int line, int key, string value, out bool b)
        {
            if (ConfigText.ParseBool(value, out b)) return true;
            return Bad(errors, line, key, "true/false, yes/no, on/off or 1/0");
        }

        /// <summary>
        /// Splits a comma list and maps each item (case-insensitively) to its index in names. Returns null after
        /// reporting when an item is empty, unknown or repeated.
        /// </summary>
        private static int[] List(ConfigErrorList errors, int line, int key, string value, string[] names, string expected)
        {
            string[] parts = value.Split(',');
            if (parts.Length > names.Length)
            {
                Bad(errors, line, key, expected);
                return null;
            }
            int[] ids = new int[parts.Length];
            for (int i = 0; i < parts.Length; i++)
            {
                string item = ConfigText.AsciiLower(ConfigText.Trim(parts[i]));
                int found = -1;
                for (int k = 0; k < names.Length; k++)
                {
                    if (names[k] == item) { found = k; break; }
                }
                for (int j = 0; j < i && found >= 0; j++)
                {
                    if (ids[j] == found) found = -1;
                }
                if (found < 0)
                {
                    Bad(errors, line, key, expected);
                    return null;
                }
                ids[i] = found;
            }
            return ids;
        }

        /// <summary>A device path like I:\ca.pem, or a PEM block whose label fits the key.</summary>
        private static bool Credential(ConfigErrorList errors, int line, int key, string value, bool isPem, bool isKey)
        {
            if (!isPem)
            {
                if (value.Length >= 4 && ConfigText.IsLetter(value[0]) && value[1] == ':' && value[2] == '\\') return true;
                return Bad(errors, line, key, "a device file path such as I:\\ca.pem, or an inline PEM block starting with -----BEGIN ");
            }
            string label = PemLabel(value);
            if (isKey)
            {
                if (label == "PRIVATE KEY" || label == "RSA PRIVATE KEY" || label == "EC PRIVATE KEY") return true;
                return Bad(errors, line, key, "an unencrypted PEM private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)");
            }
            if (label == "CERTIFICATE") return true;
            return Bad(errors, line, key, "PEM block(s) labelled CERTIFICATE");
        }

        /// <summary>Label of the first -----BEGIN line, e.g. "CERTIFICATE".</summary>
        private static string PemLabel(string pem)
        {
            const string begin = "-----BEGIN ";
            if (!pem.StartsWith(begin)) return "";
            int stop = pem.IndexOf("-----", begin.Length);
            if (stop < 0) return "";
            return pem.Substring(begin.Length, stop - begin.Length);
        }

        private static bool IsDeviceName(string s)
        {
            if (s.Length < 1 || s.Length > 32 || s[0] == '-') return false;
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (!(ConfigText.IsLetter(c) || ConfigText.IsDigit(c) || c == '-')) return false;
            }
            return true;
        }

        private static bool IsSipUser(string s)
        {
            if (s.Length < 1 || s.Length > 64) return false;
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (c == ' ' || c == '\t' || c == '@' || c == ':' || c == '<' || c == '>' || c == '"') return false;
            }
            return true;
        }

        // A digest realm as the registrar sends it, compared exactly: printable text, no quote or backslash.
        private static bool IsRealm(string s)
        {
            if (s.Length < 1 || s.Length > 128) return false;
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (c < ' ' || c == (char)127 || c == '"' || c == '\\') return false;
            }
            return true;
        }

        private static bool IsProvisioningUrl(string s)
        {
            if (s.Length <= 8 || s.Length > 256) return false;
            if (!ConfigText.AsciiLower(s).StartsWith("https://")) return false;
            if (s.IndexOf(' ') >= 0 || s.IndexOf('\t') >= 0) return false;
            int hostEnd = s.IndexOf('/', 8);
            if (hostEnd < 0) hostEnd = s.Length;
            if (!ConfigText.IsHostPort(s.Substring(8, hostEnd - 8))) return false;
            // {mac} is expanded at fetch time; any other brace would reach the server verbatim and is a typo.
            int placeholders = 0;
            int brace = s.IndexOf('{');
            while (brace >= 0)
            {
                if (brace + 5 > s.Length || s.Substring(brace, 5) != "{mac}") return false;
                placeholders++;
                brace = brace + 5 < s.Length ? s.IndexOf('{', brace + 5) : -1;
            }
            int closing = 0;
            for (int i = 0; i < s.Length; i++)
            {
                if (s[i] == '}') closing++;
            }
            return closing == placeholders;
        }
    }
}
