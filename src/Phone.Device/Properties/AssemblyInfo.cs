using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("Phone.Device")]
[assembly: AssemblyDescription("Device logic of the Phone handset that is not a hardware call")]
[assembly: AssemblyProduct("Phone")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
[assembly: ComVisible(false)]
