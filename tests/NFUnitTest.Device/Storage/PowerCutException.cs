using System;

namespace Phone.Tests.Device.Storage
{
    /// <summary>Thrown by SimulatedFlash once its power is cut: the call, and every later one, did not complete.</summary>
    public sealed class PowerCutException : Exception
    {
        public PowerCutException() : base("power cut")
        {
        }
    }
}
