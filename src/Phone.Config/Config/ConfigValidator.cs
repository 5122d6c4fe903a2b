using Phone.Sip.Transport;
using Phone.Media;
using Phone.Sip;
using Phone.Sdp;

namespace Phone.Config
{
    /// <summary>
    /// Checks that only make sense for the whole file: required keys, defaults derived from other keys,
    /// and combinations that would weaken security or cannot work.
    /// </summary>
    public static class ConfigValidator
    {
        /// <summary>Calls the phone holds at once (the firmware's PhoneCore.MaxCalls): each needs an RTP/RTCP pair in the port range.</summary>
        public const int CallSlots = 2;

        /// <summary>
        /// seen: the key appeared in the file (even with a rejected value); bad: its value was rejected;
        /// line: where it appeared. Checks involving a rejected value are skipped, as that value was already reported.
        /// </summary>
        public static void Validate(PhoneConfig cfg, bool[] seen, bool[] bad, int[] line, ConfigErrorList errors)
        {
            Require(seen, ConfigSchema.WifiSsid, errors, "the phone cannot join a network without it");
            Require(seen, ConfigSchema.SipDomain, errors, "the SIP domain of the account");
            Require(seen, ConfigSchema.SipUser, errors, "the SIP user of the account");
            Require(seen, ConfigSchema.SipPassword, errors, "the SIP password of the account");

            SipSettings sip = cfg.Sip;
            if (sip.Registrar == null) sip.Registrar = sip.Domain;
            if (sip.AuthUser == null) sip.AuthUser = sip.User;
            if (!sip.PortIsSet) sip.Port = sip.Transport == SipTransportKind.Tls ? SipSettings.DefaultTlsPort : SipSettings.DefaultPort;

            bool transportKnown = !bad[ConfigSchema.SipTransport];
            bool usesTls = transportKnown && sip.Transport == SipTransportKind.Tls;
            bool provisions = seen[ConfigSchema.ProvisioningUrl] && !bad[ConfigSchema.ProvisioningUrl];
            if ((usesTls || provisions) && !seen[ConfigSchema.TlsCa])
            {
                errors.Add(ConfigErrorCode.MissingRequired, 0, "tls", "ca", usesTls
                    ? "required with sip transport tls: the phone has no built-in CA list"
                    : "required for the https provisioning URL: the phone has no built-in CA list");
            }

            if (seen[ConfigSchema.TlsClientCert] && !seen[ConfigSchema.TlsClientKey])
            {
                errors.Add(ConfigErrorCode.MissingRequired, 0, "tls", "client_key", "required when client_cert is given");
            }
            if (seen[ConfigSchema.TlsClientKey] && !seen[ConfigSchema.TlsClientCert])
            {
                errors.Add(ConfigErrorCode.MissingRequired, 0, "tls", "client_cert", "required when client_key is given");
            }

            // A listener for calls straight to the phone is only ever TLS: no plaintext SIP port in any mode.
            if (seen[ConfigSchema.SipListenPort] && transportKnown && !usesTls)
            {
                errors.Add(ConfigErrorCode.Conflict, line[ConfigSchema.SipListenPort], "sip", "listen_port",
                    "a SIP listener is only opened over TLS: set transport = tls or remove listen_port");
            }

            // SDES sends the SRTP master keys inside SDP; without TLS anyone on the path can read them.
            if (transportKnown && !usesTls
                && !bad[ConfigSchema.SrtpMode] && cfg.Srtp.Mode != SrtpMode.Off
                && !bad[ConfigSchema.SrtpAllowUnprotectedKeys] && !cfg.Srtp.AllowUnprotectedKeys)
            {
                errors.Add(ConfigErrorCode.UnprotectedSrtpKeys, line[ConfigSchema.SipTransport], "sip", "transport",
                    "SRTP keys would travel in clear over tcp/udp: use transport tls, set srtp mode off, or set [srtp] allow_unprotected_keys = true");
            }

            AudioSettings audio = cfg.Audio;
            if (!bad[ConfigSchema.AudioJitterMinMs] && !bad[ConfigSchema.AudioJitterMaxMs] && audio.JitterMinMs > audio.JitterMaxMs)
            {
                int key = line[ConfigSchema.AudioJitterMinMs] > line[ConfigSchema.AudioJitterMaxMs] ? ConfigSchema.AudioJitterMinMs : ConfigSchema.AudioJitterMaxMs;
                errors.Add(ConfigErrorCode.Conflict, line[key], "audio", ConfigSchema.KeyName(key),
                    "jitter_min_ms (" + audio.JitterMinMs.ToString() + ") must not exceed jitter_max_ms (" + audio.JitterMaxMs.ToString() + ")");
            }

            if (!bad[ConfigSchema.AudioRtpPortMin] && !bad[ConfigSchema.AudioRtpPortMax] && audio.RtpPortMax - audio.RtpPortMin < 2 * (CallSlots - 1))
            {
                int key = line[ConfigSchema.AudioRtpPortMin] > line[ConfigSchema.AudioRtpPortMax] ? ConfigSchema.AudioRtpPortMin : ConfigSchema.AudioRtpPortMax;
                errors.Add(ConfigErrorCode.Conflict, line[key], "audio", ConfigSchema.KeyName(key),
                    "rtp_port_min (" + audio.RtpPortMin.ToString() + ") must be below rtp_port_max (" + audio.RtpPortMax.ToString() + ") with room for " +
                    CallSlots.ToString() + " calls' RTP/RTCP pairs");
            }
        }

        private static void Require(bool[] seen, int key, ConfigErrorList errors, string why)
        {
            if (seen[key]) return;
            errors.Add(ConfigErrorCode.MissingRequired, 0, ConfigSchema.SectionName(ConfigSchema.SectionOf(key)), ConfigSchema.KeyName(key), why);
        }
    }
}
