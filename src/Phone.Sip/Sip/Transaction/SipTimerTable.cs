namespace Phone.Sip.Transaction
{
    /// <summary>
    /// The armed timers of one transaction: which SipTimer is set and when it falls due, on the virtual clock.
    /// RFC 3261 §17 never runs more than two timers of one transaction at once — a retransmission timer (A, E, G)
    /// beside a timeout (B, F, H) — so the table has those two slots; every other timer (D, I, J, K, L, M, Trying)
    /// runs alone and takes the second slot. Arming a timer replaces the one in its slot. No allocation.
    /// </summary>
    internal sealed class SipTimerTable
    {
        /// <summary>Deadline of a timer that is not armed.</summary>
        public const long Off = long.MaxValue;

        private SipTimer _retransmit;
        private long _retransmitAt = Off;
        private SipTimer _other;
        private long _otherAt = Off;

        /// <summary>Sets timer to fall due at atMs (RFC 3261 Table 4 gives the durations).</summary>
        public void Arm(SipTimer timer, long atMs)
        {
            if (IsRetransmission(timer))
            {
                _retransmit = timer;
                _retransmitAt = atMs;
            }
            else
            {
                _other = timer;
                _otherAt = atMs;
            }
        }

        /// <summary>Cancels timer when it is armed; another timer in its slot stays.</summary>
        public void Stop(SipTimer timer)
        {
            if (_retransmitAt != Off && _retransmit == timer)
            {
                _retransmitAt = Off;
            }
            else if (_otherAt != Off && _other == timer)
            {
                _otherAt = Off;
            }
        }

        public void StopAll()
        {
            _retransmitAt = Off;
            _otherAt = Off;
        }

        /// <summary>When timer falls due, or Off when it is not armed.</summary>
        public long DeadlineOf(SipTimer timer)
        {
            if (_retransmitAt != Off && _retransmit == timer)
            {
                return _retransmitAt;
            }

            return _otherAt != Off && _other == timer ? _otherAt : Off;
        }

        /// <summary>The earliest deadline, or Off when nothing is armed.</summary>
        public long NextDeadlineMs
        {
            get { return _retransmitAt <= _otherAt ? _retransmitAt : _otherAt; }
        }

        /// <summary>The timer due at NextDeadlineMs (the retransmission timer on a tie); meaningless when nothing is armed.</summary>
        public SipTimer NextTimer
        {
            get { return _retransmitAt <= _otherAt ? _retransmit : _other; }
        }

        private static bool IsRetransmission(SipTimer timer)
        {
            return timer == SipTimer.A || timer == SipTimer.E || timer == SipTimer.G;
        }
    }
}
