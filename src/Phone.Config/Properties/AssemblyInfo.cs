using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("Phone.Config")]
[assembly: AssemblyDescription("nf.config parser, validator and binder of the Phone handset")]
[assembly: AssemblyProduct("Phone")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
[assembly: ComVisible(false)]
