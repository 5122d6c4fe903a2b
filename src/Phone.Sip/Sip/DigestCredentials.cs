
namespace Phone.Sip
{
    /// <summary>
    /// A user name and password for one realm, or for any realm when <see cref="Realm"/> is null
    /// (RFC 3261 §22.2: default credentials). The password is never returned by any member of this class and
    /// never appears in <see cref="ToString"/>.
    /// </summary>
    public sealed class DigestCredentials
    {
        /// <summary>Credentials for <paramref name="realm"/> (null: the default for any realm).</summary>
        public DigestCredentials(string username, string password, string realm)
        {
            Username = username == null ? string.Empty : username;
            Password = password == null ? string.Empty : password;
            Realm = realm;
        }

        /// <summary>The digest user name (RFC 3261 §22.4 "username").</summary>
        public string Username { get; private set; }

        /// <summary>The realm these credentials are for; null for the default credentials.</summary>
        public string Realm { get; private set; }

        /// <summary>Readable only inside Phone.Core, for hashing (RFC 7616 §3.4.2 A1).</summary>
        internal string Password { get; private set; }

        /// <summary>
        /// The credentials of an nf.config [sip] section: auth_user (or user) and password, for sip.realm when it is
        /// set, else for any realm. "Any realm" never means any challenger: SipRegistration and SipCallAgent answer
        /// only what their DigestRealmPolicy allows (the registrar's realm, through our own proxy).
        /// </summary>
        public static DigestCredentials FromSettings(SipSettings sip)
        {
            string user = sip.AuthUser;
            if (user == null || user.Length == 0)
            {
                user = sip.User;
            }

            string realm = sip.Realm == null || sip.Realm.Length == 0 ? null : sip.Realm;
            return new DigestCredentials(user, sip.Password, realm);
        }

        /// <summary>User name and realm only.</summary>
        public override string ToString()
        {
            return "DigestCredentials(" + Username + " @ " + (Realm == null ? "*" : Realm) + ")";
        }
    }
}
