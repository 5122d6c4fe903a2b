using System.IO;

namespace Phone.Host.Tests.Interop
{
    /// <summary>
    /// The nf.config of a virtual handset registered with the rig's kamailio: TLS with the rig's CA and host-name
    /// check, digest credentials of <c>user</c>, SRTP mandatory. Extra lines go into [srtp] and [audio].
    /// </summary>
    public static class RigPhoneConfig
    {
        public static string Text(KamailioRig rig, string deviceName, string user, string srtpLines = "", string audioLines = "") =>
            "[device]\nname = " + deviceName + "\n" +
            "[wifi]\nssid = RigNet\n" +
            "[sip]\ndomain = " + rig.Realm + "\nregistrar = 127.0.0.1\nuser = " + user + "\npassword = " + rig.Users[user] + "\n" +
            "transport = tls\nport = " + rig.TlsPort + "\nregister_expiry = 120\n" +
            "[tls]\nca = I:\\" + Path.GetFileName(rig.CaPath) + "\nverify_hostname = true\n" +
            "[srtp]\nmode = mandatory\n" + srtpLines +
            "[audio]\nspeaker_volume = 100\n" + audioLines;
    }
}
