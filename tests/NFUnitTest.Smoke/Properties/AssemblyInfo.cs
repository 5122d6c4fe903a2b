using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("NFUnitTest")]
[assembly: AssemblyDescription("Phone unit tests of the test launcher itself: emulator, real hardware and host")]
[assembly: AssemblyProduct("Phone")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: ComVisible(false)]
