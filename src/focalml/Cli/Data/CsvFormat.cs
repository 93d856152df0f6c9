using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.FocalLoss.Cli.Data;

/// <summary>
/// How focalml reads every CSV: ML.NET's TextLoader, RFC 4180 quoting, a header line, and the file's own
/// <see cref="CsvDialect"/> (separator and decimal marker).
/// </summary>
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

    /// <summary>
    /// The TextLoader options every read shares: the file's separator and decimal marker, RFC 4180 quotes, the header line skipped (or
    /// read, for the header itself).
    /// </summary>
    public static TextLoader.Options Options(CsvDialect dialect, bool hasHeader, params TextLoader.Column[] columns) => new()
    {
        Separators = new[] { dialect.Separator },
        DecimalMarker = dialect.DecimalMarker,
        HasHeader = hasHeader,
        AllowQuoting = true,
        Columns = columns,
    };

    /// <summary>Every field of a row as one variable-length text vector: its length is the row's field count.</summary>
    public static TextLoader.Column AllFields(string name) =>
        new(name, DataKind.String, new[] { new TextLoader.Range(0, null) { AutoEnd = false, VariableEnd = true } });

    /// <summary>A typed TextLoader over the given (name, kind, column index) triples, skipping the header line.</summary>
    public static TextLoader Loader(MLContext ml, CsvDialect dialect, IEnumerable<(string Name, DataKind Kind, int Index)> columns)
    {
        TextLoader.Options options = Options(dialect, hasHeader: true, columns.Select(c => new TextLoader.Column(c.Name, c.Kind, c.Index)).ToArray());
        // An empty numeric cell is a missing value (NaN), not 0; a cell's surrounding spaces are not part of its value.
        options.MissingRealsAsNaNs = true;
        options.TrimWhitespace = true;
        return ml.Data.CreateTextLoader(options);
    }
}
