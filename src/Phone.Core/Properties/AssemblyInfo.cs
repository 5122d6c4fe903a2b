using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("Phone.Core")]
[assembly: AssemblyDescription("Portable core of the Phone SIP handset: codecs, configuration, protocols and call logic")]
[assembly: AssemblyProduct("Phone")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
[assembly: ComVisible(false)]
