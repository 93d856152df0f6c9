using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.FocalLoss.Cli.Data;

/// <summary>A CSV file's column names, read with TextLoader from its first line, checked for names a table cannot have.</summary>
internal sealed class CsvHeader
{
    private CsvHeader(string path, CsvDialect dialect, string[] names)
    {
        Path = path;
        Dialect = dialect;
        Names = names;
    }

    public string Path { get; }

    /// <summary>The file's separator and decimal marker, which every later read of the file uses.</summary>
    public CsvDialect Dialect { get; }

    public string[] Names { get; }

    public static CsvHeader Read(string path)
    {
        if (!File.Exists(path)) throw new CliException(Directory.Exists(path) ? $"{path}: a folder, not a CSV file." : $"{path}: file not found.");
        var ml = new MLContext();
        CsvDialect dialect = CsvDialect.Detect(path);
        // The first line as one variable-length text vector: the header's fields, unquoted.
        var loader = ml.Data.CreateTextLoader(CsvFormat.Options(dialect, hasHeader: false, CsvFormat.AllFields("Fields")));
        VBuffer<ReadOnlyMemory<char>> fields = default;
        using (DataViewRowCursor cursor = loader.Load(path).GetRowCursor(loader.GetOutputSchema()))
        {
            if (!cursor.MoveNext()) throw new CliException($"{path}: the file is empty; expected a header line of column names.");
            cursor.GetGetter<VBuffer<ReadOnlyMemory<char>>>(cursor.Schema["Fields"])(ref fields);
        }
        string[] names = fields.DenseValues().Select(f => f.ToString().Trim()).ToArray();
        if (names.All(n => n.Length == 0)) throw new CliException($"{path}: the first line is blank; expected a header line of column names.");
        for (int i = 0; i < names.Length; i++)
        {
            if (names[i].Length == 0)
                throw new CliException($"{path}: column {i + 1} of {names.Length} has no name{(i == names.Length - 1 ? $" (a trailing {CsvDialect.Name(dialect.Separator)} on the header line?)" : "")}; every column needs one.");
        }
        // A second column of the same name would be read as the first, or leak the label into the features.
        string[] duplicates = names.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
        if (duplicates.Length > 0)
            throw new CliException($"{path}: column name(s) {string.Join(", ", duplicates.Select(d => $"'{d}'"))} appear more than once; rename them so each column has its own name.");
        return new CsvHeader(path, dialect, names);
    }

    /// <summary>The position of a column, or a <see cref="CliException"/> listing the columns there are.</summary>
    public int IndexOf(string name, string role)
    {
        int index = Array.IndexOf(Names, name);
        if (index < 0) throw new CliException($"{Path}: no {role} column '{name}'; the columns are {string.Join(", ", Names)}.");
        return index;
    }

    /// <summary>Checks that every named column exists, naming all that do not.</summary>
    /// <param name="option">The option that gave the names, when a user typed them: a name the file has with a comma in it gets a hint to quote it.</param>
    public void Require(IEnumerable<string> names, string what, string? option = null)
    {
        string[] missing = names.Where(n => Array.IndexOf(Names, n) < 0).ToArray();
        if (missing.Length > 0)
            throw new CliException($"{Path}: {what} column(s) {ColumnList.Format(missing)}, which the file does not have."
                + (option is null ? "" : ColumnList.QuotingHint(missing, Names, option)));
    }
}
