using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Microsoft.ML.FocalLoss.Cli;

/// <summary>
/// The column names of --ignore-cols and --text-cols: comma-separated, and, as in the CSV itself, a name that holds a
/// comma in double quotes (<c>"Refr, index",ID</c>; a quote inside one doubled).
/// </summary>
internal static class ColumnList
{
    public static string[] Parse(string? list, string option)
    {
        var names = new List<string>();
        if (string.IsNullOrWhiteSpace(list)) return Array.Empty<string>();
        var name = new StringBuilder();
        bool quoted = false, wasQuoted = false;
        for (int i = 0; i < list.Length; i++)
        {
            char c = list[i];
            if (quoted)
            {
                if (c != '"') name.Append(c);
                else if (i + 1 < list.Length && list[i + 1] == '"') { name.Append('"'); i++; }
                else quoted = false;
            }
            else if (c == '"')
            {
                if (name.ToString().Trim().Length > 0 || wasQuoted) throw new CliException($"{option}: a quote inside an unquoted name in '{list}'; put the whole name in double quotes.");
                name.Clear();
                quoted = wasQuoted = true;
            }
            else if (c == ',') { Add(names, name, wasQuoted); wasQuoted = false; }
            else if (wasQuoted)
            {
                if (!char.IsWhiteSpace(c)) throw new CliException($"{option}: text after a closing quote in '{list}'; separate names with commas.");
            }
            else name.Append(c);
        }
        if (quoted) throw new CliException($"{option}: a name's opening quote is never closed in '{list}'.");
        Add(names, name, wasQuoted);
        return names.Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>
    /// One name as the value of --ignore-cols or --text-cols on a shell's command line: in double quotes if it holds a
    /// comma or a quote, and the whole in single quotes if it holds anything a shell would split or expand.
    /// </summary>
    public static string Argument(string name)
    {
        string value = Format(new[] { name });
        bool plain = value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or '/' or ':');
        return plain || value.Contains('\'') ? value : "'" + value + "'";
    }

    /// <summary>Names as this list takes them, comma-separated: a name with a comma or a quote (or spaces at its ends) in double quotes.</summary>
    public static string Format(IEnumerable<string> names) => string.Join(", ", names.Select(name =>
        name.IndexOfAny(new[] { ',', '"' }) >= 0 || name.Trim() != name ? "\"" + name.Replace("\"", "\"\"") + "\"" : name));

    /// <summary>
    /// When names were not found because the file's own name holds a comma that split it, says how to quote it.
    /// </summary>
    public static string QuotingHint(IReadOnlyCollection<string> missing, IEnumerable<string> header, string option)
    {
        string? split = header.FirstOrDefault(h => h.Contains(',') && h.Split(',').Select(p => p.Trim()).Where(p => p.Length > 0).Any(missing.Contains));
        return split is null ? "" : $" A name with a comma goes in double quotes: {option} {Argument(split)}.";
    }

    private static void Add(List<string> names, StringBuilder name, bool quoted)
    {
        // A quoted name is taken as written; an unquoted one without the spaces around it, as before.
        string value = quoted ? name.ToString() : name.ToString().Trim();
        if (value.Length > 0) names.Add(value);
        name.Clear();
    }
}
