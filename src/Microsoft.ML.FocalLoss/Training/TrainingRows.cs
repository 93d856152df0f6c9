using System;
using System.Collections.Generic;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.FocalLoss.Training;

/// <summary>
/// The usable rows of an IDataView in contiguous arrays: features row-major, class index per row, optional weights.
/// Rows with a non-finite feature, a missing label or a bad weight are skipped and counted, as ML.NET trainers do.
/// </summary>
internal sealed class TrainingRows
{
    private TrainingRows(float[] features, int[] labels, float[]? weights, int featureCount, long skippedFeatures, long skippedLabels, long skippedWeights)
    {
        Features = features;
        Labels = labels;
        Weights = weights;
        FeatureCount = featureCount;
        SkippedNonFiniteFeatures = skippedFeatures;
        SkippedMissingLabels = skippedLabels;
        SkippedBadWeights = skippedWeights;
    }

    public float[] Features { get; }

    /// <summary>Class index per row: the key value minus one, or 0/1 for a Boolean label.</summary>
    public int[] Labels { get; }

    public float[]? Weights { get; }

    public int FeatureCount { get; }

    public int Count => Labels.Length;

    public long SkippedNonFiniteFeatures { get; }

    public long SkippedMissingLabels { get; }

    public long SkippedBadWeights { get; }

    public long Skipped => SkippedNonFiniteFeatures + SkippedMissingLabels + SkippedBadWeights;

    /// <summary>Reads the rows; <paramref name="classes"/> is the key count (multiclass) or 2 for a Boolean label.</summary>
    public static TrainingRows Read(IHost host, RoleMappedData data, int classes, string role)
    {
        DataViewSchema.Column feature = data.Schema.Feature!.Value;
        DataViewSchema.Column label = data.Schema.Label!.Value;
        DataViewSchema.Column? weight = data.Schema.Weight;
        int featureCount = feature.Type.GetVectorSize();
        bool booleanLabel = label.Type is BooleanDataViewType;

        var features = new List<float>();
        var labels = new List<int>();
        List<float>? weights = weight is null ? null : new List<float>();
        long badFeatures = 0, badLabels = 0, badWeights = 0;
        var columns = weight is null ? new[] { feature, label } : new[] { feature, label, weight.Value };
        using (DataViewRowCursor cursor = data.Data.GetRowCursor(columns))
        {
            ValueGetter<VBuffer<float>> getFeatures = cursor.GetGetter<VBuffer<float>>(feature);
            ValueGetter<uint>? getKey = booleanLabel ? null : cursor.GetGetter<uint>(label);
            ValueGetter<bool>? getBool = booleanLabel ? cursor.GetGetter<bool>(label) : null;
            ValueGetter<float>? getWeight = weight is null ? null : cursor.GetGetter<float>(weight.Value);
            VBuffer<float> x = default;
            uint key = 0;
            bool flag = false;
            float w = 1;
            var dense = new float[featureCount];
            while (cursor.MoveNext())
            {
                host.CheckAlive();
                int y;
                if (getKey is not null)
                {
                    getKey(ref key);
                    if (key == 0)
                    {
                        badLabels++;
                        continue;
                    }
                    if (key > classes)
                        throw host.Except($"The {role} label column '{label.Name}' has key value {key}, outside its key type's {classes} values.");
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
                    if (!float.IsFinite(w) || w < 0)
                    {
                        badWeights++;
                        continue;
                    }
                }
                getFeatures(ref x);
                x.CopyTo(dense);
                if (!AllFinite(dense))
                {
                    badFeatures++;
                    continue;
                }
                features.AddRange(dense);
                labels.Add(y);
                weights?.Add(w);
            }
        }
        return new TrainingRows(features.ToArray(), labels.ToArray(), weights?.ToArray(), featureCount, badFeatures, badLabels, badWeights);
    }

    /// <summary>Rows per class.</summary>
    public long[] ClassCounts(int classes)
    {
        var counts = new long[classes];
        foreach (int y in Labels) counts[y]++;
        return counts;
    }

    /// <summary>Per-feature mean and reciprocal standard deviation (1 for a constant feature).</summary>
    public (float[] Mean, float[] Scale) Standardisation()
    {
        var sum = new double[FeatureCount];
        var sumSquares = new double[FeatureCount];
        for (int r = 0; r < Count; r++)
        {
            for (int f = 0; f < FeatureCount; f++)
            {
                double v = Features[r * FeatureCount + f];
                sum[f] += v;
                sumSquares[f] += v * v;
            }
        }
        var mean = new float[FeatureCount];
        var scale = new float[FeatureCount];
        for (int f = 0; f < FeatureCount; f++)
        {
            double m = sum[f] / Count;
            double variance = Math.Max(0, sumSquares[f] / Count - m * m);
            mean[f] = (float)m;
            scale[f] = variance > 1e-12 ? (float)(1 / Math.Sqrt(variance)) : 1f;
        }
        return (mean, scale);
    }

    private static bool AllFinite(ReadOnlySpan<float> values)
    {
        foreach (float v in values)
            if (!float.IsFinite(v)) return false;
        return true;
    }
}
