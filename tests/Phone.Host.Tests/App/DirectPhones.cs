using System;
using System.IO;
using Phone.Call;
using Phone.Host.App;
using Phone.Tools.Handset;
using Xunit;

namespace Phone.Host.Tests.App
{
    /// <summary>
    /// Two virtual phones, 1001 (<see cref="A"/>) and 1002 (<see cref="B"/>), that call each other straight over TLS
    /// with mandatory SRTP (the demo's set-up: no registrar), each on its own volume in a temporary folder with a
    /// throwaway CA. Each phone's event log and SIP trace are kept, and a failed step shows their last lines (a
    /// call that never rang says where it stopped). Disposing powers both off and removes the folder.
    /// </summary>
    internal sealed class DirectPhones : IDisposable
    {
        public static readonly TimeSpan Step = TimeSpan.FromSeconds(15);

        private readonly string _work;
        private readonly ThrowawayCa _ca;
        private readonly int _portA, _portB;
        private readonly System.Collections.Generic.List<string> _events = new System.Collections.Generic.List<string>();
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

        public readonly VirtualPhone A;
        public readonly VirtualPhone B;

        /// <summary>1001's RTP port (RTCP one above).</summary>
        public readonly int RtpA;

        /// <param name="name">names the temporary folder</param>
        /// <param name="configA">changes 1001's nf.config text (null: the demo's)</param>
        /// <param name="announcedAddressB">the address 1002's Wi-Fi reports (null: its real one)</param>
        public DirectPhones(string name, Func<string, string> configA = null, string announcedAddressB = null)
        {
            _work = Path.Combine(Path.GetTempPath(), name + "-" + Guid.NewGuid().ToString("N").Substring(0, 10));
            _ca = ThrowawayCa.LoadOrCreate(Path.Combine(_work, "ca"));
            _portA = Demo.FreeSipPort();
            _portB = Demo.FreeSipPort(_portA);
            RtpA = Demo.FreeRtpPair(0);
            int rtpB = Demo.FreeRtpPair(RtpA);
            string textA = Demo.ConfigText("1001", _portA, _portB, RtpA, _ca.CaPem);
            textA = configA == null ? textA : configA(textA);
            A = new VirtualPhone(new VirtualPhoneOptions { Folder = Demo.Volume(_work, "1001", textA, _ca), Log = s => Note("1001", s) });
            B = new VirtualPhone(new VirtualPhoneOptions
            {
                Folder = Demo.Volume(_work, "1002", Demo.ConfigText("1002", _portB, _portA, rtpB, _ca.CaPem), _ca),
                AnnouncedAddress = announcedAddressB,
                Log = s => Note("1002", s),
            });
            A.SipTraced += e => Note("1001", (e.Outbound ? "sent " : "got ") + e + (e.Outbound ? " to " : " from ") + e.Remote);
            B.SipTraced += e => Note("1002", (e.Outbound ? "sent " : "got ") + e + (e.Outbound ? " to " : " from ") + e.Remote);
        }

        private void Note(string phone, string line)
        {
            lock (_events)
            {
                if (_events.Count == 400) _events.RemoveAt(0);
                _events.Add(_clock.ElapsedMilliseconds + " ms [" + phone + "] " + line);
            }
        }

        /// <summary>Both screens and the last 40 lines of both phones' event logs and SIP traces.</summary>
        public string Report()
        {
            lock (_events)
            {
                int from = _events.Count > 40 ? _events.Count - 40 : 0;
                return A.ScreenText() + B.ScreenText() + string.Join("\n", _events.GetRange(from, _events.Count - from));
            }
        }

        /// <summary>Powers both on and waits for their TLS listeners.</summary>
        public void PowerOn()
        {
            A.PowerOn();
            B.PowerOn();
            Assert.True(A.WaitUntil(p => p.SipListenPort == _portA, Step) && B.WaitUntil(p => p.SipListenPort == _portB, Step), "listeners\n" + Report());
        }

        /// <summary>1002 dials 1001 and waits until it rings there.</summary>
        public void BCallsA()
        {
            AppHarness.TapDigits(B, "1001");
            B.Tap(PhoneKey.Call);
            Assert.True(A.WaitUntil(p => p.Machine.State == PhoneState.Incoming, Step), "1001 never rang\n" + Report());
        }

        /// <summary>1001 answers and waits until 1002 is connected.</summary>
        public void AAnswers()
        {
            A.Tap(PhoneKey.Call);
            Assert.True(B.WaitUntil(p => p.Machine.State == PhoneState.Connected, Step), "1002 never connected\n" + Report());
        }

        /// <summary>1002 hangs up; the call ends at 1001 and neither app counted a fault.</summary>
        public void BHangsUp()
        {
            B.Tap(PhoneKey.HangUp);
            Assert.True(A.WaitUntil(p => p.Machine.Current == null, Step), "the call did not end at 1001\n" + Report());
            Assert.Equal(0, A.App.Faults);
            Assert.Equal(0, B.App.Faults);
        }

        public void Dispose()
        {
            A.Dispose();
            B.Dispose();
            _ca.Dispose();
            try { Directory.Delete(_work, true); } catch (IOException) { }
        }
    }
}
