using System;
using System.Net.NetworkInformation;
using Phone.App.Drivers;

namespace Phone.Firmware.Wifi
{
    /// <summary>
    /// The provisioning hotspot "Phone-XXXX" (name and WPA2 password from Phone.Device's SoftApCredentials).
    /// <para>
    /// On the ESP32 firmware the soft AP is configured through WirelessAPConfiguration and started at boot when its
    /// Options hold Enable|AutoStart (nanoframework/Samples, samples/WiFiAP/WirelessAP.cs: configure, save,
    /// reboot). The default authentication is Open, so Authentication is always set to WPA2 with the generated
    /// password (at least 8 characters, IEEE 802.11i). The AP interface gets the fixed address 192.168.4.1/24;
    /// clients get addresses from the firmware's DHCP server for the AP interface (ESP-IDF starts one on the
    /// soft-AP netif; UNVERIFIED on our image, see docs/firmware.md — the sample adds Iot.Device.DhcpServer, whose
    /// package version is not pinned in our API lists).
    /// </para>
    /// The configuration is stored in the device's configuration block, so the AP is also the marker "this boot
    /// is a provisioning boot" (IsEnabled); Disable clears it for the next boot.
    /// </summary>
    public sealed class SoftAccessPoint : ISoftAccessPoint
    {
        /// <summary>The hotspot interface's fixed address.</summary>
        public const string HotspotAddress = "192.168.4.1";

        public const string Mask = "255.255.255.0";

        public string Address
        {
            get { return HotspotAddress; }
        }

        /// <summary>True when the stored AP configuration is enabled (this boot runs the AP).</summary>
        public bool IsEnabled
        {
            get
            {
                try
                {
                    WirelessAPConfiguration c = Configuration();
                    return c != null && (c.Options & WirelessAPConfiguration.ConfigurationOptions.Enable) != 0;
                }
                catch (Exception)
                {
                    return false;
                }
            }
        }

        /// <summary>
        /// Stores the AP settings; they take effect at the next boot. Throws nothing: false with error set when the
        /// configuration could not be written.
        /// </summary>
        public bool Configure(string ssid, string password, out string error)
        {
            error = null;
            try
            {
                NetworkInterface ni = Interface();
                WirelessAPConfiguration c = Configuration();
                if (ni == null || c == null)
                {
                    error = "no soft-AP interface";
                    return false;
                }

                WirelessAPConfiguration.ConfigurationOptions on =
                    WirelessAPConfiguration.ConfigurationOptions.Enable | WirelessAPConfiguration.ConfigurationOptions.AutoStart;
                ni.EnableStaticIPv4(HotspotAddress, Mask, HotspotAddress);
                c.Options = on;
                c.Ssid = ssid;
                c.Authentication = AuthenticationType.WPA2;
                c.Encryption = EncryptionType.WPA2_PSK;
                c.Password = password;
                c.MaxConnections = 1;
                c.SaveConfiguration();
                return true;
            }
            catch (Exception)
            {
                error = "soft AP could not be configured";
                return false;
            }
        }

        /// <summary>Turns the AP off for the next boot (after a configuration was stored).</summary>
        public void Disable()
        {
            try
            {
                WirelessAPConfiguration c = Configuration();
                if (c != null)
                {
                    c.Options = WirelessAPConfiguration.ConfigurationOptions.None;
                    c.SaveConfiguration();
                }
            }
            catch (Exception)
            {
            }
        }

        private static NetworkInterface Interface()
        {
            NetworkInterface[] all = NetworkInterface.GetAllNetworkInterfaces();
            for (int i = 0; i < all.Length; i++)
            {
                if (all[i].NetworkInterfaceType == NetworkInterfaceType.WirelessAP)
                {
                    return all[i];
                }
            }

            return null;
        }

        private static WirelessAPConfiguration Configuration()
        {
            NetworkInterface ni = Interface();
            if (ni == null)
            {
                return null;
            }

            WirelessAPConfiguration[] all = WirelessAPConfiguration.GetAllWirelessAPConfigurations();
            int id = (int)ni.SpecificConfigId;
            return all != null && id >= 0 && id < all.Length ? all[id] : null;
        }
    }
}
