using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace Microsoft.ML.FocalLoss.Cli.Data;

/// <summary>
/// The categories a fitted pipeline's one-hot encoding learned, per input column. ML.NET encodes any other value as
/// all zeros, the same as an empty cell, so a category that training never had is scored as if it were missing.
/// That is a sound default, but not one to apply unseen: the commands count such rows and say so.
/// </summary>
internal sealed class KnownCategories
{
    private readonly Dictionary<string, HashSet<string>> _byColumn;

    private KnownCategories(Dictionary<string, HashSet<string>> byColumn) => _byColumn = byColumn;

    /// <summary>Reads each one-hot encoder's vocabulary, walking nested chains in order.</summary>
    public static KnownCategories FromModel(ITransformer model, DataViewSchema inputSchema)
    {
        var byColumn = new Dictionary<string, HashSet<string>>();
        Walk(model, inputSchema, byColumn);
        return new KnownCategories(byColumn);
    }

    private static DataViewSchema Walk(ITransformer transformer, DataViewSchema schema, Dictionary<string, HashSet<string>> byColumn)
    {
        if (transformer is IEnumerable<ITransformer> chain)
        {
            foreach (ITransformer part in chain) schema = Walk(part, schema, byColumn);
            return schema;
        }
        DataViewSchema output = transformer.GetOutputSchema(schema);
        // A fitted one-hot encoder holds its vocabulary as slot names; loaded from a zip, it is the value-to-key map it
        // saved, whose key values are the vocabulary.
        if (transformer is OneHotEncodingTransformer or ValueToKeyMappingTransformer)
        {
            foreach (DataViewSchema.Column column in output.Where(c => !c.IsHidden))
            {
                // Each replaces a text column of the same name.
                if (schema.GetColumnOrNull(column.Name) is not { Type: TextDataViewType }) continue;
                VBuffer<ReadOnlyMemory<char>> names = default;
                if (column.Type is KeyDataViewType && column.HasKeyValues()) column.GetKeyValues(ref names);
                else if (column.Type is VectorDataViewType && column.HasSlotNames()) column.GetSlotNames(ref names);
                else continue;
                byColumn[column.Name] = names.DenseValues().Select(n => n.ToString()).ToHashSet(StringComparer.Ordinal);
            }
        }
        return output;
    }

    /// <summary>
    /// Rows of <paramref name="rows"/> (by position) whose one-hot column holds a value the encoder never saw; a
    /// missing-value marker is not such a value.
    /// </summary>
    public UnseenCategories Find(IDataView rows)
    {
        var result = new UnseenCategories();
        string[] columns = _byColumn.Keys.Where(c => rows.Schema.GetColumnOrNull(c) is { Type: TextDataViewType }).ToArray();
        if (columns.Length == 0) return result;
        using DataViewRowCursor cursor = rows.GetRowCursor(columns.Select(c => rows.Schema[c]));
        var getters = columns.Select(c => cursor.GetGetter<ReadOnlyMemory<char>>(rows.Schema[c])).ToArray();
        ReadOnlyMemory<char> cell = default;
        while (cursor.MoveNext())
        {
            for (int c = 0; c < columns.Length; c++)
            {
                getters[c](ref cell);
                // The cell as the encoder sees it: a quoted " red" is a category of its own, apart from red.
                string value = cell.ToString();
                if (CsvFormat.IsMissing(cell.Span) || _byColumn[columns[c]].Contains(value)) continue;
                result.Add(cursor.Position, columns[c], value);
                break;
            }
        }
        return result;
    }
}

/// <summary>
/// Rows with a category not seen in training, in the order of the view searched: each row's position and note, in
/// 12 bytes a row (a position and an index into the notes, one note per column and value), read back in order.
/// </summary>
internal sealed class UnseenCategories
{
    private readonly List<long> _positions = new();
    private readonly List<int> _noteOf = new();
    private readonly List<string> _notes = new();
    private readonly Dictionary<(string, string), int> _noteIndex = new();
    private int _next;

    /// <summary>How many rows hold such a category.</summary>
    public long Count => _positions.Count;

    /// <summary>The first such value and its column, for a summary; null when every category was known.</summary>
    public string? First { get; private set; }

    internal void Add(long position, string column, string value)
    {
        if (!_noteIndex.TryGetValue((column, value), out int index))
        {
            _noteIndex[(column, value)] = index = _notes.Count;
            _notes.Add($"'{value}' in '{column}': a category not seen in training");
        }
        _positions.Add(position);
        _noteOf.Add(index);
        First ??= $"'{value}' in '{column}'";
    }

    /// <summary>The note of the row at <paramref name="position"/>, or null; positions must be asked in increasing order.</summary>
    public string? NoteAt(long position)
    {
        while (_next < _positions.Count && _positions[_next] < position) _next++;
        return _next < _positions.Count && _positions[_next] == position ? _notes[_noteOf[_next]] : null;
    }

    /// <summary>One clause for a command's summary line about <paramref name="rows"/> such rows; null when there are none.</summary>
    public string? Summary(long rows) => rows == 0 || First is null ? null
        : $"{rows} row(s) with a category not seen in training, scored as if that cell were empty (first: {First})";
}
