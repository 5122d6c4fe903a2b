using System;
using System.Collections.Generic;
using System.Linq;

namespace Phone.TargetCheck
{
    /// <summary>
    /// All types of all loaded API lists: which assembly declares each, which are nested (the lists
    /// join nested names with '.', so a prefix that is itself a type is the enclosing type), and
    /// which assemblies each assembly depends on.
    /// </summary>
    public sealed class TypeIndex
    {
        private readonly Dictionary<string, ApiEntry> _types = new Dictionary<string, ApiEntry>(StringComparer.Ordinal);
        private readonly Dictionary<string, List<ApiEntry>> _members = new Dictionary<string, List<ApiEntry>>(StringComparer.Ordinal);
        private readonly Dictionary<string, List<ApiEntry>> _nested = new Dictionary<string, List<ApiEntry>>(StringComparer.Ordinal);
        public List<string> Assemblies { get; } = new List<string>();
        public Dictionary<string, ApiList> Lists { get; } = new Dictionary<string, ApiList>(StringComparer.Ordinal);

        public TypeIndex(IEnumerable<ApiList> lists)
        {
            foreach (ApiList list in lists)
            {
                Assemblies.Add(list.Assembly);
                Lists[list.Assembly] = list;
                foreach (ApiEntry t in list.Types) _types[t.TypeName] = t;
            }
            foreach (ApiList list in Lists.Values)
            {
                foreach (ApiEntry e in list.Entries)
                {
                    if (e.Kind == 'T')
                    {
                        string parent = ParentOf(e.TypeName);
                        if (parent != null) Get(_nested, Key(list.Assembly, parent)).Add(e);
                    }
                    else Get(_members, Key(list.Assembly, e.TypeName)).Add(e);
                }
            }
        }

        private static List<ApiEntry> Get(Dictionary<string, List<ApiEntry>> d, string key)
        {
            if (!d.TryGetValue(key, out List<ApiEntry> l)) d[key] = l = new List<ApiEntry>();
            return l;
        }

        public bool IsType(string name) => _types.ContainsKey(name);
        public ApiEntry Type(string name) => _types.TryGetValue(name, out ApiEntry t) ? t : null;

        public string ParentOf(string typeName)
        {
            for (int dot = typeName.LastIndexOf('.'); dot > 0; dot = typeName.LastIndexOf('.', dot - 1))
            {
                string prefix = typeName.Substring(0, dot);
                if (_types.ContainsKey(prefix)) return prefix;
            }
            return null;
        }

        public string NamespaceOf(string typeName)
        {
            string outer = typeName;
            for (string p = ParentOf(outer); p != null; p = ParentOf(outer)) outer = p;
            int dot = outer.LastIndexOf('.');
            return dot < 0 ? "" : outer.Substring(0, dot);
        }

        public string SimpleName(string typeName)
        {
            string parent = ParentOf(typeName);
            if (parent != null) return typeName.Substring(parent.Length + 1);
            int dot = typeName.LastIndexOf('.');
            return dot < 0 ? typeName : typeName.Substring(dot + 1);
        }

        // Members and nested types are kept per assembly: a type may appear in several lists (System.Net.Http,
        // .Client and .Server each declare System.Uri, HttpContent...), and each list declares its own copy.
        private static string Key(string assembly, string typeName) => assembly + "|" + typeName;
        public List<ApiEntry> MembersOf(string assembly, string typeName) => _members.TryGetValue(Key(assembly, typeName), out List<ApiEntry> l) ? l : new List<ApiEntry>();
        public List<ApiEntry> NestedTypesOf(string assembly, string typeName) => _nested.TryGetValue(Key(assembly, typeName), out List<ApiEntry> l) ? l : new List<ApiEntry>();

        /// <summary>Assemblies whose types appear in <paramref name="assembly"/>'s signatures (its references).</summary>
        public IEnumerable<string> DependenciesOf(string assembly, IEnumerable<string> extraTypeNames)
        {
            var deps = new HashSet<string>(StringComparer.Ordinal);
            var own = new HashSet<string>(Lists[assembly].Types.Select(t => t.TypeName), StringComparer.Ordinal);
            IEnumerable<string> names = Lists[assembly].Entries.SelectMany(e => e.Parameters.Concat(new[] { e.ValueType, e.EnumUnderlying }))
                                                               .Concat(extraTypeNames);
            foreach (string raw in names)
            {
                if (raw == null) continue;
                string n = raw.TrimEnd('&').Replace("[]", "");
                if (own.Contains(n)) continue; // declared here (also when another list declares it too)
                if (_types.TryGetValue(n, out ApiEntry t) && t.Assembly != assembly) deps.Add(t.Assembly);
            }
            if (assembly != "mscorlib") deps.Add("mscorlib");
            return deps;
        }
    }
}
