using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.FocalLoss.Cli.Data;

/// <summary>
/// One streaming pass over a CSV, every cell read as text: which columns are numbers, which are categories, which
/// are missing where, and the label's classes. Ragged rows are errors that name the row; blank lines are counted.
/// </summary>
internal sealed class TableProfile
{
    /// <summary>A text column with more distinct values than this is not a category.</summary>
    public const int MaxCategories = 100;

    /// <summary>A column with at most one cell in this many that is not a number is a number column with bad cells.</summary>
    private const int MostlyNumbers = 20;

    /// <summary>More classes than this is not a classification label.</summary>
    public const int MaxClasses = 1000;

    private TableProfile(CsvHeader header, long rows, long blankRows, FeatureColumn[] features, string[] emptyColumns, LabelStats? label)
    {
        Header = header;
        Rows = rows;
        BlankRows = blankRows;
        Features = features;
        EmptyColumns = emptyColumns;
        Label = label;
    }

    public CsvHeader Header { get; }

    /// <summary>Data rows, not counting blank lines.</summary>
    public long Rows { get; }

    /// <summary>Lines with nothing but spaces; TextLoader drops empty ones itself.</summary>
    public long BlankRows { get; }

    public FeatureColumn[] Features { get; }

    /// <summary>Columns with no value in any row: not used.</summary>
    public string[] EmptyColumns { get; }

    public LabelStats? Label { get; }

    /// <summary>Profiles a training file: every column but the label and the ignored ones is a feature.</summary>
    public static TableProfile Read(CsvHeader header, string? labelColumn, IReadOnlyCollection<string> ignored, IReadOnlyCollection<string> text)
    {
        if (labelColumn is not null) header.IndexOf(labelColumn, "label");
        header.Require(ignored, "--ignore-cols names", "--ignore-cols");
        header.Require(text, "--text-cols names", "--text-cols");
        if (labelColumn is not null && ignored.Contains(labelColumn)) throw new CliException($"--ignore-cols names the label column '{labelColumn}'.");
        if (labelColumn is not null && text.Contains(labelColumn)) throw new CliException($"--text-cols names the label column '{labelColumn}'.");
        if (text.FirstOrDefault(ignored.Contains) is string both) throw new CliException($"Column '{both}' is in both --text-cols and --ignore-cols.");
        int width = header.Names.Length;
        // Labels are read as text; a feature's numbers in the file's own decimal marker.
        var stats = header.Names.Select(n => n == labelColumn ? new ColumnStats(MaxClasses, CsvDialect.Plain) : new ColumnStats(MaxCategories, header.Dialect)).ToArray();
        (long rows, long blank) = Scan(header, (cells, row) =>
        {
            for (int c = 0; c < width; c++) stats[c].Add(cells[c].Span, row);
        });
        if (rows == 0) throw new CliException($"{header.Path}: the file has a header but no rows.");

        var features = new List<FeatureColumn>();
        var empty = new List<string>();
        for (int c = 0; c < width; c++)
        {
            string name = header.Names[c];
            if (name == labelColumn || ignored.Contains(name)) continue;
            ColumnStats s = stats[c];
            if (text.Contains(name)) features.Add(new FeatureColumn(name, FeatureKind.Text, s.Missing > 0, s.Distinct));
            else if (s.NonMissing == 0) empty.Add(name);
            else if (s.NotNumbers == 0) features.Add(new FeatureColumn(name, FeatureKind.Numeric, s.Missing > 0, s.Distinct));
            // Decimal commas the dialect did not take (a comma-separated file, or one whose numbers mix both marks) are
            // numbers all the same, not text to one-hot.
            else if ((s.NotNumbers - s.DecimalCommas) * (long)MostlyNumbers <= s.NonMissing && s.DecimalCommas * (long)MostlyNumbers > s.NonMissing)
                throw new CliException($"{header.Path}: column '{name}' holds numbers with a decimal comma ('{s.FirstText!.Value.Value}' in row {s.FirstText.Value.Row}); "
                    + "focalml reads decimal commas only in a tab, semicolon or pipe separated file whose numbers all use them. Save the file that way, or with decimal points.");
            // A number column with a few bad cells would otherwise become one-hot categories (or be refused as an ID).
            else if (s.NotNumbers * (long)MostlyNumbers <= s.NonMissing)
                throw new CliException($"{header.Path}: column '{name}' holds numbers except in {s.NotNumbers} of its {s.NonMissing} filled cells "
                    + $"('{s.FirstText!.Value.Value}' in row {s.FirstText.Value.Row}). Fix those cells or empty them (empty, NA, N/A, NaN, ? and null "
                    + $"are missing values), or leave the column out with --ignore-cols {ColumnList.Argument(name)}.");
            else if (!s.DistinctOverflow && (s.Distinct <= 10 || 2L * s.Distinct <= s.NonMissing))
                features.Add(new FeatureColumn(name, FeatureKind.Categorical, s.Missing > 0, s.Distinct));
            else
                throw new CliException($"{header.Path}: column '{name}' holds text ('{s.FirstText!.Value.Value}' in row {s.FirstText.Value.Row}) with "
                    + $"{(s.DistinctOverflow ? $"more than {MaxCategories}" : s.Distinct.ToString(CultureInfo.InvariantCulture))} distinct values in {s.NonMissing} rows: too many for a category. "
                    + $"If it is an ID, leave it out with --ignore-cols {ColumnList.Argument(name)}; if it is free text, featurize its words with --text-cols {ColumnList.Argument(name)}.");
        }
        if (features.Count == 0)
            throw new CliException($"{header.Path}: there are no feature columns beside the label{(ignored.Count > 0 ? " and the ignored columns" : "")}.");
        LabelStats? label = labelColumn is null ? null : LabelStats.From(header, labelColumn, stats[Array.IndexOf(header.Names, labelColumn)]);
        label?.CheckAreClasses(header.Path);
        return new TableProfile(header, rows, blank, features.ToArray(), empty.ToArray(), label);
    }

