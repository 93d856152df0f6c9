using System;

namespace Microsoft.ML.FocalLoss.Training;

/// <summary>Per-feature mean and reciprocal standard deviation, accumulated one row at a time in double precision.</summary>
internal sealed class StandardisationAccumulator
{
    private readonly double[] _sum;
    private readonly double[] _sumSquares;
    private long _rows;

    public StandardisationAccumulator(int features)
    {
        _sum = new double[features];
        _sumSquares = new double[features];
    }

    public void Add(ReadOnlySpan<float> row)
    {
        for (int f = 0; f < row.Length; f++)
        {
            double v = row[f];
            _sum[f] += v;
            _sumSquares[f] += v * v;
        }
        _rows++;
    }

    /// <summary>The mean and 1/σ of each feature; a constant feature gets scale 1.</summary>
    public (float[] Mean, float[] Scale) Result()
    {
        var mean = new float[_sum.Length];
        var scale = new float[_sum.Length];
        for (int f = 0; f < _sum.Length; f++)
        {
            double m = _sum[f] / Math.Max(_rows, 1);
            double variance = Math.Max(0, _sumSquares[f] / Math.Max(_rows, 1) - m * m);
            mean[f] = (float)m;
            scale[f] = variance > 1e-12 ? (float)(1 / Math.Sqrt(variance)) : 1f;
        }
        return (mean, scale);
    }
}
