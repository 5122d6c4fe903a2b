using nanoFramework.TestFramework;
using Phone.Call;

namespace Phone.Tests.Call
{
    /// <summary>
    /// The Transfer key: blind (type a target in a call, then Transfer/Call/#), attended (a held and an active
    /// call joined), the outcome of our REFER, and a call replaced by the SIP side (we were transferred).
    /// </summary>
    [TestClass]
    public class TransferKeyTests
    {
        /// <summary>Outgoing call -1 to 200, answered at 0 s.</summary>
        private static PhoneStateMachine Connected()
        {
            PhoneStateMachine m = PhoneScript.New();
            PhoneScript.Keys(m, "200#", 0);
            m.Handle(PhoneEvent.CallAnswered(-1), 0);
            PhoneScript.Take(m);
            return m;
        }

        [TestMethod]
        public void BlindTransferTypesATargetThenSendsItAndTheCallEndsWhenItSucceeds()
        {
            PhoneStateMachine m = Connected();
            m.Press(PhoneKey.Transfer, 1000);
            PhoneScript.Keys(m, "1003", 1500);
            // Digits are the target now, not DTMF.
            Assert.AreEqual("", PhoneScript.Take(m));
            PhoneScript.Body(m, "Transfer to:", "200", "00:01", "", "", "1003", "Xfer:send  End:back");
            m.Press(PhoneKey.Transfer, 2000);
            Assert.AreEqual("Transfer -1 sip:1003@example.com", PhoneScript.Take(m));
            PhoneScript.Body(m, "Transferring...", "200", "00:02", "", "", "", "");

            m.Handle(PhoneEvent.TransferResult(-1, 200, "transferred"), 3000);
            PhoneScript.StateIs(m, PhoneState.Ended);
            PhoneScript.Body(m, "Call ended", "200", "Transferred", "00:03", "", "", "");
        }

        [TestMethod]
        public void AFailedTransferLeavesTheCallAndSaysWhy()
        {
            PhoneStateMachine m = Connected();
            m.Press(PhoneKey.Transfer, 1000);
            PhoneScript.Keys(m, "1003", 1000);
            m.Press(PhoneKey.Call, 1000);
            Assert.AreEqual("Transfer -1 sip:1003@example.com", PhoneScript.Take(m));
            m.Handle(PhoneEvent.TransferResult(-1, 486, "transfer failed"), 2000);
            PhoneScript.StateIs(m, PhoneState.Connected);
            PhoneScript.Body(m, "Connected", "200", "00:02", "", "", "", "Transfer failed 486");
            // The keys are the call's again.
            m.Press(PhoneKey.D5, 2500);
            Assert.AreEqual("Dtmf -1 5", PhoneScript.Take(m));
        }

        [TestMethod]
        public void EndAbandonsTheTargetAndLeftDeletesADigit()
        {
            PhoneStateMachine m = Connected();
            m.Press(PhoneKey.Transfer, 1000);
            PhoneScript.Keys(m, "12", 1000);
            m.Press(PhoneKey.Left, 1000);
            PhoneScript.Body(m, "Transfer to:", "200", "00:01", "", "", "1", "Xfer:send  End:back");
            m.Press(PhoneKey.HangUp, 1000);
            Assert.AreEqual("", PhoneScript.Take(m));
            PhoneScript.StateIs(m, PhoneState.Connected);
            PhoneScript.Body(m, "Connected", "200", "00:01", "", "", "", "");
            // Transfer with nothing typed sends nothing either.
            m.Press(PhoneKey.Transfer, 1000);
            m.Press(PhoneKey.Transfer, 1000);
            Assert.AreEqual("", PhoneScript.Take(m));
        }

        [TestMethod]
        public void AttendedTransferJoinsTheHeldCallToTheActiveOne()
        {
            PhoneStateMachine m = Connected();
            m.Handle(PhoneEvent.IncomingCall(7, "Bob", "sip:bob@example.org"), 1000);
            m.Press(PhoneKey.Call, 2000);
            PhoneScript.Take(m);
            // -1 (200) is held, 7 (Bob) active: the held party is referred to Bob, taking over Bob's call.
            m.Press(PhoneKey.Transfer, 3000);
            Assert.AreEqual("Transfer -1 replacing 7", PhoneScript.Take(m));
            m.Handle(PhoneEvent.TransferResult(-1, 200, "transferred"), 4000);
            // The held call is gone; Bob's call ends when Bob's side sends BYE (RFC 3891 §3).
            PhoneScript.Body(m, "Connected", "Bob", "00:02", "", "", "", "");
            m.Handle(PhoneEvent.RemoteHangup(7), 4100);
            PhoneScript.StateIs(m, PhoneState.Ended);
        }

        [TestMethod]
        public void TransferOffMakesTheKeyDoNothing()
        {
            Phone.Config.PhoneConfig c = PhoneScript.Config();
            c.Call.Transfer = false;
            PhoneStateMachine m = PhoneScript.New(c);
            PhoneScript.Keys(m, "200#", 0);
            m.Handle(PhoneEvent.CallAnswered(-1), 0);
            PhoneScript.Take(m);
            m.Press(PhoneKey.Transfer, 1000);
            m.Press(PhoneKey.D1, 1000);
            Assert.AreEqual("Dtmf -1 1", PhoneScript.Take(m));
        }

        [TestMethod]
        public void AReplacedCallKeepsItsPlaceWithTheNewParty()
        {
            PhoneStateMachine m = Connected();
            m.Handle(PhoneEvent.RemoteHold(-1, true), 1000);
            m.Handle(PhoneEvent.CallReplaced(5, -1, null, "sip:carol@example.com"), 5000);
            PhoneScript.StateIs(m, PhoneState.Connected);
            Assert.AreEqual(5, m.Current.Id);
            PhoneScript.Body(m, "Connected", "sip:carol@example.com", "00:00", "", "", "", "");
            // The new call is the one the keys act on.
            m.Press(PhoneKey.HangUp, 6000);
            Assert.AreEqual("HangUp 5", PhoneScript.Take(m));
        }
    }
}
