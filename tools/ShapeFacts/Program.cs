// Reads, from a nanoFramework package's sources (the files its .nfproj compiles), the facts the target check's
// API lists and shapes record beyond names and types: type modifiers (sealed/static/abstract classes,
// readonly/ref structs), the real parameter names with params/out/ref/in and default values, and
// Obsolete/Conditional/AttributeUsage attributes. It writes the modifiers onto the list's T lines and the rest
// into the list's .shape file, between the '# >>> facts' marker and the end of the file. See README.md.
//
// usage: ShapeFacts API_DIR SHAPES_DIR LIST_NAME NFPROJ REPOSITORY@COMMIT [EXTRA_SOURCE_DIR]
using System; using System.Collections.Generic; using System.IO; using System.Linq; using System.Text;
using Microsoft.CodeAnalysis; using Microsoft.CodeAnalysis.CSharp; using Microsoft.CodeAnalysis.CSharp.Syntax;
using Phone.TargetCheck;

if (args.Length < 5) { Console.Error.WriteLine("usage: ShapeFacts API_DIR SHAPES_DIR LIST_NAME NFPROJ REPOSITORY@COMMIT [EXTRA_SOURCE_DIR]"); return 2; }
string apiDir = args[0], shapesDir = args[1], listName = args[2], nfproj = args[3], origin = args[4];
var lists = Directory.GetFiles(apiDir, "*.txt").Select(ApiList.Load).ToList();
var index = new TypeIndex(lists);
var list = lists.Single(l => l.Assembly == listName);
var proj = DeviceProject.Load(nfproj);
var parse = new CSharpParseOptions(LanguageVersion.Latest, preprocessorSymbols: new[] { "NANOFRAMEWORK_1_0" }.Concat(proj.Defines));
var extra = args.Length > 5 ? Directory.GetFiles(args[5], "*.cs") : new string[0]; // shared-project (.projitems) sources
var srcs = proj.Sources.Concat(extra).SelectMany(f => f.Contains('*') ? Directory.GetFiles(Path.GetDirectoryName(f), Path.GetFileName(f)) : new[] { f }).ToList();
var trees = srcs.Where(File.Exists).Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parse, f)).ToList();
var missing = srcs.Where(f => !File.Exists(f)).ToList();
foreach (var m in missing) Console.Error.WriteLine("missing source " + m);
var allTypes = new HashSet<string>(lists.SelectMany(l => l.Types).Select(t => t.TypeName));
var listTypes = new HashSet<string>(list.Types.Select(t => t.TypeName));
var shape = new List<string>();
var mods = new Dictionary<string, HashSet<string>>();
var problems = new List<string>();
// private/any consts by simple name, for defaults naming them
var consts = new Dictionary<string, ExpressionSyntax>();
foreach (var tr in trees) foreach (var f in tr.GetRoot().DescendantNodes().OfType<FieldDeclarationSyntax>().Where(f => f.Modifiers.Any(SyntaxKind.ConstKeyword)))
  foreach (var v in f.Declaration.Variables) if (v.Initializer != null) consts[((TypeDeclarationSyntax)f.Parent).Identifier.ValueText + "." + v.Identifier.ValueText] = v.Initializer.Value;

string FullName(BaseTypeDeclarationSyntax t) { var parts = new List<string>(); SyntaxNode n = t; while (n != null) { if (n is BaseTypeDeclarationSyntax b) parts.Insert(0, b.Identifier.ValueText + Arity(b)); else if (n is DelegateDeclarationSyntax d) parts.Insert(0, d.Identifier.ValueText); else if (n is BaseNamespaceDeclarationSyntax ns) parts.Insert(0, ns.Name.ToString()); n = n.Parent; } return string.Join(".", parts); }
string Arity(BaseTypeDeclarationSyntax b) => b is TypeDeclarationSyntax td && td.TypeParameterList != null ? "`" + td.TypeParameterList.Parameters.Count : "";
string DelegateName(DelegateDeclarationSyntax d) { var p = d.Parent; string prefix = p is BaseTypeDeclarationSyntax b ? FullName(b) : p is BaseNamespaceDeclarationSyntax ns ? NsName(ns) : ""; return prefix.Length > 0 ? prefix + "." + d.Identifier.ValueText : d.Identifier.ValueText; }
string NsName(BaseNamespaceDeclarationSyntax ns) { var parts = new List<string>(); SyntaxNode n = ns; while (n != null) { if (n is BaseNamespaceDeclarationSyntax x) parts.Insert(0, x.Name.ToString()); n = n.Parent; } return string.Join(".", parts); }

