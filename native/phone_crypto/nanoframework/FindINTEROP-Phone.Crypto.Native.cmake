#
# CMake module for the interop assembly Phone.Crypto.Native (nf-interpreter "Interop" build).
# Copy to nf-interpreter/CMake/Modules/ and put the native folder at
# nf-interpreter/InteropAssemblies/Phone.Crypto.Native/ (docs/native-kernel.md).
# The firmware's ParseInteropAssemblies() finds this module for every name listed in
# NF_INTEROP_ASSEMBLIES and adds <name>_INCLUDE_DIRS / <name>_SOURCES to the nanoCLR build.
#

set(BASE_PATH_FOR_THIS_MODULE ${PROJECT_SOURCE_DIR}/InteropAssemblies/Phone.Crypto.Native)

list(APPEND Phone.Crypto.Native_INCLUDE_DIRS ${PROJECT_SOURCE_DIR}/src/CLR/Core)
list(APPEND Phone.Crypto.Native_INCLUDE_DIRS ${PROJECT_SOURCE_DIR}/src/CLR/Include)
list(APPEND Phone.Crypto.Native_INCLUDE_DIRS ${PROJECT_SOURCE_DIR}/src/HAL/Include)
list(APPEND Phone.Crypto.Native_INCLUDE_DIRS ${PROJECT_SOURCE_DIR}/src/PAL/Include)
list(APPEND Phone.Crypto.Native_INCLUDE_DIRS ${BASE_PATH_FOR_THIS_MODULE})
# mbedTLS headers: on ESP32 targets they come from the ESP-IDF mbedtls component, which the
# nanoCLR already links for TLS; other targets provide them through MBEDTLS_SOURCE.

set(Phone.Crypto.Native_SRCS
    Phone_Crypto_Native.cpp
    Phone_Crypto_Native_Phone_Crypto_Native_NativeMethods.cpp
    pc_aes_ctr.c
    pc_hmac_sha1.c
    pc_sha1.c
    pc_srtp.c
    pc_decim.c
    pc_g711.c
    pc_i2s.c
    pc_mix.c
    pc_noise.c
    pc_level.c
)

foreach(SRC_FILE ${Phone.Crypto.Native_SRCS})
    set(Phone.Crypto.Native_SRC_FILE SRC_FILE-NOTFOUND)
    find_file(Phone.Crypto.Native_SRC_FILE ${SRC_FILE}
        PATHS ${BASE_PATH_FOR_THIS_MODULE}
        CMAKE_FIND_ROOT_PATH_BOTH
    )
    list(APPEND Phone.Crypto.Native_SOURCES ${Phone.Crypto.Native_SRC_FILE})
endforeach()

include(FindPackageHandleStandardArgs)

FIND_PACKAGE_HANDLE_STANDARD_ARGS(Phone.Crypto.Native DEFAULT_MSG Phone.Crypto.Native_INCLUDE_DIRS Phone.Crypto.Native_SOURCES)
