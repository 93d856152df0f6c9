using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.FocalLoss.Cli.Data;

/// <summary>
/// Training and evaluation only (never in the saved model, so new data needs no label): the label column's raw
/// text → its class → "Label", a key in class order (multiclass) or true for the positive class (binary). Rows
/// without a label are left out, and counted by the file's profile.
/// </summary>
internal static class LabelMapping
{
    public const string LabelColumn = "Label";
    private const string RawColumn = "focalml.LabelRaw";
    private const string CanonicalColumn = "focalml.LabelClass";
    private const string KeyColumn = "focalml.LabelKey";

    /// <summary>The labelled rows of <paramref name="raw"/> with the Label column the trainers read.</summary>
    public static IDataView Apply(MLContext ml, IDataView raw, string labelColumn, LabelStats fileLabels, ClassLabels classes)
    {
        // Each cell → its class name by the profile's own rule ("1.0" and "1" → "1", surrounding spaces dropped, also
        // inside quotes, where the loader keeps them); a missing marker becomes "", then key 0. A lookup of the
        // profile's raw cells instead missed quoted ones (" pos" was read as pos there) and dropped those rows unsaid.
        IDataView classNames = ml.Data.LoadFromEnumerable(classes.Names.Select(n => new ClassName { Value = n }));
        var keyed = ml.Transforms.CopyColumns(RawColumn, labelColumn)
            .Append(ml.Transforms.CustomMapping((RawLabel input, CanonicalLabel output) => output.Class = fileLabels.Canonical(input.Raw) ?? "", contractName: null))
            .Append(ml.Transforms.Conversion.MapValueToKey(KeyColumn, CanonicalColumn, keyData: classNames))
            .Fit(raw).Transform(raw);
        IDataView labelled = ml.Data.FilterRowsByMissingValues(keyed, KeyColumn);
        IEstimator<ITransformer> label = classes.IsBinary
            ? ml.Transforms.Conversion.MapValue(LabelColumn, new Dictionary<string, bool> { [classes.Names[0]] = false, [classes.Names[1]] = true }, CanonicalColumn)
            : ml.Transforms.CopyColumns(LabelColumn, KeyColumn);
        return label.Fit(labelled).Transform(labelled);
    }

    /// <summary>
    /// Each row's class index (0-based, in class order), read once in file order. Every one of the
    /// <paramref name="labelledRows"/> rows the profile counted with a label must come out of the mapping with its
    /// class: a row lost between the two readers would otherwise vanish from training or evaluation without a word.
    /// </summary>
    public static int[] ClassIndex(IDataView labelled, bool binary, string path, long labelledRows)
    {
        var index = new int[(int)Math.Min(labelledRows, int.MaxValue)];
        long count = 0;
        using DataViewRowCursor cursor = labelled.GetRowCursor(new[] { labelled.Schema[binary ? LabelColumn : KeyColumn] });
        if (binary)
        {
            var get = cursor.GetGetter<bool>(labelled.Schema[LabelColumn]);
            bool value = false;
            for (; cursor.MoveNext(); count++)
            {
                get(ref value);
                if (count < index.Length) index[count] = value ? 1 : 0;
            }
        }
        else
        {
            var get = cursor.GetGetter<uint>(labelled.Schema[KeyColumn]);
            uint key = 0;
            for (; cursor.MoveNext(); count++)
            {
                get(ref key);
                if (count < index.Length) index[count] = (int)key - 1;
            }
        }
        if (count != labelledRows)
            throw new CliException($"{path}: the label mapping gave {count} row(s) a class where the file has {labelledRows} labelled row(s); this is a focalml bug: please report it with the file's first lines.");
        return index;
    }

    /// <summary>Rows per class, over the rows a mask keeps (all rows without one).</summary>
    public static int[] Counts(int[] classIndex, BitArray? keep, int classes)
    {
        var counts = new int[classes];
        for (int i = 0; i < classIndex.Length; i++)
            if (classIndex[i] >= 0 && (keep is null || keep[i])) counts[classIndex[i]]++;
        return counts;
    }

    /// <summary>The rows of a data view whose positions a mask keeps, and the class index of each, in order.</summary>
    public static int[] Select(int[] classIndex, BitArray keep)
    {
        int count = 0;
        for (int i = 0; i < classIndex.Length; i++) if (keep[i]) count++;
        var selected = new int[count];
        for (int i = 0, j = 0; i < classIndex.Length; i++) if (keep[i]) selected[j++] = classIndex[i];
        return selected;
    }

    private sealed class ClassName
    {
        public string Value { get; set; } = "";
    }

    private sealed class RawLabel
    {
        [ColumnName(RawColumn)]
        public string Raw { get; set; } = "";
    }

    private sealed class CanonicalLabel
    {
        [ColumnName(CanonicalColumn)]
        public string Class { get; set; } = "";
    }
}
