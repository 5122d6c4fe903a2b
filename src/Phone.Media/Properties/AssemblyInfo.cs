using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("Phone.Media")]
[assembly: AssemblyDescription("Media negotiation and sessions of the Phone handset: SDES, SDP offer/answer, media session, jitter buffer")]
[assembly: AssemblyProduct("Phone")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
[assembly: ComVisible(false)]
