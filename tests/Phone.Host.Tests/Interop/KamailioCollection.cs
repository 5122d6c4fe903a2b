using Xunit;

namespace Phone.Host.Tests.Interop
{
    /// <summary>
    /// Tests in [Collection(KamailioCollection.Name)] share one default rig (UDP+TCP, TLS, users
    /// 1001-1003), started once and stopped when the collection ends; they run one after another.
    /// A test needing other options (RequireSavp, SipDump) builds its own KamailioRig.
    /// </summary>
    [CollectionDefinition(Name)]
    public sealed class KamailioCollection : ICollectionFixture<KamailioRig>
    {
        public const string Name = "kamailio";
    }
}
