using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Phone.TargetCheck
{
    /// <summary>
    /// Rules read from the device sources through Roslyn rather than from the IL: where the value the
    /// source states differs on the device and nothing in the IL shows it.
    /// </summary>
    public static class SourceLint
    {
        /// <summary>A string or char constant with U+0000 in device code.</summary>
        public const string NulCode = "NF0005";

        /// <summary>
        /// nanoFramework strings end at U+0000 ("A:\u0000 B".Length is 2 on the device, 5 on .NET;
        /// new string(new[] { 'x', '\0', 'y' }) has length 1), so a string constant containing it
        /// means something else on the device than on the host twin, and a '\0' char constant
        /// is the usual way one gets built. Rejected: every string literal (regular, verbatim,
        /// interpolated text, raw, UTF-8) and char literal whose value contains U+0000, and every
        /// use of a constant field from a referenced assembly whose value does (its literal is
        /// not in these sources). A source-declared const is rejected at its literal.
        /// </summary>
        public static IEnumerable<Finding> NulConstants(Compilation compilation, string displayRoot)
        {
            foreach (SyntaxTree tree in compilation.SyntaxTrees)
            {
                SyntaxNode root = tree.GetRoot();
                SemanticModel model = null;
                foreach (SyntaxToken token in root.DescendantTokens())
                {
                    string kind = NulLiteralKind(token);
                    if (kind != null) yield return At(token.GetLocation(), displayRoot, kind + " contains U+0000 ('\\0') — nanoFramework strings end at the first NUL; work on bytes (byte[] with a 0 byte) or compare with a number instead");
                }
                foreach (SyntaxNode node in root.DescendantNodes().Where(n => n is IdentifierNameSyntax || n is MemberAccessExpressionSyntax))
                {
                    model ??= compilation.GetSemanticModel(tree);
                    if (node is IdentifierNameSyntax && node.Parent is MemberAccessExpressionSyntax ma && ma.Name == node) continue; // seen as the member access
                    if (!(model.GetSymbolInfo(node).Symbol is IFieldSymbol field) || !field.HasConstantValue) continue;
                    if (field.Locations.Any(l => l.IsInSource)) continue; // its own literal is reported
                    if (HasNul(field.ConstantValue))
                        yield return At(node.GetLocation(), displayRoot, "constant '" + field.ContainingType.ToDisplayString() + "." + field.Name + "' contains U+0000 — nanoFramework strings end at the first NUL; work on bytes or compare with a number instead");
                }
            }
        }

        private static bool HasNul(object value) => value is string s ? s.IndexOf('\0') >= 0 : value is char c && c == '\0';

        private static string NulLiteralKind(SyntaxToken token)
        {
            switch (token.Kind())
            {
                case SyntaxKind.CharacterLiteralToken:
                    return token.Value is char c && c == '\0' ? "char literal" : null;
                case SyntaxKind.StringLiteralToken:
                case SyntaxKind.SingleLineRawStringLiteralToken:
                case SyntaxKind.MultiLineRawStringLiteralToken:
                case SyntaxKind.Utf8StringLiteralToken:
                case SyntaxKind.Utf8SingleLineRawStringLiteralToken:
                case SyntaxKind.Utf8MultiLineRawStringLiteralToken:
                    return token.ValueText.IndexOf('\0') >= 0 ? "string literal" : null;
                case SyntaxKind.InterpolatedStringTextToken:
                    return token.ValueText.IndexOf('\0') >= 0 ? "interpolated string text" : null;
                default:
                    return null;
            }
        }

        private static Finding At(Location location, string displayRoot, string message)
        {
            FileLinePositionSpan span = location.GetLineSpan();
            return new Finding
            {
                File = DeviceCompiler.Display(span.Path, displayRoot),
                Line = span.StartLinePosition.Line + 1,
                Column = span.StartLinePosition.Character + 1,
                Code = NulCode,
                Message = message,
            };
        }
    }
}
