using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace Phone.TargetCheck
{
    public sealed class ParameterShape
    {
        public static readonly ParameterShape None = new ParameterShape();
        public bool Params;
        public int OptionalFrom = -1;
        public HashSet<int> Out = new HashSet<int>();
        public HashSet<int> In = new HashSet<int>();
    }

    /// <summary>
    /// What the API lists do not record, written by hand in Shapes/*.shape (one file per assembly,
    /// read from the nanoFramework sources and documentation):
    /// <code>
    /// base    TYPE : BASE[, INTERFACE...]     base class and interfaces
    /// attr    TYPE [Attribute(...)]           attribute on a type (AttributeUsage for attribute classes)
    /// params  KEY                             the last parameter is 'params'
    /// optional KEY-PATTERN N|last             parameters from index N on (or the last one) are optional ('*' matches anything)
    /// out     KEY N                           parameter N is 'out' (byref parameters are 'ref' unless named Try*)
    /// member  TYPE C#-DECLARATION             a non-public member the compiler needs (explicit interface implementations)
    /// abstract TYPE                           the class is abstract (it inherits abstract members it does not override publicly)
    /// omit    KEY                             not generated (with the reason in a comment)
    /// </code>
    /// Anything a shape adds that is public shows up in the conformance check against the lists.
    /// </summary>
    public sealed class Shapes
    {
        private readonly Dictionary<string, List<string>> _bases = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        private readonly Dictionary<string, List<string>> _attrs = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        private readonly Dictionary<string, List<string>> _members = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        private readonly List<(Regex pattern, Action<ParameterShape> apply)> _params = new List<(Regex, Action<ParameterShape>)>();
        private readonly HashSet<string> _abstract = new HashSet<string>(StringComparer.Ordinal);
        private readonly HashSet<string> _omit = new HashSet<string>(StringComparer.Ordinal);
        private readonly Func<string, bool> _isClass;

        public Shapes(Func<string, bool> isClass) { _isClass = isClass; }

        public void Load(string path)
        {
            int n = 0;
            foreach (string raw in File.ReadAllLines(path))
            {
                n++;
                string line = raw.Trim();
                if (line.Length == 0 || line.StartsWith("#", StringComparison.Ordinal)) continue;
                int sp = line.IndexOf(' ');
                string verb = sp < 0 ? line : line.Substring(0, sp);
                string rest = sp < 0 ? "" : line.Substring(sp + 1).Trim();
                // Keys may be written as in the lists, with their kind letter ("M System.String.Format(...)").
                if (verb != "base" && verb != "attr" && verb != "member" && verb != "abstract" && rest.Length > 2 && rest[1] == ' ' && "TCMPEF".IndexOf(rest[0]) >= 0)
                    rest = rest.Substring(2);
                switch (verb)
                {
                    case "base":
                    {
                        int colon = rest.IndexOf(" : ", StringComparison.Ordinal);
                        string type = rest.Substring(0, colon).Trim();
                        Add(_bases, type).AddRange(rest.Substring(colon + 3).Split(',').Select(s => s.Trim()));
                        break;
                    }
                    case "attr":
                    {
                        int s2 = rest.IndexOf(' ');
                        Add(_attrs, rest.Substring(0, s2)).Add(rest.Substring(s2 + 1));
                        break;
                    }
                    case "member":
                    {
                        int s2 = rest.IndexOf(' ');
                        Add(_members, rest.Substring(0, s2)).Add(rest.Substring(s2 + 1));
                        break;
                    }
                    case "params":
                        _params.Add((Exact(rest), s => s.Params = true));
                        break;
                    case "optional":
                    {
                        int s2 = rest.LastIndexOf(' ');
                        string arg = rest.Substring(s2 + 1);
                        int from = arg == "last" ? int.MinValue : int.Parse(arg);
                        _params.Add((Glob(rest.Substring(0, s2)), s => s.OptionalFrom = from));
                        break;
                    }
                    case "out":
                    case "in":
                    {
                        int s2 = rest.LastIndexOf(' ');
                        int index = int.Parse(rest.Substring(s2 + 1));
                        bool isOut = verb == "out";
                        _params.Add((Exact(rest.Substring(0, s2)), s => (isOut ? s.Out : s.In).Add(index)));
                        break;
                    }
                    case "abstract":
                        _abstract.Add(rest);
                        break;
                    case "omit":
                        _omit.Add(rest);
                        break;
                    default:
                        throw new InvalidDataException(path + "(" + n + "): unknown shape verb '" + verb + "'");
                }
            }
        }

        private static List<string> Add(Dictionary<string, List<string>> d, string key)
        {
            if (!d.TryGetValue(key, out List<string> l)) d[key] = l = new List<string>();
            return l;
        }

        private static Regex Exact(string key) => new Regex("^" + Regex.Escape(key) + "$", RegexOptions.CultureInvariant);
        private static Regex Glob(string pattern) => new Regex("^" + Regex.Escape(pattern).Replace("\\*", ".*") + "$", RegexOptions.CultureInvariant);

        public bool HasBaseClass(string type) => _bases.TryGetValue(type, out List<string> b) && b.Count > 0 && _isClass(b[0]);
        public IEnumerable<string> BasesOf(string type) => _bases.TryGetValue(type, out List<string> b) ? b : Enumerable.Empty<string>();
        public IEnumerable<string> AttributesOf(string type) => _attrs.TryGetValue(type, out List<string> a) ? a : Enumerable.Empty<string>();
        public IEnumerable<string> ExtraMembersOf(string type) => _members.TryGetValue(type, out List<string> m) ? m : Enumerable.Empty<string>();
        public bool IsAbstract(string type) => _abstract.Contains(type);
        public bool IsOmitted(string key) => _omit.Contains(key);

        public ParameterShape ParametersOf(string key)
        {
            ParameterShape shape = null;
            foreach ((Regex pattern, Action<ParameterShape> apply) in _params)
            {
                if (!pattern.IsMatch(key)) continue;
                shape ??= new ParameterShape();
                apply(shape);
            }
            return shape ?? ParameterShape.None;
        }
    }
}
