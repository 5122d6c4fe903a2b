using System.Collections;

namespace Phone.Config
{
    /// <summary>
    /// Collects problems up to a bound so a garbage file cannot exhaust the heap; past the bound a single
    /// TooManyErrors entry is added and the parser stops.
    /// </summary>
    public sealed class ConfigErrorList
    {
        /// <summary>Enough to show every mistake of a hand-edited file, small enough for the device heap.</summary>
        public const int MaxErrors = 32;

        private readonly ArrayList _errors = new ArrayList();
        private bool _full;

        /// <summary>True once MaxErrors problems were recorded and TooManyErrors was appended.</summary>
        public bool IsFull { get { return _full; } }

        public int Count { get { return _errors.Count; } }

        public ConfigError this[int index] { get { return (ConfigError)_errors[index]; } }

        public void Add(ConfigErrorCode code, int line, string section, string key, string detail)
        {
            if (_full) return;
            if (_errors.Count >= MaxErrors)
            {
                _errors.Add(new ConfigError(ConfigErrorCode.TooManyErrors, line, null, null, "more than " + MaxErrors.ToString() + " problems; stopped reading"));
                _full = true;
                return;
            }
            _errors.Add(new ConfigError(code, line, section, key, detail));
        }

        public ConfigError[] ToArray()
        {
            ConfigError[] result = new ConfigError[_errors.Count];
            _errors.CopyTo(result, 0);
            return result;
        }
    }
}
