using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("Phone.Sip.Ua")]
[assembly: AssemblyDescription("SIP user agent of the Phone handset: registration and call dialogs")]
[assembly: AssemblyProduct("Phone")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
[assembly: ComVisible(false)]
