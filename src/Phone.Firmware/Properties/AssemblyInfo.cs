using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("Phone.Firmware")]
[assembly: AssemblyDescription("The Phone handset application for ESP32")]
[assembly: AssemblyProduct("Phone")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
[assembly: ComVisible(false)]
