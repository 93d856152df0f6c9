using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace Microsoft.ML.FocalLoss.Cli.Data;

/// <summary>
/// How a file writes its table: the field separator (comma, tab, semicolon or pipe) and the decimal marker of its
/// numbers (a point, or a comma in a file not separated by commas, as spreadsheets save them in many locales).
/// </summary>
/// <param name="Separator">Found as ML.NET's AutoML column inference finds it: the candidate that splits the first
/// lines all into the same number of fields (the most fields wins; comma when nothing splits).</param>
/// <param name="DecimalMarker">A comma when the first lines hold numbers like 1,5 and none like 1.5; else a point.</param>
internal sealed partial record CsvDialect(char Separator, char DecimalMarker)
{
    /// <summary>The separator candidates, in the order that breaks ties.</summary>
    public static readonly char[] Separators = { ',', '\t', ';', '|' };

    /// <summary>Commas and decimal points.</summary>
    public static readonly CsvDialect Plain = new(',', '.');

    private const int SampledLines = 50;

    private static readonly NumberFormatInfo DecimalComma = new() { NumberDecimalSeparator = ",", NumberGroupSeparator = "\u00A0" };

    public static CsvDialect Detect(string path)
    {
        var lines = new List<string>();
        using (var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true))
        {
            for (string? line; lines.Count < SampledLines && (line = reader.ReadLine()) is not null;)
                if (line.Trim().Length > 0) lines.Add(line);
        }
        char separator = ',';
        int bestFields = 1;
        foreach (char candidate in Separators)
        {
            if (lines.Count == 0) break;
            int[] counts = lines.Select(l => Fields(l, candidate).Count).ToArray();
            // Every sampled line the header's width; one line alone (a header without rows) decides by its own split.
            if (counts[0] > bestFields && counts.All(c => c == counts[0])) (separator, bestFields) = (candidate, counts[0]);
        }
        if (separator == ',') return Plain;
        long commas = 0, points = 0;
        foreach (string cell in lines.Skip(1).SelectMany(l => Fields(l, separator)))
        {
            if (CommaNumber().IsMatch(cell)) commas++;
            else if (PointNumber().IsMatch(cell)) points++;
        }
        return new CsvDialect(separator, commas > 0 && points == 0 ? ',' : '.');
    }

    /// <summary>Whether a cell is a number in this dialect, as TextLoader with the same decimal marker reads it.</summary>
    public bool IsNumber(ReadOnlySpan<char> cell, out double value) => DecimalMarker == ','
        ? double.TryParse(cell.Trim(), NumberStyles.Float, DecimalComma, out value)
        : CsvFormat.IsNumber(cell, out value);

    /// <summary>For messages: "semicolon-separated, decimal comma"; empty for a plain CSV.</summary>
    public string Describe() => string.Join(", ", new[]
    {
        Separator == ',' ? null : $"{Name(Separator)}-separated",
        DecimalMarker == ',' ? "decimal comma" : null,
    }.Where(s => s is not null));

    /// <summary>How a separator is named in messages.</summary>
    public static string Name(char separator) => separator switch
    {
        ',' => "comma",
        '\t' => "tab",
        ';' => "semicolon",
        '|' => "pipe",
        _ => $"'{separator}'",
    };

    /// <summary>A line's fields, a separator inside double quotes not splitting (RFC 4180), without the quotes.</summary>
    private static List<string> Fields(string line, char separator)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        bool quoted = false;
        foreach (char c in line)
        {
            if (c == '"') quoted = !quoted;
            else if (c == separator && !quoted)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return fields;
    }

    [GeneratedRegex(@"^\s*[+-]?\d+,\d+\s*$")]
    private static partial Regex CommaNumber();

    [GeneratedRegex(@"^\s*[+-]?\d*\.\d+([eE][+-]?\d+)?\s*$")]
    private static partial Regex PointNumber();
}
