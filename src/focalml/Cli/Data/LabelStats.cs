using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Microsoft.ML.FocalLoss.Cli.Data;

/// <summary>
/// A label column's classes and counts. When every value is a number, classes are numbers: "1" and "1.0" are one
/// class, named by the shortest round-trip form. Missing cells (empty, NA …) are rows without a label.
/// </summary>
internal sealed class LabelStats
{
    private LabelStats(string column, bool numeric, Dictionary<string, long> counts, long missing)
    {
        Column = column;
        IsNumeric = numeric;
        Counts = counts;
        Missing = missing;
    }

    public string Column { get; }

    public bool IsNumeric { get; }

    /// <summary>Rows per class, by canonical class name.</summary>
    public IReadOnlyDictionary<string, long> Counts { get; }

    public long Missing { get; }

    public static LabelStats From(CsvHeader header, string column, ColumnStats stats)
    {
        if (stats.DistinctOverflow)
            throw new CliException($"{header.Path}: the label column '{column}' has more than {TableProfile.MaxClasses} distinct values; is it the right column?");
        bool numeric = stats.NotNumbers == 0;
        var counts = new Dictionary<string, long>();
        foreach ((string value, long count) in stats.Counts)
        {
            string name = Canonical(numeric, value)!;
            counts[name] = counts.GetValueOrDefault(name) + count;
        }
        return new LabelStats(column, numeric, counts, stats.Missing);
    }

    /// <summary>
    /// Refuses training labels that are a measurement, not classes: many distinct numbers, most in one row only
    /// ("class 0.0006 has 1 row" would not name the real problem). A test file may hold few rows of many classes.
    /// </summary>
    public void CheckAreClasses(string path)
    {
        if (IsNumeric && Counts.Count > 20 && 2 * Counts.Values.Count(c => c == 1) > Counts.Count)
            throw new CliException($"{path}: the label column '{Column}' holds {Counts.Count} distinct numbers, most of them in one row only: a quantity "
                + "to predict (regression), not classes. focalml trains classifiers; give --label a column of classes.");
    }

    /// <summary>The class a raw cell belongs to, or null for a missing cell.</summary>
    public string? Canonical(string cell) => Canonical(IsNumeric, cell);

    private static string? Canonical(bool numeric, string cell)
    {
        if (CsvFormat.IsMissing(cell)) return null;
        string trimmed = cell.Trim();
        // Single, as TextLoader reads a numeric label: then the class names are the values the model maps back to.
        return numeric && CsvFormat.IsNumber(trimmed, out double value) ? ((float)value).ToString("R", CultureInfo.InvariantCulture) : trimmed;
    }
}
