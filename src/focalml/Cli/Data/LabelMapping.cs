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
    private const string CanonicalColumn = "focalml.LabelClass";
    private const string KeyColumn = "focalml.LabelKey";

    /// <summary>The labelled rows of <paramref name="raw"/> with the Label column the trainers read.</summary>
    public static IDataView Apply(MLContext ml, IDataView raw, string labelColumn, LabelStats fileLabels, ClassLabels classes)
    {
        // Raw cell → class name ("1.0" and "1" → "1"); cells not in the map (missing markers) become "", then key 0.
        var rawToClass = new Dictionary<string, string>();
        foreach (string value in fileLabels.RawValues) rawToClass[value] = fileLabels.Canonical(value) ?? "";
        IDataView classNames = ml.Data.LoadFromEnumerable(classes.Names.Select(n => new ClassName { Value = n }));
        var keyed = ml.Transforms.Conversion.MapValue(CanonicalColumn, rawToClass, labelColumn)
            .Append(ml.Transforms.Conversion.MapValueToKey(KeyColumn, CanonicalColumn, keyData: classNames))
            .Fit(raw).Transform(raw);
        IDataView labelled = ml.Data.FilterRowsByMissingValues(keyed, KeyColumn);
        IEstimator<ITransformer> label = classes.IsBinary
            ? ml.Transforms.Conversion.MapValue(LabelColumn, new Dictionary<string, bool> { [classes.Names[0]] = false, [classes.Names[1]] = true }, CanonicalColumn)
            : ml.Transforms.CopyColumns(LabelColumn, KeyColumn);
        return label.Fit(labelled).Transform(labelled);
    }

    /// <summary>Each row's class index (0-based, in class order), read once in file order.</summary>
    public static int[] ClassIndex(IDataView labelled, bool binary) => binary
        ? labelled.GetColumn<bool>(LabelColumn).Select(b => b ? 1 : 0).ToArray()
        : labelled.GetColumn<uint>(KeyColumn).Select(k => (int)k - 1).ToArray();

    /// <summary>A mask over the labelled rows' positions.</summary>
    public static BitArray Mask(int count, IEnumerable<int> rows)
    {
        var mask = new BitArray(count);
        foreach (int r in rows) mask[r] = true;
        return mask;
    }

    private sealed class ClassName
    {
        public string Value { get; set; } = "";
    }
}
