//
// Method lookup table and assembly descriptor of the interop assembly Phone.Crypto.Native.
//
// The nanoCLR binds native code by position: entry i of method_lookup serves the i-th method
// definition of the assembly as MetadataProcessor lays them out (nullptr for managed methods:
// constructors, SetKey, Xor, ...). It also refuses to bind unless the checksum below equals
// the one MetadataProcessor computed from the native method signatures, and the version equals
// [assembly: AssemblyNativeVersion("1.0.0.0")].
//
// Both the position and the checksum come from the MetadataProcessor run on the .nfproj, which
// cannot run on the project's Linux machines. The entries below assume NativeMethods' three
// methods come first, in source order (NativeMethods.cs is the first Compile item); the checksum
// is a placeholder. Version 1.1: DecimateI2s32 (the capture decimator) was added.
// Before building firmware, copy method_lookup and the checksum from the generated
// Stubs/Phone_Crypto_Native.cpp (docs/native-kernel.md, step 2). Do not use the generated
// Phone_Crypto_Native_Phone_Crypto_Native_NativeMethods.cpp: ours holds the implementation.
//

#include "Phone_Crypto_Native.h"

// clang-format off

static const CLR_RT_MethodHandler method_lookup[] =
{
    Library_Phone_Crypto_Native_Phone_Crypto_Native_NativeMethods::AesCtrXor___STATIC__I4__SZARRAY_U1__I4__I4__SZARRAY_U1__I4__SZARRAY_U1__I4__I4,
    Library_Phone_Crypto_Native_Phone_Crypto_Native_NativeMethods::HmacSha1___STATIC__I4__SZARRAY_U1__I4__I4__SZARRAY_U1__I4__I4__SZARRAY_U1__I4__I4__SZARRAY_U1__I4,
    Library_Phone_Crypto_Native_Phone_Crypto_Native_NativeMethods::DecimateI2s32___STATIC__I4__SZARRAY_I4__I4__SZARRAY_U1__I4__I4__I4__I4__I4__SZARRAY_I2__I4__I4,
};

const CLR_RT_NativeAssemblyData g_CLR_AssemblyNative_Phone_Crypto_Native =
{
    "Phone.Crypto.Native",
    0x00000000, // PLACEHOLDER: replace with the checksum from the generated Phone_Crypto_Native.cpp
    method_lookup,
    { 1, 1, 0, 0 }
};

// clang-format on
