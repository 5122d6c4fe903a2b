using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("Phone.Rtp")]
[assembly: AssemblyDescription("RTP, RTCP, DTMF events and SRTP/SRTCP of the Phone handset")]
[assembly: AssemblyProduct("Phone")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
[assembly: ComVisible(false)]
