using nanoFramework.TestFramework;
using Phone.Config;

namespace Phone.Tests.Config
{
    /// <summary>sip.listen_port and sip.register (calls straight to the phone): defaults, parsing, TLS only.</summary>
    [TestClass]
    public class ConfigDirectCallKeyTests
    {
        // Lines 1..5, inside [sip] without a transport; the next line is 6.
        private const string Account =
            "[wifi]\n" +
            "ssid = Net\n" +
            "[sip]\n" +
            "domain = example.com\n" +
            "user = 100\n" +
            "password = pw\n";

        private const string NoSrtp = "[srtp]\nmode = off\n";

        [TestMethod]
        public void DefaultsRegisterAndOpenNoListener()
        {
            ConfigResult r = ConfigTestText.Parse(ConfigTestText.Minimal);
            ConfigTestText.NoErrors(r);
            Assert.AreEqual(0, r.Config.Sip.ListenPort);
            Assert.IsTrue(r.Config.Sip.Register);
        }

        [TestMethod]
        [DataRow("1", 1)]
        [DataRow("5061", 5061)]
        [DataRow("65535", 65535)]
        public void ListenPortIsReadWithTheDefaultTransport(string value, int expected)
        {
            // Minimal has no transport key: the default is tls.
            ConfigResult r = ConfigTestText.Parse(ConfigTestText.Minimal + "listen_port = " + value + "\n");
            ConfigTestText.NoErrors(r);
            Assert.AreEqual(expected, r.Config.Sip.ListenPort);
        }

        [TestMethod]
        public void ListenPortIsReadWithTransportTls()
        {
            ConfigResult r = ConfigTestText.Parse(ConfigTestText.Minimal + "transport = tls\nlisten_port = 5061\n");
            ConfigTestText.NoErrors(r);
            Assert.AreEqual(5061, r.Config.Sip.ListenPort);
        }

        [TestMethod]
        [DataRow("0")]
        [DataRow("65536")]
        [DataRow("-5061")]
        [DataRow("99999999999")]
        public void ListenPortOutsideOneTo65535IsOutOfRange(string value)
        {
            ConfigResult r = ConfigTestText.Parse(ConfigTestText.Minimal + "listen_port = " + value + "\n");
            ConfigTestText.OnlyError(r, ConfigErrorCode.OutOfRange, 9, "sip", "listen_port");
        }

        [TestMethod]
        public void ListenPortMustBeANumber()
        {
            ConfigResult r = ConfigTestText.Parse(ConfigTestText.Minimal + "listen_port = sips\n");
            ConfigTestText.OnlyError(r, ConfigErrorCode.BadValue, 9, "sip", "listen_port");
        }

        [TestMethod]
        [DataRow("udp")]
        [DataRow("tcp")]
        [DataRow("TCP")]
        public void ListenPortOverPlainSignallingIsAConflict(string transport)
        {
            ConfigResult r = ConfigTestText.Parse(Account + "transport = " + transport + "\nlisten_port = 5061\n" + NoSrtp);
            ConfigTestText.OnlyError(r, ConfigErrorCode.Conflict, 8, "sip", "listen_port");
            string detail = r.Errors[0].Detail;
            Assert.IsTrue(detail.IndexOf("only opened over TLS") >= 0, detail);
            Assert.IsTrue(detail.IndexOf("transport = tls") >= 0, detail);
        }

        [TestMethod]
        public void ListenPortBeforeThePlainTransportStillConflictsOnItsOwnLine()
        {
            ConfigResult r = ConfigTestText.Parse(Account + "listen_port = 5061\ntransport = udp\n" + NoSrtp);
            ConfigTestText.OnlyError(r, ConfigErrorCode.Conflict, 7, "sip", "listen_port");
        }

        [TestMethod]
        public void AnUnknownTransportIsReportedAloneNotAsAListenConflict()
        {
            ConfigResult r = ConfigTestText.Parse(Account + "transport = sctp\nlisten_port = 5061\n" + NoSrtp);
            ConfigTestText.OnlyError(r, ConfigErrorCode.BadValue, 7, "sip", "transport");
        }

        [TestMethod]
        [DataRow("false")]
        [DataRow("no")]
        [DataRow("off")]
        [DataRow("0")]
        public void RegisterFalseIsRead(string value)
        {
            ConfigResult r = ConfigTestText.Parse(ConfigTestText.Minimal + "register = " + value + "\n");
            ConfigTestText.NoErrors(r);
            Assert.IsFalse(r.Config.Sip.Register);
        }

        [TestMethod]
        [DataRow("true")]
        [DataRow("yes")]
        [DataRow("ON")]
        public void RegisterTrueIsRead(string value)
        {
            ConfigResult r = ConfigTestText.Parse(ConfigTestText.Minimal + "register = " + value + "\n");
            ConfigTestText.NoErrors(r);
            Assert.IsTrue(r.Config.Sip.Register);
        }

        [TestMethod]
        public void RegisterMustBeABoolean()
        {
            ConfigResult r = ConfigTestText.Parse(ConfigTestText.Minimal + "register = sometimes\n");
            ConfigTestText.OnlyError(r, ConfigErrorCode.BadValue, 9, "sip", "register");
        }

        [TestMethod]
        public void NoRegistrarWithAListenerIsValid()
        {
            ConfigResult r = ConfigTestText.Parse(ConfigTestText.Minimal + "register = false\nlisten_port = 5061\n");
            ConfigTestText.NoErrors(r);
            Assert.IsFalse(r.Config.Sip.Register);
            Assert.AreEqual(5061, r.Config.Sip.ListenPort);
        }
    }
}
