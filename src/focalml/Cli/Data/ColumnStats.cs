using System;
using System.Collections.Generic;

namespace Microsoft.ML.FocalLoss.Cli.Data;

/// <summary>What one pass sees in a column: missing cells, cells that are not numbers, and distinct values (up to a cap).</summary>
internal sealed class ColumnStats(int distinctCap, CsvDialect dialect)
{
    private readonly Dictionary<string, long> _distinct = new(StringComparer.Ordinal);

    public long Missing { get; private set; }

    public long NonMissing { get; private set; }

    public long NotNumbers { get; private set; }

    /// <summary>Cells that are not numbers but would be with a decimal point for their one comma ("1,5").</summary>
    public long DecimalCommas { get; private set; }

    /// <summary>The first cell that is not a number, and its data row (1-based), for messages.</summary>
    public (string Value, long Row)? FirstText { get; private set; }

    /// <summary>Distinct non-missing values, or more than the cap when <see cref="DistinctOverflow"/>.</summary>
    public int Distinct => _distinct.Count;

    public bool DistinctOverflow { get; private set; }

    /// <summary>Rows per distinct value (trimmed), while under the cap.</summary>
    public IReadOnlyDictionary<string, long> Counts => _distinct;

    public void Add(ReadOnlySpan<char> cell, long row)
    {
        if (CsvFormat.IsMissing(cell))
        {
            Missing++;
            return;
        }
        NonMissing++;
        ReadOnlySpan<char> trimmed = cell.Trim();
        if (!dialect.IsNumber(trimmed, out _))
        {
            NotNumbers++;
            FirstText ??= (trimmed.ToString(), row);
            if (dialect.DecimalMarker == '.' && trimmed.Count(',') == 1 && CsvFormat.IsNumber(trimmed.ToString().Replace(',', '.'), out _)) DecimalCommas++;
        }
        if (DistinctOverflow) return;
        string value = trimmed.ToString();
        if (_distinct.TryGetValue(value, out long count)) _distinct[value] = count + 1;
        else if (_distinct.Count >= distinctCap) DistinctOverflow = true;
        else _distinct[value] = 1;
    }
}
