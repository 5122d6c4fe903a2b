using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("Phone.Sip")]
[assembly: AssemblyDescription("SIP syntax, digest authentication, transport and transactions of the Phone handset")]
[assembly: AssemblyProduct("Phone")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
[assembly: ComVisible(false)]
