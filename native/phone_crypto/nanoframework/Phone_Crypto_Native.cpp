//
// Method lookup table and assembly descriptor of the interop assembly Phone.Crypto.Native.
//
// The nanoCLR binds native code by position: entry i of method_lookup serves the i-th method
// definition of the assembly as MetadataProcessor lays it out (types in its dependency-sorted
// order; within a type virtual, then instance, then static methods). NULL marks a method with
// IL: the constructors, SetKey, Xor, ... of the managed wrappers. The nanoCLR also refuses to
// bind unless the checksum equals the one MetadataProcessor computes from the native method
// signatures, and the version equals [assembly: AssemblyNativeVersion("1.7.0.0")].
//
// Everything between "clang-format off" and "clang-format on" is derived from the compiled
// assembly, not written by hand, and the target check (tools/TargetCheck, run in CI) fails when
// it differs from the layout it computes. After changing src/Phone.Crypto.Native (any type or
// method, not only NativeMethods.cs, since every method has a row) regenerate it with
//
//   dotnet run --project tools/TargetCheck -- --native-table src/Phone.Crypto.Native/Phone.Crypto.Native.nfproj
//
// and paste the output below (docs/native-kernel.md). The layout assumes C# 9.0, which every
// .nfproj pins. The handlers are in Phone_Crypto_Native_Phone_Crypto_Native_NativeMethods.cpp.
//

#include "Phone_Crypto_Native.h"

// clang-format off

static const CLR_RT_MethodHandler method_lookup[] =
{
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    Library_Phone_Crypto_Native_Phone_Crypto_Native_NativeMethods::AesCtrXor___STATIC__I4__SZARRAY_U1__I4__I4__SZARRAY_U1__I4__SZARRAY_U1__I4__I4,
    Library_Phone_Crypto_Native_Phone_Crypto_Native_NativeMethods::HmacSha1___STATIC__I4__SZARRAY_U1__I4__I4__SZARRAY_U1__I4__I4__SZARRAY_U1__I4__I4__SZARRAY_U1__I4,
    Library_Phone_Crypto_Native_Phone_Crypto_Native_NativeMethods::DecimateI2s32___STATIC__I4__SZARRAY_I4__I4__SZARRAY_U1__I4__I4__I4__I4__I4__SZARRAY_I2__I4__I4,
    Library_Phone_Crypto_Native_Phone_Crypto_Native_NativeMethods::G711Encode___STATIC__I4__I4__SZARRAY_I2__I4__SZARRAY_U1__I4__I4,
    Library_Phone_Crypto_Native_Phone_Crypto_Native_NativeMethods::G711Decode___STATIC__I4__I4__SZARRAY_U1__I4__SZARRAY_I2__I4__I4,
    Library_Phone_Crypto_Native_Phone_Crypto_Native_NativeMethods::I2sCapture___STATIC__I4__SZARRAY_U1__I4__I4__I4__I4__I4__I4__SZARRAY_I2__I4,
    Library_Phone_Crypto_Native_Phone_Crypto_Native_NativeMethods::I2sPlayback___STATIC__I4__SZARRAY_I2__I4__I4__I4__I4__SZARRAY_U1__I4,
    Library_Phone_Crypto_Native_Phone_Crypto_Native_NativeMethods::MixClip___STATIC__I4__SZARRAY_I2__I4__SZARRAY_I2__I4__SZARRAY_I2__I4__I4,
    Library_Phone_Crypto_Native_Phone_Crypto_Native_NativeMethods::ComfortNoise___STATIC__I4__SZARRAY_I4__SZARRAY_I2__I4__I4__I4,
    Library_Phone_Crypto_Native_Phone_Crypto_Native_NativeMethods::MeasureLevel___STATIC__I4__SZARRAY_I2__I4__I4,
    Library_Phone_Crypto_Native_Phone_Crypto_Native_NativeMethods::SrtpOpen___STATIC__I4__SZARRAY_U1__I4__I4__SZARRAY_U1__I4__SZARRAY_U1__I4__I4,
    Library_Phone_Crypto_Native_Phone_Crypto_Native_NativeMethods::SrtpClose___STATIC__I4__I4,
    Library_Phone_Crypto_Native_Phone_Crypto_Native_NativeMethods::SrtpProtect___STATIC__I4__I4__SZARRAY_U1__I4__I4__I4__I4__I4__I8__I4__I4__I4,
    Library_Phone_Crypto_Native_Phone_Crypto_Native_NativeMethods::SrtpUnprotect___STATIC__I4__I4__SZARRAY_U1__I4__I4__I4__I4__I4__I8__I4__I4__I4,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
};

const CLR_RT_NativeAssemblyData g_CLR_AssemblyNative_Phone_Crypto_Native =
{
    "Phone.Crypto.Native",
    0x93B8304D,
    method_lookup,
    { 1, 7, 0, 0 }
};

// clang-format on
