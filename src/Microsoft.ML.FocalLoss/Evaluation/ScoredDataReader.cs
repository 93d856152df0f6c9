using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.FocalLoss.Evaluation;

/// <summary>Reads the label, score and weight columns of a scored IDataView into arrays, checking their types.</summary>
internal static class ScoredDataReader
{
    /// <summary>Multiclass: a key label, a known-size float vector score with one slot per class, an optional float weight.</summary>
    public static (float[] Scores, int[] Labels, float[] Weights, string[] ClassNames) ReadMulticlass(
        IExceptionContext ectx, IDataView data, string labelColumnName, string scoreColumnName, string? weightColumnName)
    {
        DataViewSchema.Column label = Find(ectx, data, "label", labelColumnName);
        if (label.Type is not KeyDataViewType key || key.Count is 0 or > int.MaxValue)
            throw ectx.ExceptSchemaMismatch(nameof(data), "label", labelColumnName, "a key type with a known count (use MapValueToKey)", label.Type.ToString());
        int classes = (int)key.Count;
        DataViewSchema.Column score = Find(ectx, data, "score", scoreColumnName);
        if (score.Type is not VectorDataViewType { ItemType: NumberDataViewType n } vector || n != NumberDataViewType.Single || vector.Size != classes)
            throw ectx.ExceptSchemaMismatch(nameof(data), "score", scoreColumnName, $"a vector of {classes} Single (one per label key value)", score.Type.ToString());
        DataViewSchema.Column? weight = FindWeight(ectx, data, weightColumnName);

        var scores = new List<float>();
        var labels = new List<int>();
        var weights = new List<float>();
        using (DataViewRowCursor cursor = data.GetRowCursor(weight is null ? new[] { label, score } : new[] { label, score, weight.Value }))
        {
            ValueGetter<uint> getLabel = cursor.GetGetter<uint>(label);
            ValueGetter<VBuffer<float>> getScore = cursor.GetGetter<VBuffer<float>>(score);
            ValueGetter<float>? getWeight = weight is null ? null : cursor.GetGetter<float>(weight.Value);
            uint k = 0;
            VBuffer<float> s = default;
            float w = 1;
            while (cursor.MoveNext())
            {
                getLabel(ref k);
                getScore(ref s);
                labels.Add((int)k - 1); // key 0 is a missing label: -1 marks it
                scores.AddRange(s.DenseValues());
                if (getWeight is not null)
                {
                    getWeight(ref w);
                    weights.Add(w);
                }
            }
        }
        return (scores.ToArray(), labels.ToArray(), weights.ToArray(), KeyNames(label, classes));
    }

    /// <summary>Binary: a Boolean (or Single, positive when &gt; 0) label, a Single score, an optional float weight.</summary>
    public static (float[] Scores, bool[] Labels, float[] Weights, long SkippedRows) ReadBinary(
        IExceptionContext ectx, IDataView data, string labelColumnName, string scoreColumnName, string? weightColumnName)
    {
        DataViewSchema.Column label = Find(ectx, data, "label", labelColumnName);
        bool booleanLabel = label.Type is BooleanDataViewType;
        if (!booleanLabel && label.Type != NumberDataViewType.Single)
            throw ectx.ExceptSchemaMismatch(nameof(data), "label", labelColumnName, "Boolean (or Single, positive when > 0)", label.Type.ToString());
        DataViewSchema.Column score = Find(ectx, data, "score", scoreColumnName);
        if (score.Type != NumberDataViewType.Single)
            throw ectx.ExceptSchemaMismatch(nameof(data), "score", scoreColumnName, "Single", score.Type.ToString());
        DataViewSchema.Column? weight = FindWeight(ectx, data, weightColumnName);

        var scores = new List<float>();
        var labels = new List<bool>();
        var weights = new List<float>();
        long skipped = 0;
        using (DataViewRowCursor cursor = data.GetRowCursor(weight is null ? new[] { label, score } : new[] { label, score, weight.Value }))
        {
            ValueGetter<bool>? getBool = booleanLabel ? cursor.GetGetter<bool>(label) : null;
            ValueGetter<float>? getFloat = booleanLabel ? null : cursor.GetGetter<float>(label);
            ValueGetter<float> getScore = cursor.GetGetter<float>(score);
            ValueGetter<float>? getWeight = weight is null ? null : cursor.GetGetter<float>(weight.Value);
            bool b = false;
            float f = 0, s = 0, w = 1;
            while (cursor.MoveNext())
            {
                if (getBool is not null) getBool(ref b);
                else
                {
                    getFloat!(ref f);
                    b = f > 0;
                }
                getScore(ref s);
                getWeight?.Invoke(ref w);
                if ((getFloat is not null && float.IsNaN(f)) || !RowFilter.IsUsable(s, w))
                {
                    skipped++;
                    continue;
                }
                scores.Add(s);
                labels.Add(b);
                if (getWeight is not null) weights.Add(w);
            }
        }
        return (scores.ToArray(), labels.ToArray(), weights.ToArray(), skipped);
    }

