using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("Phone.App")]
[assembly: AssemblyDescription("The Phone handset application on driver interfaces: boot, setup, the core loop, media, diagnostics")]
[assembly: AssemblyProduct("Phone")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
[assembly: ComVisible(false)]
