using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("Phone.Crypto.Native")]
[assembly: AssemblyDescription("SRTP crypto kernel (AES-CTR, HMAC-SHA1), capture decimator, G.711, I2S slot conversion, the conference mix, comfort noise and the frame level implemented natively: firmware interop assembly on the device, libphonecrypto.so on the host")]
[assembly: AssemblyProduct("Phone")]
[assembly: AssemblyVersion("1.0.0.0")]
[assembly: AssemblyFileVersion("1.0.0.0")]
[assembly: ComVisible(false)]
#if NANOFRAMEWORK_1_0
// Must equal the version in the firmware's CLR_RT_NativeAssemblyData (Phone_Crypto_Native.cpp),
// or the nanoCLR refuses to bind the assembly to its native code.
[assembly: AssemblyNativeVersion("1.7.0.0")]
#endif
