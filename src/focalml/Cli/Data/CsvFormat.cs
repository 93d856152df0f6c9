using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.FocalLoss.Cli.Data;

/// <summary>How focalml reads every CSV: ML.NET's TextLoader, comma-separated, RFC 4180 quoting, a header line.</summary>
internal static class CsvFormat
{
    /// <summary>Cells that mean "no value": empty, NA, N/A, NaN, ?, null (any case, surrounding spaces ignored).</summary>
    public static bool IsMissing(ReadOnlySpan<char> cell)
    {
        ReadOnlySpan<char> t = cell.Trim();
        return t.Length == 0 || t.Equals("NA", StringComparison.OrdinalIgnoreCase) || t.Equals("N/A", StringComparison.OrdinalIgnoreCase)
            || t.Equals("NaN", StringComparison.OrdinalIgnoreCase) || t.Equals("?", StringComparison.Ordinal) || t.Equals("null", StringComparison.OrdinalIgnoreCase);
    }

    public static bool IsNumber(ReadOnlySpan<char> cell, out double value) =>
        double.TryParse(cell.Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out value);

    /// <summary>A TextLoader over the given (name, kind, column index) triples, skipping the header line.</summary>
    public static TextLoader Loader(MLContext ml, IEnumerable<(string Name, DataKind Kind, int Index)> columns, bool hasHeader = true) =>
        ml.Data.CreateTextLoader(new TextLoader.Options
        {
            Separators = new[] { ',' },
            HasHeader = hasHeader,
            AllowQuoting = true,
            // An empty numeric cell is a missing value (NaN), not 0.
            MissingRealsAsNaNs = true,
            TrimWhitespace = true,
            Columns = columns.Select(c => new TextLoader.Column(c.Name, c.Kind, c.Index)).ToArray(),
        });
}
