using System;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.FocalLoss.Training;

/// <summary>
/// One pass over the label, feature and weight columns, handing each usable row to a callback and counting the rows
/// it skips: a non-finite feature, a missing label, or a NaN, infinite or negative weight.
/// </summary>
internal sealed class RowReader
{
    private readonly IHost _host;
    private readonly RoleMappedData _data;
    private readonly int _classes;
    private readonly string _role;

    public RowReader(IHost host, RoleMappedData data, int classes, string role)
    {
        _host = host;
        _data = data;
        _classes = classes;
        _role = role;
        FeatureCount = data.Schema.Feature!.Value.Type.GetVectorSize();
    }

    /// <summary>Called with the dense features, the class index, the weight (1 without a weight column) and the row's position in the data.</summary>
    public delegate void RowAction(ReadOnlySpan<float> features, int label, float weight, long position);

    public int FeatureCount { get; }

    public bool HasWeights => _data.Schema.Weight is not null;

    /// <summary>What the last pass left out.</summary>
    public SkippedRows Skipped => new(_badFeatures, _badLabels, _badWeights);

    private long _badFeatures, _badLabels, _badWeights;

    /// <summary>Reads every row once; the skip counters describe the last pass.</summary>
    public void ForEach(RowAction action)
    {
        _badFeatures = _badLabels = _badWeights = 0;
        DataViewSchema.Column feature = _data.Schema.Feature!.Value;
        DataViewSchema.Column label = _data.Schema.Label!.Value;
        DataViewSchema.Column? weight = _data.Schema.Weight;
        bool booleanLabel = label.Type is BooleanDataViewType;
        var columns = weight is null ? new[] { feature, label } : new[] { feature, label, weight.Value };
        using DataViewRowCursor cursor = _data.Data.GetRowCursor(columns);
        ValueGetter<VBuffer<float>> getFeatures = cursor.GetGetter<VBuffer<float>>(feature);
        ValueGetter<uint>? getKey = booleanLabel ? null : cursor.GetGetter<uint>(label);
        ValueGetter<bool>? getBool = booleanLabel ? cursor.GetGetter<bool>(label) : null;
        ValueGetter<float>? getWeight = weight is null ? null : cursor.GetGetter<float>(weight.Value);
        VBuffer<float> x = default;
        uint key = 0;
        bool flag = false;
        float w = 1;
        var dense = new float[FeatureCount];
        while (cursor.MoveNext())
        {
            _host.CheckAlive();
            int y;
            if (getKey is not null)
            {
                getKey(ref key);
                if (key == 0)
                {
                    _badLabels++;
                    continue;
                }
                if (key > _classes)
                    throw _host.Except($"The {_role} label column '{label.Name}' has key value {key}, outside its key type's {_classes} values.");
                y = (int)key - 1;
            }
            else
            {
                getBool!(ref flag);
                y = flag ? 1 : 0;
            }
            if (getWeight is not null)
            {
                getWeight(ref w);
                if (!Evaluation.RowFilter.IsUsableWeight(w))
                {
                    _badWeights++;
                    continue;
                }
            }
            getFeatures(ref x);
            x.CopyTo(dense);
            if (!AllFinite(dense))
            {
                _badFeatures++;
                continue;
            }
            action(dense, y, w, cursor.Position);
        }
    }

    private static bool AllFinite(ReadOnlySpan<float> values)
    {
        foreach (float v in values)
            if (!float.IsFinite(v)) return false;
        return true;
    }
}
