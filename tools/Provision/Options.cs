using System;
using System.Collections.Generic;

namespace Phone.Tools.Provision
{
    /// <summary>"--name value" options and positional arguments of one command line.</summary>
    public sealed class Options
    {
        private readonly Dictionary<string, List<string>> _named = new Dictionary<string, List<string>>(StringComparer.Ordinal);

        public List<string> Positional { get; } = new List<string>();

        public string Error { get; private set; }

        /// <param name="flags">Options that take no value.</param>
        public static Options Parse(string[] args, int start, params string[] flags)
        {
            var o = new Options();
            for (int i = start; i < args.Length; i++)
            {
                string a = args[i];
                if (a.StartsWith("--", StringComparison.Ordinal) && a.Length > 2)
                {
                    string name = a.Substring(2);
                    string value = "true";
                    if (Array.IndexOf(flags, name) < 0)
                    {
                        if (i + 1 >= args.Length)
                        {
                            o.Error = a + " needs a value";
                            return o;
                        }

                        value = args[++i];
                    }

                    if (!o._named.TryGetValue(name, out var list)) o._named[name] = list = new List<string>();
                    list.Add(value);
                }
                else
                {
                    o.Positional.Add(a);
                }
            }

            return o;
        }

        public string Get(string name) => _named.TryGetValue(name, out var l) ? l[l.Count - 1] : null;

        public IReadOnlyList<string> All(string name) => _named.TryGetValue(name, out var l) ? l : (IReadOnlyList<string>)Array.Empty<string>();

        public bool Has(string name) => _named.ContainsKey(name);

        /// <summary>Names given that are not in <paramref name="known"/>, for a clear usage error.</summary>
        public string Unknown(params string[] known)
        {
            foreach (string k in _named.Keys)
            {
                if (Array.IndexOf(known, k) < 0) return "--" + k;
            }

            return null;
        }
    }
}
