using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Microsoft.ML.FocalLoss.Cli;

/// <summary>A CSV file as text cells: a header line of column names, then rows of the same width.</summary>
internal sealed class CsvTable
{
    private CsvTable(string path, string[] header, List<string[]> rows)
    {
        Path = path;
        Header = header;
        Rows = rows;
    }

    public string Path { get; }

    public string[] Header { get; }

    public IReadOnlyList<string[]> Rows { get; }

    /// <summary>Reads the file; a missing or empty file, or a row of the wrong width, is a <see cref="CliException"/>.</summary>
    public static CsvTable Read(string path)
    {
        if (!File.Exists(path)) throw new CliException($"{path}: file not found.");
        using var reader = new StreamReader(path);
        string? headerLine = reader.ReadLine();
        if (string.IsNullOrWhiteSpace(headerLine)) throw new CliException($"{path}: the file is empty; expected a header line of column names.");
        string[] header = Split(headerLine);
        var rows = new List<string[]>();
        int lineNumber = 1;
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Length == 0) continue;
            string[] cells = Split(line);
            if (cells.Length != header.Length)
                throw new CliException($"{path}: line {lineNumber} has {cells.Length} fields but the header has {header.Length}.");
            rows.Add(cells);
        }
        if (rows.Count == 0) throw new CliException($"{path}: the file has a header but no rows.");
        return new CsvTable(path, header, rows);
    }

    /// <summary>The index of a column, or a <see cref="CliException"/> listing the columns there are.</summary>
    public int ColumnIndex(string name, string role)
    {
        int index = Array.IndexOf(Header, name);
        if (index < 0) throw new CliException($"{Path}: no {role} column '{name}'; the columns are {string.Join(", ", Header)}.");
        return index;
    }

    /// <summary>Splits one line on commas, honouring double-quoted fields with "" escapes.</summary>
    private static string[] Split(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { cells.Add(cell.ToString().Trim()); cell.Clear(); }
            else cell.Append(c);
        }
        cells.Add(cell.ToString().Trim());
        return cells.ToArray();
    }
}