// Scopes for resolving simple names: enclosing types, namespaces (inner to outer), usings.
List<string> Scopes(SyntaxNode node)
{
  var s = new List<string>();
  for (var n = node.Parent; n != null; n = n.Parent)
  {
    if (n is BaseTypeDeclarationSyntax b) s.Add(FullName(b));
    if (n is BaseNamespaceDeclarationSyntax ns) { string full = NsName(ns); var segs = full.Split('.'); for (int i = segs.Length; i > 0; i--) s.Add(string.Join(".", segs.Take(i))); foreach (var u in ns.Usings) if (u.Alias == null) s.Add(u.Name.ToString()); }
  }
  var cu = node.SyntaxTree.GetRoot() as CompilationUnitSyntax;
  foreach (var u in cu.Usings) if (u.Alias == null) s.Add(u.Name.ToString());
  s.Add("");
  return s.Distinct().ToList();
}
string ResolveType(string text, List<string> scopes)
{
  foreach (var sc in scopes) { string full = sc.Length == 0 ? text : sc + "." + text; if (allTypes.Contains(full)) return full; }
  return null;
}
static string Simple(string t)
{
  t = t.Replace(" ", "").TrimEnd('?');
  string suffix = ""; while (t.EndsWith("[]")) { suffix += "[]"; t = t.Substring(0, t.Length - 2); }
  var kw = new Dictionary<string,string>{{"int","Int32"},{"uint","UInt32"},{"short","Int16"},{"ushort","UInt16"},{"long","Int64"},{"ulong","UInt64"},{"byte","Byte"},{"sbyte","SByte"},{"bool","Boolean"},{"char","Char"},{"string","String"},{"object","Object"},{"float","Single"},{"double","Double"},{"void","Void"},{"decimal","Decimal"}};
  if (kw.TryGetValue(t, out var k)) t = k;
  if (t.StartsWith("global::")) t = t.Substring(8);
  int lt = t.IndexOf('<'); if (lt >= 0) t = t.Substring(0, lt);
  return t.Substring(t.LastIndexOf('.') + 1) + suffix;
}
string Qualify(ExpressionSyntax e, List<string> scopes, string ownerType, int depth = 0)
{
  switch (e)
  {
    case LiteralExpressionSyntax lit: return lit.ToString();
    case DefaultExpressionSyntax d: { var t = ResolveType(d.Type.ToString(), scopes); return t != null ? "default(global::" + t + ")" : d.ToString(); }
    case PrefixUnaryExpressionSyntax pu: return pu.OperatorToken.Text + Qualify(pu.Operand, scopes, ownerType, depth);
    case ParenthesizedExpressionSyntax pe: return "(" + Qualify(pe.Expression, scopes, ownerType, depth) + ")";
    case BinaryExpressionSyntax be: return Qualify(be.Left, scopes, ownerType, depth) + " " + be.OperatorToken.Text + " " + Qualify(be.Right, scopes, ownerType, depth);
    case CastExpressionSyntax ce: { var t = ResolveType(ce.Type.ToString(), scopes); return "(" + (t != null ? "global::" + t : ce.Type.ToString()) + ")" + Qualify(ce.Expression, scopes, ownerType, depth); }
    case MemberAccessExpressionSyntax ma:
    {
      string left = ma.Expression.ToString();
      var t = ResolveType(left, scopes);
      if (t != null)
      {
        // the member must be public in the list, else inline its const value
        string name = ma.Name.Identifier.ValueText;
        var owner = index.Type(t);
        bool listed = lists.Any(l => index.MembersOf(l.Assembly, t).Any(m => m.MemberName == name)) || (owner?.TypeKind == "enum");
        if (listed) return "global::" + t + "." + name;
        if (consts.TryGetValue(Simple(t) + "." + name, out var v) && depth < 5) return Qualify(v, scopes, ownerType, depth + 1);
      }
      if (e.ToString().StartsWith("System.") || e.ToString().StartsWith("global::")) return e.ToString().StartsWith("global::") ? e.ToString() : "global::" + e;
      problems.Add("unresolved default/attribute expression '" + e + "' in " + ownerType);
      return e.ToString();
    }
    case IdentifierNameSyntax id:
    {
      string name = id.Identifier.ValueText;
      if (consts.TryGetValue(Simple(ownerType) + "." + name, out var v) && depth < 5) return Qualify(v, scopes, ownerType, depth + 1);
      var hit = consts.Keys.FirstOrDefault(k => k.EndsWith("." + name));
      if (hit != null && depth < 5) return Qualify(consts[hit], scopes, ownerType, depth + 1);
      var t = ResolveType(name, scopes); if (t != null) return "global::" + t;
      problems.Add("unresolved identifier '" + name + "' in " + ownerType); return name;
    }
    case InvocationExpressionSyntax inv when inv.Expression.ToString() == "nameof": return e.ToString();
    default: problems.Add("unsupported expression '" + e + "' in " + ownerType); return e.ToString();
  }
}
string QualifyAttribute(AttributeSyntax a, List<string> scopes, string owner)
{
  string name = a.Name.ToString(); if (!name.EndsWith("Attribute")) name += "Attribute";
  var t = ResolveType(name, scopes) ?? ResolveType(name, new List<string>{"System","System.Diagnostics",""});
  var sb = new StringBuilder("[global::" + (t ?? name));
  if (a.ArgumentList != null)
  {
    sb.Append("(");
    sb.Append(string.Join(", ", a.ArgumentList.Arguments.Select(arg => (arg.NameEquals != null ? arg.NameEquals.Name + " = " : arg.NameColon != null ? arg.NameColon.Name + ": " : "") + Qualify(arg.Expression, scopes, owner))));
    sb.Append(")");
  }
  return sb.Append("]").ToString();
}
IEnumerable<AttributeSyntax> Attrs(SyntaxList<AttributeListSyntax> lists0) => lists0.Where(l => l.Target == null || l.Target.Identifier.ValueText is "method" or "type").SelectMany(l => l.Attributes);
bool Wanted(AttributeSyntax a, bool onType) { string n = a.Name.ToString(); if (n.EndsWith("Attribute")) n = n.Substring(0, n.Length - 9); n = n.Substring(n.LastIndexOf('.') + 1); return n == "Obsolete" || n == "Conditional" || (onType && n == "AttributeUsage"); }

