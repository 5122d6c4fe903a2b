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
        public HashSet<int> Ref = new HashSet<int>();
        /// <summary>Parameter names and default-value expressions from a <c>sig</c> line (null when none).</summary>
        public string[] Names;
        public string[] Defaults;
    }

    /// <summary>
    /// What the API lists do not record, written by hand in Shapes/*.shape (one file per assembly,
    /// read from the nanoFramework sources and documentation):
    /// <code>
    /// base    TYPE : BASE[, INTERFACE...]     base class and interfaces
    /// attr    TYPE [Attribute(...)]           attribute on a type (AttributeUsage for attribute classes)
    /// attr    KEY [Attribute(...)]            attribute on a member, KEY as in the lists with its kind letter
    ///                                         ("attr M X.Y():System.Void [global::System.Obsolete("why", true)]"):
    ///                                         Obsolete (true = an error on use) and Conditional
    /// sig     KEY P1, P2 = EXPR, ...          the real parameter names, in order, each optionally preceded by
    ///                                         params/out/ref/in and followed by its default value (a C# constant
    ///                                         expression with global::-qualified type names)
    /// params  KEY                             the last parameter is 'params'
    /// optional KEY-PATTERN N|last             parameters from index N on (or the last one) are optional ('*' matches anything)
    /// out     KEY N                           parameter N is 'out' (byref parameters are 'ref' unless named Try*)
    /// member  TYPE C#-DECLARATION             a non-public member the compiler needs (explicit interface implementations)
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
                if (verb != "base" && verb != "member" && rest.Length > 2 && rest[1] == ' ' && "TCMPEF".IndexOf(rest[0]) >= 0)
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
                        // A type name, or a member key (with its kind letter, stripped above): keys contain no spaces.
                        int s2 = rest.IndexOf(' ');
                        // Several lists may declare the same type (System.Uri in each System.Net.Http package): one attribute each.
                        List<string> attrs = Add(_attrs, rest.Substring(0, s2));
                        string attr = rest.Substring(s2 + 1).Trim();
                        if (!attrs.Contains(attr)) attrs.Add(attr);
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
                    case "sig":
                    {
                        int s2 = rest.IndexOf(' ');
                        string key = s2 < 0 ? rest : rest.Substring(0, s2);
                        string[] parts = s2 < 0 ? new string[0] : SplitTopLevel(rest.Substring(s2 + 1));
                        var names = new string[parts.Length];
                        var defaults = new string[parts.Length];
                        var flags = new string[parts.Length];
                        for (int i = 0; i < parts.Length; i++)
                        {
                            string part = parts[i].Trim();
                            int eq = part.IndexOf(" = ", StringComparison.Ordinal);
                            if (eq >= 0) { defaults[i] = part.Substring(eq + 3).Trim(); part = part.Substring(0, eq).Trim(); }
                            int sp2 = part.IndexOf(' ');
                            if (sp2 >= 0) { flags[i] = part.Substring(0, sp2); part = part.Substring(sp2 + 1).Trim(); }
                            names[i] = part;
                        }
                        _params.Add((Exact(key), s =>
                        {
                            s.Names = names; s.Defaults = defaults;
                            for (int i = 0; i < flags.Length; i++)
                            {
                                if (flags[i] == "params") s.Params = true;
                                else if (flags[i] == "out") s.Out.Add(i);
                                else if (flags[i] == "in") s.In.Add(i);
                                else if (flags[i] == "ref") s.Ref.Add(i);
                                else if (flags[i] != null) throw new InvalidDataException(path + ": unknown parameter modifier '" + flags[i] + "' in sig " + key);
                            }
                        }));
                        break;
                    }
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

        /// <summary>Splits "a, b = (x, y), c" at commas outside parentheses, brackets and quotes.</summary>
        private static string[] SplitTopLevel(string text)
        {
            var parts = new List<string>();
            int depth = 0, start = 0;
            bool quoted = false;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (quoted) { if (c == '\\') i++; else if (c == '"') quoted = false; continue; }
                if (c == '"') quoted = true;
                else if (c == '(' || c == '[') depth++;
                else if (c == ')' || c == ']') depth--;
                else if (c == ',' && depth == 0) { parts.Add(text.Substring(start, i - start)); start = i + 1; }
            }
            parts.Add(text.Substring(start));
            return parts.ToArray();
        }

        private static Regex Exact(string key) => new Regex("^" + Regex.Escape(key) + "$", RegexOptions.CultureInvariant);
        private static Regex Glob(string pattern) => new Regex("^" + Regex.Escape(pattern).Replace("\\*", ".*") + "$", RegexOptions.CultureInvariant);

        public bool HasBaseClass(string type) => _bases.TryGetValue(type, out List<string> b) && b.Count > 0 && _isClass(b[0]);
        public IEnumerable<string> BasesOf(string type) => _bases.TryGetValue(type, out List<string> b) ? b : Enumerable.Empty<string>();
        public IEnumerable<string> AttributesOf(string type) => _attrs.TryGetValue(type, out List<string> a) ? a : Enumerable.Empty<string>();
        public IEnumerable<string> ExtraMembersOf(string type) => _members.TryGetValue(type, out List<string> m) ? m : Enumerable.Empty<string>();
        /// <summary>Attributes of a type (by name) or of a member (by its list key).</summary>
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
