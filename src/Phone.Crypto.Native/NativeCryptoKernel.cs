
namespace Phone.Crypto.Native
{
    /// <summary>
    /// The SRTP crypto kernel backed by native code: mbedTLS in the ESP32 firmware (AES on the
    /// hardware accelerator) through the Phone.Crypto.Native interop assembly, or
    /// libphonecrypto.so on the host. Each protected or unprotected packet costs one native
    /// call (<see cref="NativeSrtpTransform"/>, docs/native-kernel.md).
    /// </summary>
    public sealed class NativeCryptoKernel : ICryptoKernel
    {
        public string Name
        {
            get { return "native"; }
        }

        public IAesCtr CreateAesCtr()
        {
            return new NativeAesCtr();
        }

        public IHmacSha1 CreateHmacSha1()
        {
            return new NativeHmacSha1();
        }

        public ISrtpTransform CreateSrtpTransform()
        {
            return new NativeSrtpTransform();
        }
    }
}
