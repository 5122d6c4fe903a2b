using System;
using System.Collections.Generic;

namespace Phone.Tools.Handset
{
    /// <summary>
    /// Sets keys in nf.config text the way a user would edit the file: an existing line of the key in its section is
    /// replaced (so the parser never sees it twice), otherwise the line goes right under the section header, or a new
    /// section at the end. Comments, order and everything else stay as written.
    /// </summary>
    public static class NfConfigEdit
    {
        public static string Set(string text, string section, string key, string value)
        {
            var lines = new List<string>((text ?? "").Replace("\r\n", "\n").Split('\n'));
            string current = null;
            int header = -1;
            for (int i = 0; i < lines.Count; i++)
            {
                string t = lines[i].Trim();
                if (t.StartsWith("[", StringComparison.Ordinal) && t.EndsWith("]", StringComparison.Ordinal))
                {
                    current = t.Substring(1, t.Length - 2).Trim().ToLowerInvariant();
                    if (current == section) header = i;
                    continue;
                }

                if (current != section || t.Length == 0 || t[0] == '#') continue;
                int eq = t.IndexOf('=');
                if (eq > 0 && string.Equals(t.Substring(0, eq).Trim(), key, StringComparison.OrdinalIgnoreCase))
                {
                    lines.RemoveAt(i);
                    i--;
                }
            }

            string line = key + " = " + value;
            if (header >= 0)
            {
                lines.Insert(header + 1, line);
            }
            else
            {
                if (lines.Count > 0 && lines[lines.Count - 1].Length == 0) lines.RemoveAt(lines.Count - 1);
                lines.Add("[" + section + "]");
                lines.Add(line);
                lines.Add("");
            }

            return string.Join("\n", lines);
        }
    }
}
