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
    public TrainingRows(float[] features, int[] labels, float[]? weights, int featureCount, SkippedRows skipped)
    {
        Features = features;
        Labels = labels;
        Weights = weights;
        FeatureCount = featureCount;
        Skipped = skipped;
    }

    public float[] Features { get; }

    /// <summary>Class index per row: the key value minus one, or 0/1 for a Boolean label.</summary>
    public int[] Labels { get; }

    public float[]? Weights { get; }

    public int FeatureCount { get; }

    public int Count => Labels.Length;

    public SkippedRows Skipped { get; }

    /// <summary>Reads the rows; <paramref name="classes"/> is the key count (multiclass) or 2 for a Boolean label.</summary>
    public static TrainingRows Read(IHost host, RoleMappedData data, int classes, string role)
    {
        var reader = new RowReader(host, data, classes, role);
        // Sized from the row count when the data view knows it, so reading does not double the buffer repeatedly.
        int expected = (int)Math.Min(data.Data.GetRowCount() ?? 0, int.MaxValue / Math.Max(1, reader.FeatureCount));
        var features = new List<float>(expected * reader.FeatureCount);
        var labels = new List<int>(expected);
        List<float>? weights = reader.HasWeights ? new List<float>(expected) : null;
        reader.ForEach((x, y, w, _) =>
        {
            foreach (float v in x) features.Add(v);
            labels.Add(y);
            weights?.Add(w);
        });
        return new TrainingRows(features.ToArray(), labels.ToArray(), weights?.ToArray(), reader.FeatureCount, reader.Skipped);
    }

    /// <summary>Rows per class.</summary>
    public long[] ClassCounts(int classes)
    {
        var counts = new long[classes];
        foreach (int y in Labels) counts[y]++;
        return counts;
    }

    /// <summary>Rows per class with an example weight of 0 (none without weights).</summary>
    public long[] ZeroWeightCounts(int classes)
    {
        var counts = new long[classes];
        if (Weights is null) return counts;
        for (int i = 0; i < Labels.Length; i++) if (Weights[i] == 0) counts[Labels[i]]++;
        return counts;
    }

    /// <summary>The feature scaling these rows call for.</summary>
    public Model.FeatureScaling Scaling(FeatureScalingMode mode, int seed)
    {
        var fit = new FeatureScalingFit(FeatureCount, mode, seed);
        for (int r = 0; r < Count; r++) fit.Add(Features.AsSpan(r * FeatureCount, FeatureCount));
        return fit.Scaling();
    }
}