// Types
foreach (var tr in trees)
foreach (var node in tr.GetRoot().DescendantNodes())
{
  string full; SyntaxTokenList m; SyntaxList<AttributeListSyntax> al; bool isClass = false, isStruct = false;
  if (node is BaseTypeDeclarationSyntax b) { full = FullName(b); m = b.Modifiers; al = b.AttributeLists; isClass = b is ClassDeclarationSyntax; isStruct = b is StructDeclarationSyntax; }
  else if (node is DelegateDeclarationSyntax d) { full = DelegateName(d); m = d.Modifiers; al = d.AttributeLists; }
  else continue;
  if (!listTypes.Contains(full)) continue;
  if (!mods.TryGetValue(full, out var set)) mods[full] = set = new HashSet<string>();
  foreach (var tok in m)
  {
    string k = tok.Text;
    if (isClass && (k == "static" || k == "sealed" || k == "abstract")) set.Add(k);
    if (isStruct && (k == "readonly" || k == "ref")) set.Add(k);
  }
  var scopes = Scopes(node);
  foreach (var a in Attrs(al).Where(a => Wanted(a, true))) shape.Add("attr " + full + " " + QualifyAttribute(a, scopes, full));
}

// Members
string ParamsText(BaseParameterListSyntax pl, List<string> scopes, string owner)
{
  return string.Join(", ", pl.Parameters.Select(p =>
  {
    string mod = p.Modifiers.Any(SyntaxKind.ParamsKeyword) ? "params " : p.Modifiers.Any(SyntaxKind.OutKeyword) ? "out " : p.Modifiers.Any(SyntaxKind.RefKeyword) ? "ref " : p.Modifiers.Any(SyntaxKind.InKeyword) ? "in " : "";
    string def = p.Default != null ? " = " + Qualify(p.Default.Value, scopes, owner) : "";
    return mod + p.Identifier.ValueText + def;
  }));
}
string[] SimpleParams(BaseParameterListSyntax pl) => pl.Parameters.Select(p => Simple(p.Type.ToString()) + (p.Modifiers.Any(x => x.Kind() is SyntaxKind.OutKeyword or SyntaxKind.RefKeyword or SyntaxKind.InKeyword) ? "&" : "")).ToArray();
string[] ListSimple(ApiEntry e) => e.Parameters.Select(p => { bool r = p.EndsWith("&"); p = p.TrimEnd('&'); string s = p; string suf = ""; while (s.EndsWith("[]")) { suf += "[]"; s = s.Substring(0, s.Length - 2); } return s.Substring(s.LastIndexOf('.') + 1) + suf + (r ? "&" : ""); }).ToArray();
var done = new HashSet<string>();
foreach (var tr in trees)
foreach (var node in tr.GetRoot().DescendantNodes())
{
  string owner, name; BaseParameterListSyntax pl; SyntaxList<AttributeListSyntax> al; char kind;
  switch (node)
  {
    case MethodDeclarationSyntax md: owner = FullName((BaseTypeDeclarationSyntax)md.Parent); name = md.Identifier.ValueText + (md.TypeParameterList != null ? "`" + md.TypeParameterList.Parameters.Count : ""); pl = md.ParameterList; al = md.AttributeLists; kind = 'M'; if (md.ExplicitInterfaceSpecifier != null) continue; break;
    case ConstructorDeclarationSyntax cd: if (cd.Modifiers.Any(SyntaxKind.StaticKeyword)) continue; owner = FullName((BaseTypeDeclarationSyntax)cd.Parent); name = ".ctor"; pl = cd.ParameterList; al = cd.AttributeLists; kind = 'C'; break;
    case IndexerDeclarationSyntax ix: owner = FullName((BaseTypeDeclarationSyntax)ix.Parent); name = "Item"; pl = ix.ParameterList; al = ix.AttributeLists; kind = 'P'; if (ix.ExplicitInterfaceSpecifier != null) continue; break;
    case DelegateDeclarationSyntax dd: owner = DelegateName(dd); name = "Invoke"; pl = dd.ParameterList; al = default; kind = 'M'; break;
    case PropertyDeclarationSyntax pd: owner = pd.Parent is BaseTypeDeclarationSyntax pb ? FullName(pb) : null; name = pd.Identifier.ValueText; pl = null; al = pd.AttributeLists; kind = 'P'; if (pd.ExplicitInterfaceSpecifier != null) continue; break;
    case FieldDeclarationSyntax fd: owner = fd.Parent is BaseTypeDeclarationSyntax fb ? FullName(fb) : null; name = fd.Declaration.Variables.First().Identifier.ValueText; pl = null; al = fd.AttributeLists; kind = 'F'; break;
    case EventDeclarationSyntax ed: owner = FullName((BaseTypeDeclarationSyntax)ed.Parent); name = ed.Identifier.ValueText; pl = null; al = ed.AttributeLists; kind = 'E'; break;
    case EventFieldDeclarationSyntax ef: owner = FullName((BaseTypeDeclarationSyntax)ef.Parent); name = ef.Declaration.Variables.First().Identifier.ValueText; pl = null; al = ef.AttributeLists; kind = 'E'; break;
    default: continue;
  }
  if (owner == null || !listTypes.Contains(owner)) continue;
  var candidates = index.MembersOf(listName, owner).Where(e => e.Kind == kind && (e.MemberName == name || (kind == 'P' && pl != null && e.Parameters.Length > 0))).ToList();
  if (pl != null)
  {
    var sp = SimpleParams(pl);
    candidates = candidates.Where(e => e.Parameters.Length == sp.Length && ListSimple(e).SequenceEqual(sp)).ToList();
  }
  else candidates = candidates.Where(e => e.Parameters.Length == 0).ToList();
  if (candidates.Count == 0) continue;
  var entry = candidates[0];
  var scopes = Scopes(node);
  string key = entry.Kind + " " + entry.Key;
  if (!done.Add(key)) continue;
  if (node is FieldDeclarationSyntax fdx && !fdx.Modifiers.Any(SyntaxKind.ConstKeyword) && fdx.Modifiers.Any(SyntaxKind.ReadOnlyKeyword) != entry.Has("readonly"))
    Console.Error.WriteLine("   readonly differs from the list: " + key + " (source readonly: " + fdx.Modifiers.Any(SyntaxKind.ReadOnlyKeyword) + ")");
  if (pl != null && pl.Parameters.Count > 0) shape.Add("sig " + key + " " + ParamsText(pl, scopes, owner));
  foreach (var a in Attrs(al).Where(a => Wanted(a, false))) shape.Add("attr " + key + " " + QualifyAttribute(a, scopes, owner));
}
// The modifiers go on the list's T lines (added, never removed: a hand-recorded modifier stays).
string listPath = Path.Combine(apiDir, listName + ".txt");
var listLines = File.ReadAllLines(listPath);
for (int i = 0; i < listLines.Length; i++)
{
  var m = System.Text.RegularExpressions.Regex.Match(listLines[i], @"^T (\S+) \| (.*)$");
  if (!m.Success || !mods.TryGetValue(m.Groups[1].Value, out var add)) continue;
  var parts = m.Groups[2].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
  foreach (string x in add.OrderBy(x => x)) if (!parts.Contains(x)) parts.Add(x);
  listLines[i] = "T " + m.Groups[1].Value + " | " + string.Join(" ", parts);
}
File.WriteAllLines(listPath, listLines);
// The rest replaces the facts section of the shape (what is above the marker is written by hand).
const string Marker = "# >>> facts read from the sources";
string shapePath = Path.Combine(shapesDir, listName + ".shape");
string head = File.Exists(shapePath) ? File.ReadAllText(shapePath) : "# What tools/TargetCheck/Api/" + listName + ".txt does not record. Format: see Shapes.cs.\n";
int at = head.IndexOf(Marker, StringComparison.Ordinal);
if (at >= 0) head = head.Substring(0, at);
File.WriteAllText(shapePath, head.TrimEnd('\n') + "\n\n" + Marker + " (nanoframework/" + origin.Replace(" ", "") .Replace("@", " @ ") + ", the files its .nfproj compiles):\n"
  + "# the real parameter names and default values (sig), and Obsolete/Conditional/AttributeUsage (attr).\n"
  + "# Type modifiers (sealed, static, abstract, readonly, ref) are on the list's T lines.\n" + string.Join("\n", shape) + "\n");
foreach (var p in problems.Distinct()) Console.Error.WriteLine(listName + ": " + p);
var unmatched = list.Entries.Where(e => (e.Kind == 'C' || e.Kind == 'M' || (e.Kind == 'P' && e.Parameters.Length > 0)) && e.Parameters.Length > 0 && !done.Contains(e.Kind + " " + e.Key) && index.Type(e.TypeName)?.TypeKind != "delegate" || (e.Kind=='M' && e.MemberName=="Invoke" && !done.Contains(e.Kind+" "+e.Key))).ToList();
Console.Error.WriteLine(listName + ": " + shape.Count(s => s.StartsWith("sig")) + " sigs, " + shape.Count(s => s.StartsWith("attr")) + " attrs, " + mods.Count(kv=>kv.Value.Count>0) + " modified types; unmatched members with parameters: " + unmatched.Count);
foreach (var t in listTypes.Where(t => !mods.ContainsKey(t))) Console.Error.WriteLine("   type not found in sources: " + t);
foreach (var u in unmatched.Take(8)) Console.Error.WriteLine("   unmatched " + u);
return problems.Count == 0 ? 0 : 1;
