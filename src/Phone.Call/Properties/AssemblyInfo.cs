using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("Phone.Call")]
[assembly: AssemblyDescription("Phone state machine, call routing and display model of the Phone handset")]
[assembly: AssemblyProduct("Phone")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
[assembly: ComVisible(false)]
