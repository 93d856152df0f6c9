using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.FocalLoss.Cli.Data;

/// <summary>
/// One pass over a file to be scored against a saved model, cells as text: which rows can be scored, and why the
/// others cannot (a blank line, a ragged row, text in a numeric column), plus the label's classes when asked. Rows
/// are counted and flagged, never dropped unseen.
/// </summary>
internal sealed class FileCheck
{
    /// <summary>The position of the first row with text in a numeric column, for the summary; −1 when none has.</summary>
    private readonly long _firstBadValue;

    private FileCheck(BitArray usable, long rows, Dictionary<long, string> notes, long blank, long ragged, long badValue, long firstBadValue, LabelStats? label)
    {
        _firstBadValue = firstBadValue;
        Usable = usable;
        Rows = rows;
        Notes = notes;
        Blank = blank;
        Ragged = ragged;
        BadValue = badValue;
        Label = label;
    }

    /// <summary>Per row position (as a typed TextLoader yields them): true when the row can be scored.</summary>
    public BitArray Usable { get; }

    /// <summary>Rows TextLoader yields, blank lines of spaces included.</summary>
    public long Rows { get; }

    /// <summary>Why each unusable row is unusable, by position.</summary>
    public IReadOnlyDictionary<long, string> Notes { get; }

    public long Blank { get; }

    public long Ragged { get; }

    public long BadValue { get; }

    /// <summary>The label column's classes over the usable rows, when a label column was asked for.</summary>
    public LabelStats? Label { get; }

    public long Unusable => Blank + Ragged + BadValue;

    public static FileCheck Read(CsvHeader header, IReadOnlyList<string> numericColumns, string? labelColumn)
    {
        int[] numeric = numericColumns.Select(c => header.IndexOf(c, "feature")).ToArray();
        int label = labelColumn is null ? -1 : header.IndexOf(labelColumn, "label");
        var labelStats = new ColumnStats(TableProfile.MaxClasses, CsvDialect.Plain);
        var usable = new BitArray(1024);
        var notes = new Dictionary<long, string>();
        long rows = 0, blank = 0, ragged = 0, bad = 0, firstBad = -1;
        TableProfile.Scan(header, (position, shape, fields, cells) =>
        {
            rows = position + 1;
            if (position >= usable.Length) usable.Length = (int)Math.Min(int.MaxValue, Math.Max(2L * usable.Length, position + 1));
            string? note = shape switch
            {
                TableProfile.RowShape.Blank => "blank line",
                TableProfile.RowShape.Ragged => $"{fields} fields, the header has {header.Names.Length}",
                _ => BadNumber(header, numeric, cells),
            };
            if (note is null)
            {
                usable[(int)position] = true;
                if (label >= 0) labelStats.Add(cells[label].Span, position + 1);
                return;
            }
            notes[position] = note;
            if (shape == TableProfile.RowShape.Blank) blank++;
            else if (shape == TableProfile.RowShape.Ragged) ragged++;
            else if (bad++ == 0) firstBad = position;
        });
        if (rows == 0) throw new CliException($"{header.Path}: the file has a header but no rows.");
        usable.Length = (int)rows;
        return new FileCheck(usable, rows, notes, blank, ragged, bad, firstBad, label >= 0 ? LabelStats.From(header, labelColumn!, labelStats) : null);
    }

    /// <summary>How many rows were left out, and why, for the one line a command prints; null when none were.</summary>
    public string? Summary() => Unusable == 0 ? null : string.Join(", ", new[]
    {
        Blank > 0 ? $"{Blank} blank line(s)" : null,
        Ragged > 0 ? $"{Ragged} ragged row(s)" : null,
        BadValue > 0 ? $"{BadValue} row(s) with text in a numeric column (first: row {_firstBadValue + 1}, {Notes[_firstBadValue]})" : null,
    }.Where(s => s is not null));

    private static string? BadNumber(CsvHeader header, int[] numeric, ReadOnlySpan<ReadOnlyMemory<char>> cells)
    {
        foreach (int c in numeric)
        {
            ReadOnlySpan<char> cell = cells[c].Span;
            if (!CsvFormat.IsMissing(cell) && !header.Dialect.IsNumber(cell, out _))
                return $"bad value '{cell.Trim().ToString()}' in numeric column '{header.Names[c]}'";
        }
        return null;
    }
}