    /// <summary>The predicted class per row from a key column of the label's cardinality.</summary>
    public static int[] ReadPredictedKeys(IExceptionContext ectx, IDataView data, string columnName, int classes)
    {
        DataViewSchema.Column column = Find(ectx, data, "predicted label", columnName);
        if (column.Type is not KeyDataViewType key || key.Count != (ulong)classes)
            throw ectx.ExceptSchemaMismatch(nameof(data), "predicted label", columnName, $"a key type with {classes} values", column.Type.ToString());
        var predicted = new List<int>();
        using DataViewRowCursor cursor = data.GetRowCursor(new[] { column });
        ValueGetter<uint> get = cursor.GetGetter<uint>(column);
        uint k = 0;
        while (cursor.MoveNext())
        {
            get(ref k);
            predicted.Add((int)k - 1);
        }
        return predicted.ToArray();
    }

    private static DataViewSchema.Column Find(IExceptionContext ectx, IDataView data, string role, string name)
    {
        ectx.CheckValue(data, nameof(data));
        ectx.CheckNonEmpty(name, role + "ColumnName");
        return data.Schema.GetColumnOrNull(name) ?? throw ectx.ExceptSchemaMismatch(nameof(data), role, name);
    }

    private static DataViewSchema.Column? FindWeight(IExceptionContext ectx, IDataView data, string? name)
    {
        if (string.IsNullOrEmpty(name)) return null;
        DataViewSchema.Column weight = Find(ectx, data, "example weight", name);
        if (weight.Type != NumberDataViewType.Single)
            throw ectx.ExceptSchemaMismatch(nameof(data), "example weight", name, "Single", weight.Type.ToString());
        return weight;
    }

    /// <summary>The label's key values as text (e.g. "setosa"), or "0", "1", … when the key has none.</summary>
    internal static string[] KeyNames(DataViewSchema.Column label, int classes)
    {
        var annotation = label.Annotations.Schema.GetColumnOrNull(AnnotationUtils.Kinds.KeyValues);
        if (annotation?.Type is VectorDataViewType { ItemType: var item } && annotation.Value.Type.GetValueCount() == classes)
        {
            string[]? names = item.RawType switch
            {
                var t when t == typeof(ReadOnlyMemory<char>) => Names<ReadOnlyMemory<char>>(label),
                var t when t == typeof(float) => Names<float>(label),
                var t when t == typeof(double) => Names<double>(label),
                var t when t == typeof(int) => Names<int>(label),
                var t when t == typeof(uint) => Names<uint>(label),
                var t when t == typeof(long) => Names<long>(label),
                var t when t == typeof(bool) => Names<bool>(label),
                _ => null,
            };
            if (names is not null) return names;
        }
        return Enumerable.Range(0, classes).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }

    private static string[] Names<T>(DataViewSchema.Column label)
    {
        VBuffer<T> values = default;
        label.Annotations.GetValue(AnnotationUtils.Kinds.KeyValues, ref values);
        return values.DenseValues().Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "").ToArray();
    }
}
