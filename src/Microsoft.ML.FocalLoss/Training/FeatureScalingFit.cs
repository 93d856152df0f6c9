using System;
using Microsoft.ML.FocalLoss.Model;

namespace Microsoft.ML.FocalLoss.Training;

/// <summary>
/// Learns the <see cref="FeatureScaling"/> from training rows seen one at a time: means and variances in double
/// precision over every row, and medians and quartiles from a uniform reservoir sample of rows, so memory stays
/// bounded when rows are streamed.
/// </summary>
internal sealed class FeatureScalingFit
{
    private const int MaxReservoirRows = 16_384;
    private const int MaxReservoirValues = 4 << 20;
    private const float ClipAt = 3;

    private readonly double[] _sum;
    private readonly double[] _sumSquares;
    private readonly float[] _reservoir;
    private readonly int _reservoirRows;
    private readonly Random _random;
    private readonly FeatureScalingMode _mode;
    private long _rows;

    public FeatureScalingFit(int features, FeatureScalingMode mode, int seed)
    {
        _sum = new double[features];
        _sumSquares = new double[features];
        _mode = mode;
        _random = new Random(seed);
        _reservoirRows = Math.Max(1, Math.Min(MaxReservoirRows, MaxReservoirValues / Math.Max(1, features)));
        _reservoir = new float[_reservoirRows * features];
    }

    public void Add(ReadOnlySpan<float> row)
    {
        for (int f = 0; f < row.Length; f++)
        {
            double v = row[f];
            _sum[f] += v;
            _sumSquares[f] += v * v;
        }
        // Algorithm R: row i replaces a random slot with probability reservoir rows / i.
        long slot = _rows < _reservoirRows ? _rows : _random.NextInt64(_rows + 1);
        if (slot < _reservoirRows) row.CopyTo(_reservoir.AsSpan((int)slot * row.Length, row.Length));
        _rows++;
    }

    public FeatureScaling Scaling()
    {
        int features = _sum.Length;
        var centre = new float[features];
        var scale = new float[features];
        int sampled = Sampled;
        var column = new float[sampled];
        for (int f = 0; f < features; f++)
        {
            double mean = _sum[f] / Math.Max(_rows, 1);
            double deviation = Math.Sqrt(Math.Max(0, _sumSquares[f] / Math.Max(_rows, 1) - mean * mean));
            if (_mode == FeatureScalingMode.Standard || sampled == 0)
            {
                centre[f] = (float)mean;
                scale[f] = deviation > 1e-12 ? (float)(1 / deviation) : 1f;
                continue;
            }
            for (int r = 0; r < sampled; r++) column[r] = _reservoir[r * features + f];
            Array.Sort(column);
            double median = Quantile(column, 0.5), spread = (Quantile(column, 0.75) - Quantile(column, 0.25)) / 1.349;
            if (!(spread > 1e-12)) spread = deviation;
            centre[f] = (float)median;
            scale[f] = spread > 1e-12 ? (float)(1 / spread) : 1f;
        }
        return new FeatureScaling(centre, scale, _mode == FeatureScalingMode.Robust ? ClipAt : 0);
    }

    private int Sampled => (int)Math.Min(_rows, _reservoirRows);

    /// <summary>The linearly interpolated quantile of sorted values, as numpy's default.</summary>
    private static double Quantile(float[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
