using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("Phone.Kernel")]
[assembly: AssemblyDescription("Kernels and primitives of the Phone handset: hashes, entropy, the SRTP crypto kernel, the audio kernel and G.711")]
[assembly: AssemblyProduct("Phone")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
[assembly: ComVisible(false)]
