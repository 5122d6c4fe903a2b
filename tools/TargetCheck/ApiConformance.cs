using System;
using System.Collections.Generic;
using System.Linq;

namespace Phone.TargetCheck
{
    /// <summary>
    /// Compares a compiled assembly's public surface with its API list. A member, constant or enum
    /// value the list lacks is a defect (the device does not have it); so is a list member we fail
    /// to declare, unless a shape omits it on purpose.
    /// </summary>
    public static class ApiConformance
    {
        public static List<string> Compare(ApiList list, byte[] image, Func<string, bool> omitted = null)
        {
            var problems = new List<string>();
            var expected = new Dictionary<string, ApiEntry>(StringComparer.Ordinal);
            foreach (ApiEntry e in list.Entries) expected[e.Kind + " " + e.Key] = e;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (MetadataApi.Member m in MetadataApi.Read(image))
            {
                string id = m.Kind + " " + m.Key;
                seen.Add(id);
                if (!expected.TryGetValue(id, out ApiEntry e))
                {
                    if (IsDelegateMachinery(list, m)) continue;
                    problems.Add("not in " + list.Assembly + ".txt (the device lacks it): " + m);
                    continue;
                }
                if (m.Kind == 'T' && e.TypeKind != null && m.TypeKind != e.TypeKind)
                    problems.Add("kind differs: " + id + " is " + m.TypeKind + ", list says " + e.TypeKind);
                if (m.Kind != 'T' && m.Kind != 'C' && m.IsStatic != e.IsStatic)
                    problems.Add("static differs: " + id);
                if (m.Kind == 'T' || (m.Kind == 'F' && e.Value == null) || m.Kind == 'M' || m.Kind == 'P' || m.Kind == 'E')
                {
                    var want = new HashSet<string>(e.Modifiers.Where(x => (m.Kind == 'T' ? TypeModifiers : m.Kind == 'F' ? FieldModifiers : MemberModifiers).Contains(x)), StringComparer.Ordinal);
                    if (!want.SetEquals(m.Modifiers))
                        problems.Add("modifiers differ: " + id + " is " + Show(m.Modifiers) + ", list says " + Show(want));
                }
                if (e.Value != null || m.Value != null)
                {
                    if (!SameValue(e.Value, m.Value)) problems.Add("value differs: " + id + " = " + m.Value + ", list says " + e.Value);
                }
            }
            foreach (var pair in expected)
            {
                if (seen.Contains(pair.Key)) continue;
                // Delegates' Invoke/BeginInvoke/EndInvoke and constructors are what the compiler emits for the delegate declaration.
                if (omitted != null && omitted(pair.Value.Key)) continue;
                problems.Add("in " + list.Assembly + ".txt but not declared: " + pair.Key);
            }
            return problems;
        }

        /// <summary>
        /// Modifiers compared exactly: a type's sealed/static/abstract (classes) and readonly/ref (structs), a field's
        /// readonly, and a method's, property's or event's abstract/virtual/override.
        /// </summary>
        private static readonly HashSet<string> TypeModifiers = new HashSet<string>(StringComparer.Ordinal) { "sealed", "static", "abstract", "readonly", "ref" };
        private static readonly HashSet<string> FieldModifiers = new HashSet<string>(StringComparer.Ordinal) { "readonly" };
        private static readonly HashSet<string> MemberModifiers = new HashSet<string>(StringComparer.Ordinal) { "abstract", "virtual", "override" };

        private static string Show(HashSet<string> mods) => mods.Count == 0 ? "(none)" : string.Join(" ", mods.OrderBy(x => x, StringComparer.Ordinal));

        /// <summary>
        /// The compiler emits a delegate's constructor, BeginInvoke and EndInvoke from its declaration;
        /// the lists record only Invoke. They are tolerated here, and the IL lint rejects any call to
        /// BeginInvoke/EndInvoke, so nothing the device lacks can be used through them.
        /// </summary>
        private static bool IsDelegateMachinery(ApiList list, MetadataApi.Member m)
        {
            string owner = m.Kind == 'C' ? m.Key.Substring(0, m.Key.IndexOf("..ctor", StringComparison.Ordinal))
                         : m.Kind == 'M' ? m.Key.Substring(0, m.Key.Substring(0, m.Key.IndexOf('(')).LastIndexOf('.')) : null;
            if (owner == null || !list.Types.Any(t => t.TypeName == owner && t.TypeKind == "delegate")) return false;
            string rest = m.Key.Substring(owner.Length);
            return rest == "..ctor(System.Object,System.IntPtr)" || rest.StartsWith(".BeginInvoke(", StringComparison.Ordinal) || rest.StartsWith(".EndInvoke(", StringComparison.Ordinal);
        }

        private static bool SameValue(string listValue, string actual)
        {
            if (listValue == actual) return true;
            if (listValue == null || actual == null) return false;
            return string.Equals(listValue, actual, StringComparison.OrdinalIgnoreCase);
        }
    }
}
