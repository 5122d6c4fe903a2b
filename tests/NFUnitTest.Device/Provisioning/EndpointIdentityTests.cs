using System.Text;
using nanoFramework.TestFramework;
using Phone.Device.Provisioning;

namespace Phone.Tests.Device.Provisioning
{
    /// <summary>Security finding 4, item 7: the fingerprint the display shows for pinning the LAN endpoint's certificate.</summary>
    [TestClass]
    public class EndpointIdentityTests
    {
        // A self-signed P-256 certificate made with `openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256`.
        const string Pem =
            "-----BEGIN CERTIFICATE-----\n" +
            "MIIBjjCCATWgAwIBAgIUU9y6WBogBW1fKT5d+9APV76EHfMwCgYIKoZIzj0EAwIw\n" +
            "HTEbMBkGA1UEAwwSUGhvbmUgcHJvdmlzaW9uaW5nMB4XDTI2MTIwNjIyMDMxN1oX\n" +
            "DTQ2MTIwMTIyMDMxN1owHTEbMBkGA1UEAwwSUGhvbmUgcHJvdmlzaW9uaW5nMFkw\n" +
            "EwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAELExpcevFs1vjnnMtNiXTTq5N4v4PJ29K\n" +
            "DZaH7wF0gTyRF1E4oDcPSoaird2CKjP796HTiW6Q0YHQ70TJH/PSqqNTMFEwHQYD\n" +
            "VR0OBBYEFI9UQKuW89zNAGdOPWrgKzr0cOMmMB8GA1UdIwQYMBaAFI9UQKuW89zN\n" +
            "AGdOPWrgKzr0cOMmMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDRwAwRAIg\n" +
            "XRln7SO0zUR5Gxainfh0IYtVA4hzNUQJRG5pUg2j1U4CIF6EJIQjdUtjm0CakLZl\n" +
            "uUiTQUhqtlJhZPJdH4SxdSWH\n" +
            "-----END CERTIFICATE-----\n";

        // `openssl x509 -in c.pem -noout -fingerprint -sha256`.
        const string OpensslFingerprint = "5B:65:D1:43:C1:31:8E:9B:BC:31:46:46:F6:A1:49:8F:BE:F5:0E:F2:79:A8:97:3A:AB:5D:75:16:6A:4D:C2:4B";

        [TestMethod]
        public void FingerprintIsOpensslsOverTheDer()
        {
            Assert.AreEqual(OpensslFingerprint, EndpointIdentity.Fingerprint(Encoding.UTF8.GetBytes(Pem)));
            byte[] der = EndpointIdentity.Der(Encoding.UTF8.GetBytes(Pem));
            Assert.AreEqual(0x30, (int)der[0]);
            Assert.AreEqual(OpensslFingerprint, EndpointIdentity.Fingerprint(der), "DER as is");
        }

        [TestMethod]
        public void DisplayLinesCarryTheWholeFingerprint()
        {
            string[] lines = EndpointIdentity.DisplayLines(OpensslFingerprint);
            Assert.AreEqual(4, lines.Length);
            Assert.AreEqual("5B65 D143 C131 8E9B", lines[0]);
            Assert.AreEqual("6A4D C24B", lines[3].Substring(10));
        }

        [TestMethod]
        public void UnreadableCertificatesHaveNoFingerprint()
        {
            Assert.IsNull(EndpointIdentity.Fingerprint(null));
            Assert.IsNull(EndpointIdentity.Fingerprint(Encoding.UTF8.GetBytes("-----BEGIN CERTIFICATE-----\n!!\n-----END CERTIFICATE-----\n")));
            Assert.IsNull(EndpointIdentity.Fingerprint(Encoding.UTF8.GetBytes("no pem here")));
            Assert.AreEqual(0, EndpointIdentity.DisplayLines(null).Length);
        }
    }
}
