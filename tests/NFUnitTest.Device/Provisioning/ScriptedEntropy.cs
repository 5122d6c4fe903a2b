using Phone.Sdes;
using Phone.Crypto;

namespace Phone.Tests.Device.Provisioning
{
    /// <summary>A stand-in for the hardware RNG that returns a fixed byte sequence, repeating it when exhausted.</summary>
    internal sealed class ScriptedEntropy : IEntropySource
    {
        readonly byte[] _script;
        int _next;

        internal ScriptedEntropy(byte[] script)
        {
            _script = script;
        }

        internal int BytesDrawn;

        public void GetBytes(byte[] buffer, int offset, int count)
        {
            for (int i = 0; i < count; i++)
            {
                buffer[offset + i] = _script[_next];
                _next = (_next + 1) % _script.Length;
                BytesDrawn++;
            }
        }
    }
}
