using System.Text;
using nanoFramework.TestFramework;
using Phone.Device.Provisioning;
using Phone.Device.Storage;
using Phone.Tests.Device.Storage;

namespace Phone.Tests.Device.Provisioning
{
    /// <summary>
    /// Security finding 4, items 1 and 2: guessing limits per source address (one LAN host cannot lock the admin
    /// out), exponential lock-outs, a bounded source table, a global budget; an absolute deadline per request.
    /// </summary>
    [TestClass]
    public class ProvisioningLimitTests
    {
        const string Attacker = "192.168.1.66";
        const string AdminHost = "192.168.1.10";
        // base64("admin:open sesame"), computed outside this code base.
        const string Admin = "Authorization: Basic YWRtaW46b3BlbiBzZXNhbWU=\r\n";
        // base64("admin:wrong pass").
        const string WrongAdmin = "Authorization: Basic YWRtaW46d3JvbmcgcGFzcw==\r\n";

        static EndpointFixture WithAdmin()
        {
            EndpointFixture f = new EndpointFixture();
            f.Endpoint.AdminPassword = "open sesame";
            return f;
        }

        [TestMethod]
        public void OneHostGuessingDoesNotLockTheAdminOut()
        {
            EndpointFixture f = WithAdmin();
            for (int i = 0; i < GuessLimiter.FailuresPerLockout; i++)
            {
                Assert.AreEqual(401, EndpointFixture.Status(f.From(Attacker, EndpointFixture.Post(WrongAdmin, StoreTexts.New), 1000)));
            }

            Assert.AreEqual(429, EndpointFixture.Status(f.From(Attacker, EndpointFixture.Post(Admin, StoreTexts.New), 1000)));
            // The admin, from another address, at the same moment.
            Assert.AreEqual(200, EndpointFixture.Status(f.From(AdminHost, EndpointFixture.Post(Admin, StoreTexts.New), 1000)));
        }

        [TestMethod]
        public void LockOutsOfOneSourceDoubleUpToTheCap()
        {
            GuessLimiter g = new GuessLimiter();
            long now = 0;
            long expected = GuessLimiter.FirstLockoutMs;
            for (int round = 0; round < 9; round++)
            {
                for (int i = 0; i < GuessLimiter.FailuresPerLockout; i++)
                {
                    Assert.AreEqual(0L, g.WaitMs(Attacker, now), "source may try before its lock-out");
                    g.Failed(Attacker, now);
                }

                Assert.AreEqual(expected, g.WaitMs(Attacker, now), "lock-out " + round.ToString());
                now += expected;
                // Enough time also passed for the global bucket to refill the 5 tokens spent (10 refill per 10 min).
                now += GuessLimiter.GlobalRefillMs * GuessLimiter.FailuresPerLockout;
                expected = expected * 2 > GuessLimiter.MaxLockoutMs ? GuessLimiter.MaxLockoutMs : expected * 2;
            }

            Assert.AreEqual(GuessLimiter.MaxLockoutMs, expected);
            g.Succeeded(Attacker);
            Assert.AreEqual(0, g.FailuresOf(Attacker));
            Assert.AreEqual(0L, g.WaitMs(Attacker, now));
        }

        [TestMethod]
        public void SuccessForgetsTheSourcesFailures()
        {
            EndpointFixture f = WithAdmin();
            for (int i = 0; i < GuessLimiter.FailuresPerLockout - 1; i++)
            {
                f.From(AdminHost, EndpointFixture.Post(WrongAdmin, StoreTexts.New), 0);
            }

            Assert.AreEqual(GuessLimiter.FailuresPerLockout - 1, f.Endpoint.Limiter.FailuresOf(AdminHost));
            Assert.AreEqual(200, EndpointFixture.Status(f.From(AdminHost, EndpointFixture.Post(Admin, StoreTexts.New), 0)));
            Assert.AreEqual(0, f.Endpoint.Limiter.FailuresOf(AdminHost));
        }

