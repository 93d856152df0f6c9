using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Microsoft.ML.FocalLoss.Cli.Data;

/// <summary>
/// Which character separates a file's fields: comma, tab, semicolon or pipe, found as ML.NET's AutoML column
/// inference finds it, by trying each on the first lines and keeping one that splits them all into the same number of
/// fields (the most fields wins; comma when nothing splits).
/// </summary>
internal static class CsvSeparator
{
    /// <summary>The candidates, in the order that breaks ties.</summary>
    public static readonly char[] Candidates = { ',', '\t', ';', '|' };

    private const int SampledLines = 50;

    public static char Detect(string path)
    {
        List<string> lines;
        using (var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true))
        {
            lines = new List<string>();
            for (string? line; lines.Count < SampledLines && (line = reader.ReadLine()) is not null;)
                if (line.Trim().Length > 0) lines.Add(line);
        }
        if (lines.Count == 0) return ',';
        char best = ',';
        int bestFields = 1;
        foreach (char separator in Candidates)
        {
            int[] counts = lines.Select(l => Fields(l, separator)).ToArray();
            // Every sampled line the header's width; one line alone (a header without rows) decides by its own split.
            if (counts[0] > bestFields && counts.All(c => c == counts[0])) (best, bestFields) = (separator, counts[0]);
        }
        return best;
    }

    /// <summary>How the file's separator is named in messages.</summary>
    public static string Name(char separator) => separator switch
    {
        ',' => "comma",
        '\t' => "tab",
        ';' => "semicolon",
        '|' => "pipe",
        _ => $"'{separator}'",
    };

    /// <summary>Fields on a line, a separator inside double quotes not counting (RFC 4180; a doubled quote toggles twice).</summary>
    private static int Fields(string line, char separator)
    {
        int fields = 1;
        bool quoted = false;
        foreach (char c in line)
        {
            if (c == '"') quoted = !quoted;
            else if (c == separator && !quoted) fields++;
        }
        return fields;
    }
}
