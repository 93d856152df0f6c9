using System;
using System.Collections.Generic;

namespace Microsoft.ML.FocalLoss.Evaluation;

/// <summary>
/// Threshold-free metrics of a binary scorer that ML.NET's <c>BinaryClassificationMetrics</c> lacks: partial AUROC,
/// average precision and the curve points, beside the exact AUROC.
/// </summary>
public sealed class BinaryRankingMetrics
{
    private BinaryRankingMetrics(ScoreGroups groups, double maxFalsePositiveRate, long rows, long skippedRows)
    {
        AreaUnderRocCurve = groups.Auroc();
        MaxFalsePositiveRate = maxFalsePositiveRate;
        PartialAreaUnderRocCurve = groups.PartialAuroc(maxFalsePositiveRate);
        AveragePrecision = groups.AveragePrecision();
        // Curves are built on first use: at 10^7 distinct scores they hold hundreds of megabytes.
        _rocCurve = new Lazy<RocPoint[]>(groups.RocCurve);
        _precisionRecallCurve = new Lazy<PrecisionRecallPoint[]>(groups.PrecisionRecallCurve);
        PositiveWeight = groups.TotalPositive;
        NegativeWeight = groups.TotalNegative;
        Rows = rows;
        SkippedRows = skippedRows;
    }

    private readonly Lazy<RocPoint[]> _rocCurve;
    private readonly Lazy<PrecisionRecallPoint[]> _precisionRecallCurve;

    /// <summary>Exact AUROC, ties counted one half; NaN when either class is absent.</summary>
    public double AreaUnderRocCurve { get; }

    /// <summary>The false-positive-rate limit of <see cref="PartialAreaUnderRocCurve"/>.</summary>
    public double MaxFalsePositiveRate { get; }

    /// <summary>AUROC up to <see cref="MaxFalsePositiveRate"/>, McClish-standardised as scikit-learn (0.5 random, 1 perfect).</summary>
    public double PartialAreaUnderRocCurve { get; }

    /// <summary>Average precision (area under the precision–recall curve, step definition); NaN without positives.</summary>
    public double AveragePrecision { get; }

    /// <summary>ROC points, from (0, 0) at threshold +∞ to (1, 1).</summary>
    public IReadOnlyList<RocPoint> RocCurve => _rocCurve.Value;

    /// <summary>Precision–recall points, highest threshold first.</summary>
    public IReadOnlyList<PrecisionRecallPoint> PrecisionRecallCurve => _precisionRecallCurve.Value;

    /// <summary>Total weight (or count) of positive rows.</summary>
    public double PositiveWeight { get; }

    /// <summary>Total weight (or count) of negative rows.</summary>
    public double NegativeWeight { get; }

    /// <summary>Rows used.</summary>
    public long Rows { get; }

    /// <summary>Rows left out for a NaN score, a missing label or a non-finite or negative weight.</summary>
    public long SkippedRows { get; }

    /// <summary>Computes the metrics from arrays.</summary>
    /// <param name="scores">Scores; higher means more likely positive.</param>
    /// <param name="labels">True for positive rows.</param>
    /// <param name="weights">Example weights, or empty for unit weights.</param>
    /// <param name="maxFalsePositiveRate">The limit of the partial AUROC, in (0, 1].</param>
    public static BinaryRankingMetrics Compute(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels, ReadOnlySpan<float> weights = default, double maxFalsePositiveRate = 1.0) =>
        ComputeCore(scores, labels, weights, maxFalsePositiveRate);

    /// <summary>
    /// Computes the metrics from double-precision scores, as other libraries produce them: scores that differ only
    /// beyond single precision stay distinct, where a cast to float would tie them.
    /// </summary>
    /// <param name="scores">Scores; higher means more likely positive.</param>
    /// <param name="labels">True for positive rows.</param>
    /// <param name="weights">Example weights, or empty for unit weights.</param>
    /// <param name="maxFalsePositiveRate">The limit of the partial AUROC, in (0, 1].</param>
    public static BinaryRankingMetrics Compute(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels, ReadOnlySpan<float> weights = default, double maxFalsePositiveRate = 1.0) =>
        ComputeCore(scores, labels, weights, maxFalsePositiveRate);

    private static BinaryRankingMetrics ComputeCore<T>(ReadOnlySpan<T> scores, ReadOnlySpan<bool> labels, ReadOnlySpan<float> weights, double maxFalsePositiveRate)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        if (labels.Length != scores.Length)
            throw new ArgumentException($"There are {scores.Length} scores but {labels.Length} labels.", nameof(labels));
        if (!weights.IsEmpty && weights.Length != scores.Length)
            throw new ArgumentException($"There are {scores.Length} scores but {weights.Length} weights.", nameof(weights));
        CheckMaxFalsePositiveRate(maxFalsePositiveRate);
        var rows = RowFilter.Keep(scores, weights);
        ScoreGroups groups = ScoreGroups.Build(rows.Select(scores), rows.Select(labels), rows.Select(weights));
        return new BinaryRankingMetrics(groups, maxFalsePositiveRate, rows.Count, scores.Length - rows.Count);
    }

    internal static BinaryRankingMetrics FromKeptRows(float[] scores, bool[] labels, float[] weights, double maxFalsePositiveRate, long skippedRows)
    {
        CheckMaxFalsePositiveRate(maxFalsePositiveRate);
        ScoreGroups groups = ScoreGroups.Build(scores, labels, weights);
        return new BinaryRankingMetrics(groups, maxFalsePositiveRate, scores.Length, skippedRows);
    }

    private static void CheckMaxFalsePositiveRate(double value)
    {
        if (!(value > 0 && value <= 1))
            throw new ArgumentOutOfRangeException("maxFalsePositiveRate", value, "The partial AUROC's maximum false positive rate must lie in (0, 1].");
    }
}
