using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Phone.TargetCheck
{
    /// <summary>One line of a nanoFramework API list (see tools/TargetCheck/Api/README.md).</summary>
    public sealed class ApiEntry
    {
        public char Kind;            // T C M P E F
        public string Key;           // canonical key, compared as-is with what metadata yields
        public string TypeName;      // declaring type (for T: the type itself)
        public string MemberName;    // null for T; ".ctor" for C
        public string[] Parameters;  // for C/M and indexers; empty otherwise
        public string ValueType;     // return/property/field/event type
        public bool IsStatic;
        public HashSet<string> Modifiers = new HashSet<string>();
        public string Value;         // const value text, or null
        public string TypeKind;      // for T: class, struct, interface, delegate, enum
        public string EnumUnderlying;// for enums
        public string Assembly;
        public int Line;

        public bool Has(string modifier) => Modifiers.Contains(modifier);
        public override string ToString() => Kind + " " + Key;
    }

    /// <summary>Reads the API lists: one file per assembly, one member per line.</summary>
    public sealed class ApiList
    {
        public string Assembly { get; }
        public List<ApiEntry> Entries { get; } = new List<ApiEntry>();

        public ApiList(string assembly) { Assembly = assembly; }

        public IEnumerable<ApiEntry> Types => Entries.Where(e => e.Kind == 'T');

        public static ApiList Load(string path)
        {
            var list = new ApiList(Path.GetFileNameWithoutExtension(path));
            int n = 0;
            foreach (string raw in File.ReadAllLines(path))
            {
                n++;
                string line = raw.TrimEnd();
                if (line.Length < 3 || line[1] != ' ' || "TCMPEF".IndexOf(line[0]) < 0) continue;
                list.Entries.Add(Parse(line, list.Assembly, n));
            }
            return list;
        }

        public static ApiEntry Parse(string line, string assembly, int lineNumber)
        {
            var e = new ApiEntry { Kind = line[0], Assembly = assembly, Line = lineNumber };
            string rest = line.Substring(2);
            int sp = KeyEnd(rest);
            e.Key = rest.Substring(0, sp);
            string tail = rest.Substring(sp);
            int eq = tail.IndexOf(" = ", StringComparison.Ordinal);
            if (eq >= 0) { e.Value = tail.Substring(eq + 3); tail = tail.Substring(0, eq); }
            int bar = tail.IndexOf('|');
            string before = bar >= 0 ? tail.Substring(0, bar) : tail;
            string mods = bar >= 0 ? tail.Substring(bar + 1) : "";
            if (before.Trim() == "static") e.IsStatic = true;
            foreach (string m in mods.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (e.Kind == 'T' && (m == "class" || m == "struct" || m == "interface" || m == "delegate" || m.StartsWith("enum")))
                {
                    e.TypeKind = m.StartsWith("enum") ? "enum" : m;
                    if (m.StartsWith("enum:")) e.EnumUnderlying = m.Substring(5);
                }
                else e.Modifiers.Add(m);
            }
            SplitKey(e);
            return e;
        }

        // The key ends at the first space outside parentheses (keys themselves contain no spaces).
        private static int KeyEnd(string s)
        {
            int i = s.IndexOf(' ');
            return i < 0 ? s.Length : i;
        }

        private static void SplitKey(ApiEntry e)
        {
            string k = e.Key;
            e.Parameters = new string[0];
            if (e.Kind == 'T') { e.TypeName = k; return; }
            string head = k;
            int paren = k.IndexOf('(');
            int colon = k.LastIndexOf(':');
            if (paren >= 0)
            {
                int close = k.LastIndexOf(')');
                string ps = k.Substring(paren + 1, close - paren - 1);
                e.Parameters = ps.Length == 0 ? new string[0] : ps.Split(',');
                head = k.Substring(0, paren);
                if (close + 1 < k.Length && k[close + 1] == ':') e.ValueType = k.Substring(close + 2);
            }
            else if (colon >= 0)
            {
                head = k.Substring(0, colon);
                e.ValueType = k.Substring(colon + 1);
            }
            if (e.Kind == 'C')
            {
                int c = head.LastIndexOf("..ctor", StringComparison.Ordinal);
                e.TypeName = head.Substring(0, c);
                e.MemberName = ".ctor";
                return;
            }
            int dot = head.LastIndexOf('.');
            e.TypeName = head.Substring(0, dot);
            e.MemberName = head.Substring(dot + 1);
        }
    }
}