        [TestMethod]
        public void ManySourcesTogetherHitTheGlobalBudget()
        {
            EndpointFixture f = WithAdmin();
            // GlobalBurst sources, one guess each: none is locked by itself, the budget is spent.
            for (int i = 0; i < GuessLimiter.GlobalBurst; i++)
            {
                Assert.AreEqual(401, EndpointFixture.Status(f.From("10.0.0." + i.ToString(), EndpointFixture.Post("X-Phone-Code: 000000\r\n", StoreTexts.New), 0)));
            }

            // A fresh source gets no guess now: not even the right code is checked.
            string r = f.From("10.0.1.1", EndpointFixture.Post("X-Phone-Code: 123456\r\n", StoreTexts.New), 0);
            Assert.AreEqual(429, EndpointFixture.Status(r));
            Assert.Contains("Retry-After: 60\r\n", r);
            f.Unchanged();
            // One token per minute comes back.
            Assert.AreEqual(429, EndpointFixture.Status(f.From("10.0.1.1", EndpointFixture.Post("X-Phone-Code: 123456\r\n", StoreTexts.New), GuessLimiter.GlobalRefillMs - 1)));
            Assert.AreEqual(200, EndpointFixture.Status(f.From("10.0.1.1", EndpointFixture.Post("X-Phone-Code: 123456\r\n", StoreTexts.New), GuessLimiter.GlobalRefillMs)));
        }

        [TestMethod]
        public void GlobalRateIsBoundedWhateverTheNumberOfSources()
        {
            GuessLimiter g = new GuessLimiter();
            int guesses = 0;
            // Ten hours of an attacker with 1000 addresses trying every second.
            for (long now = 0; now < 36000000; now += 1000)
            {
                string source = "10.1." + ((now / 1000) % 1000).ToString();
                if (g.WaitMs(source, now) == 0)
                {
                    g.Failed(source, now);
                    guesses++;
                }
            }

            Assert.IsTrue(guesses <= GuessLimiter.GlobalBurst + 600, "guesses " + guesses.ToString());
        }

        [TestMethod]
        public void SourceTableIsBoundedAndEvictsTheOldest()
        {
            GuessLimiter g = new GuessLimiter();
            g.Failed("first", 0);
            for (int i = 1; i < GuessLimiter.MaxSources; i++)
            {
                g.Failed("s" + i.ToString(), i);
            }

            Assert.AreEqual(1, g.FailuresOf("first"));
            g.Failed("newcomer", 100);
            Assert.AreEqual(0, g.FailuresOf("first"), "least recently seen source evicted");
            Assert.AreEqual(1, g.FailuresOf("s1"));
            Assert.AreEqual(1, g.FailuresOf("newcomer"));
        }

        [TestMethod]
        public void TricklingClientIsCutOffAtTheAbsoluteDeadline()
        {
            EndpointFixture f = WithAdmin();
            byte[] request = Encoding.UTF8.GetBytes(EndpointFixture.Post(Admin, StoreTexts.New));
            ProvisioningConnection c = f.Endpoint.Accept(Attacker, 0);
            long now = 0;
            int i = 0;
            // One byte every 2 s: an idle timer of 10 s would never fire.
            while (!c.IsComplete && i < request.Length)
            {
                c.Receive(request, i, 1, now);
                i++;
                now += 2000;
            }

            Assert.IsTrue(c.IsComplete, "still open after " + now.ToString() + " ms");
            Assert.IsTrue(now <= ProvisioningConnection.RequestDeadlineMs + 4000, "cut at " + now.ToString());
            Assert.AreEqual(408, c.Response.Status);
            f.Unchanged();
        }

        [TestMethod]
        public void SilentClientExpiresWithoutSendingAnything()
        {
            EndpointFixture f = WithAdmin();
            ProvisioningConnection c = f.Endpoint.Accept(Attacker, 5000);
            Assert.IsFalse(c.Expire(5000 + ProvisioningConnection.RequestDeadlineMs - 1));
            Assert.IsTrue(c.Expire(5000 + ProvisioningConnection.RequestDeadlineMs));
            Assert.AreEqual(408, c.Response.Status);
        }

        [TestMethod]
        public void ARequestWithinTheDeadlineIsServed()
        {
            EndpointFixture f = WithAdmin();
            byte[] request = Encoding.UTF8.GetBytes(EndpointFixture.Post(Admin, StoreTexts.New));
            ProvisioningConnection c = f.Endpoint.Accept(AdminHost, 0);
            Assert.IsFalse(c.Expire(ProvisioningConnection.RequestDeadlineMs - 1));
            c.Receive(request, 0, request.Length, ProvisioningConnection.RequestDeadlineMs - 1);
            Assert.AreEqual(200, c.Response.Status);
        }
    }
}