    /// <summary>What <see cref="Scan"/> found in one row that TextLoader yields.</summary>
    public enum RowShape
    {
        /// <summary>As many fields as the header.</summary>
        Full,

        /// <summary>A line of spaces only (TextLoader drops empty lines itself).</summary>
        Blank,

        /// <summary>More or fewer fields than the header.</summary>
        Ragged,
    }

    /// <summary>Reads every row's cells as text, in file order; ragged rows are errors that name the row.</summary>
    public static (long Rows, long Blank) Scan(CsvHeader header, Action<ReadOnlySpan<ReadOnlyMemory<char>>, long> row)
    {
        long rows = 0, blank = 0;
        Scan(header, (index, shape, fields, cells) =>
        {
            if (shape == RowShape.Blank) { blank++; return; }
            rows++;
            if (shape == RowShape.Ragged)
                throw new CliException($"{header.Path}: data row {rows} has {fields} fields but the header has {header.Names.Length}.");
            row(cells, rows);
        });
        return (rows, blank);
    }

    /// <summary>
    /// Reads every row TextLoader yields, in file order, cells as text: the action gets the row's 0-based position
    /// (the same as a typed TextLoader's over the file), its shape, its field count and its cells.
    /// </summary>
    public static void Scan(CsvHeader header, Action<long, RowShape, int, ReadOnlySpan<ReadOnlyMemory<char>>> row)
    {
        int width = header.Names.Length;
        var ml = new MLContext();
        // The same fields twice: as many cells as the header names, and all of them, whose count tells a short or long
        // row from a full one.
        var loader = ml.Data.CreateTextLoader(CsvFormat.Options(header.Dialect, hasHeader: true, new TextLoader.Column("Cells", DataKind.String, 0, width - 1), CsvFormat.AllFields("Fields")));
        IDataView data = loader.Load(header.Path);
        VBuffer<ReadOnlyMemory<char>> cells = default, fields = default;
        var dense = new ReadOnlyMemory<char>[width];
        using DataViewRowCursor cursor = data.GetRowCursor(data.Schema);
        var getCells = cursor.GetGetter<VBuffer<ReadOnlyMemory<char>>>(data.Schema["Cells"]);
        var getFields = cursor.GetGetter<VBuffer<ReadOnlyMemory<char>>>(data.Schema["Fields"]);
        for (long position = 0; cursor.MoveNext(); position++)
        {
            getFields(ref fields);
            bool blank = width > 1 && (fields.Length == 0 || (fields.Length == 1 && fields.GetItemOrDefault(0).Span.Trim().Length == 0));
            RowShape shape = blank ? RowShape.Blank : fields.Length == width ? RowShape.Full : RowShape.Ragged;
            if (shape == RowShape.Full)
            {
                getCells(ref cells);
                cells.CopyTo(dense);
            }
            row(position, shape, fields.Length, shape == RowShape.Full ? dense : default);
        }
    }
}
