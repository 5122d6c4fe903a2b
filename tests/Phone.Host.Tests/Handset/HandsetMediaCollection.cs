using Xunit;

namespace Phone.Host.Tests.Handset
{
    /// <summary>
    /// The handset tests that run real-time calls (and the CLI ones, which start processes) run one after the
    /// other: several 20 ms media clocks at once on a small shared machine only measure the scheduler.
    /// </summary>
    [CollectionDefinition(Name)]
    public sealed class HandsetMediaCollection
    {
        public const string Name = "handset-media";
    }
}
