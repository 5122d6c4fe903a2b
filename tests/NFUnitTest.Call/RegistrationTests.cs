using nanoFramework.TestFramework;
using Phone.Call;
using Phone.Sip.Registration;

namespace Phone.Tests.Call
{
    /// <summary>Registration status as icon and idle text, with the retry countdown on the virtual clock.</summary>
    [TestClass]
    public class RegistrationTests
    {
        [TestMethod]
        public void RegisteringThenRegistered()
        {
            PhoneStateMachine m = PhoneScript.New();
            m.Handle(PhoneEvent.RegistrationChanged(RegistrationState.Registering, 0, null, 0), 0);
            PhoneScript.Status(m, "R~               ....");
            PhoneScript.Body(m, "Desk 100", "", "Registering...", "", "", "", "");
            m.Handle(PhoneEvent.RegistrationChanged(RegistrationState.Registered, 200, "OK", 0), 100);
            PhoneScript.Status(m, "R+               ....");
            PhoneScript.Body(m, "Desk 100", "", "Registered", "", "", "", "");
            Assert.AreEqual("", PhoneScript.Take(m));
        }

        [TestMethod]
        public void FailureShowsReasonAndCountsDownTheRetry()
        {
            PhoneStateMachine m = PhoneScript.New();
            m.Handle(PhoneEvent.RegistrationChanged(RegistrationState.Failed, 403, "Forbidden", 30000), 1000);
            PhoneScript.Status(m, "R!               ....");
            PhoneScript.Body(m, "Desk 100", "", "Reg failed 403", "Forbidden", "Retry in 30s", "", "");
            Assert.AreEqual(2000L, m.NextDeadlineMs);
            m.Tick(2000);
            PhoneScript.Body(m, "Desk 100", "", "Reg failed 403", "Forbidden", "Retry in 29s", "", "");
            m.Tick(30500);
            PhoneScript.Body(m, "Desk 100", "", "Reg failed 403", "Forbidden", "Retry in 1s", "", "");
            Assert.AreEqual(31000L, m.NextDeadlineMs);
            m.Tick(31000);
            PhoneScript.Body(m, "Desk 100", "", "Reg failed 403", "Forbidden", "", "", "");
            Assert.AreEqual(PhoneStateMachine.NoDeadline, m.NextDeadlineMs);
        }

        [TestMethod]
        public void TransportFailureWithoutStatus()
        {
            PhoneStateMachine m = PhoneScript.New();
            m.Handle(PhoneEvent.RegistrationChanged(RegistrationState.Failed, 0, "DNS lookup failed", 0), 0);
            PhoneScript.Body(m, "Desk 100", "", "Reg failed", "DNS lookup failed", "", "", "");
        }

        [TestMethod]
        public void EveryIconAtOnce()
        {
            PhoneStateMachine m = PhoneScript.New();
            m.Handle(PhoneEvent.RegistrationChanged(RegistrationState.Registered, 200, "OK", 0), 0);
            m.Handle(PhoneEvent.NetworkChanged(4), 0);
            m.Press(PhoneKey.Dnd, 0);
            for (int i = 1; i <= 12; i++) m.Handle(PhoneEvent.IncomingCall(i, "Spam", "sip:spam@example.org"), 100);
            PhoneScript.Keys(m, "200#", 200);
            m.Handle(PhoneEvent.CallAnswered(-1), 300);
            m.Handle(PhoneEvent.MediaStats(-1, true, 0), 400);
            m.Press(PhoneKey.Mute, 500);
            PhoneScript.Status(m, "R+ L M D *12     ||||");
            m.Handle(PhoneEvent.NetworkChanged(1), 600);
            PhoneScript.Status(m, "R+ L M D *12     |...");
        }
    }
}
