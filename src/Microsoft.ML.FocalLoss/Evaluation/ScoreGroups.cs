using System;

namespace Microsoft.ML.FocalLoss.Evaluation;

/// <summary>
/// Rows grouped by equal score, highest first, with the positive and negative weight of each group. Every ranking
/// metric is a pass over these groups, which is how ties count one half.
/// </summary>
internal sealed class ScoreGroups
{
    private ScoreGroups(double[] thresholds, double[] positive, double[] negative)
    {
        Thresholds = thresholds;
        Positive = positive;
        Negative = negative;
        foreach (double p in positive) TotalPositive += p;
        foreach (double n in negative) TotalNegative += n;
    }

    public double[] Thresholds { get; }

    public double[] Positive { get; }

    public double[] Negative { get; }

    public double TotalPositive { get; }

    public double TotalNegative { get; }

    /// <summary>True when both classes are present, so AUROC is defined.</summary>
    public bool IsDefined => TotalPositive > 0 && TotalNegative > 0;

    /// <summary>Groups non-NaN scores; <paramref name="weights"/> is empty for unit weights.</summary>
    public static ScoreGroups Build(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels, ReadOnlySpan<float> weights) =>
        Group(new PackedOrder(DescendingScoreOrder.Sort(scores)), scores, labels, weights);

    /// <summary>Groups non-NaN double scores: distinct doubles stay distinct, however close.</summary>
    public static ScoreGroups Build(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels, ReadOnlySpan<float> weights)
    {
        (ulong[] keys, int[] rows) = DescendingScoreOrder.Sort(scores);
        return Group(new SeparateOrder(keys, rows), scores, labels, weights);
    }

    /// <summary>Single or double scores, as <typeparamref name="T"/> says.</summary>
    public static ScoreGroups Build<T>(ReadOnlySpan<T> scores, ReadOnlySpan<bool> labels, ReadOnlySpan<float> weights) where T : unmanaged =>
        typeof(T) == typeof(float)
            ? Build(System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(scores), labels, weights)
            : Build(System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(scores), labels, weights);

    private static ScoreGroups Group<TOrder, TScore>(TOrder order, ReadOnlySpan<TScore> scores, ReadOnlySpan<bool> labels, ReadOnlySpan<float> weights)
        where TOrder : struct, IScoreOrder
        where TScore : unmanaged, System.Numerics.INumberBase<TScore>
    {
        // Count the groups first so the three arrays are allocated once, at their final size.
        int count = order.Count, groups = 0;
        ulong previous = 0;
        for (int i = 0; i < count; i++)
        {
            ulong key = order.Key(i);
            if (i == 0 || key != previous) groups++;
            previous = key;
        }
        var thresholds = new double[groups];
        var positive = new double[groups];
        var negative = new double[groups];
        int group = -1;
        bool weighted = !weights.IsEmpty;
        for (int i = 0; i < count; i++)
        {
            ulong key = order.Key(i);
            int row = order.Row(i);
            if (i == 0 || key != previous) thresholds[++group] = double.CreateTruncating(scores[row]);
            previous = key;
            double w = weighted ? weights[row] : 1.0;
            if (labels[row]) positive[group] += w;
            else negative[group] += w;
        }
        return new ScoreGroups(thresholds, positive, negative);
    }

    /// <summary>Rows in descending score order, and a key per position that is equal exactly for equal scores.</summary>
    private interface IScoreOrder
    {
        int Count { get; }

        ulong Key(int position);

        int Row(int position);
    }

    /// <summary>The radix sort's words: key in the high half, row in the low half.</summary>
    private readonly struct PackedOrder(ulong[] words) : IScoreOrder
    {
        public int Count => words.Length;

        public ulong Key(int position) => words[position] >> 32;

        public int Row(int position) => (int)(uint)words[position];
    }

    private readonly struct SeparateOrder(ulong[] keys, int[] rows) : IScoreOrder
    {
        public int Count => keys.Length;

        public ulong Key(int position) => keys[position];

        public int Row(int position) => rows[position];
    }

    /// <summary>The Mann–Whitney statistic: P(score⁺ &gt; score⁻) + ½ P(score⁺ = score⁻); NaN when a class is absent.</summary>
    public double Auroc()
    {
        if (!IsDefined) return double.NaN;
        double positivesAbove = 0, area = 0;
        for (int g = 0; g < Thresholds.Length; g++)
        {
            area += Negative[g] * (positivesAbove + Positive[g] / 2);
            positivesAbove += Positive[g];
        }
        return area / (TotalPositive * TotalNegative);
    }

    /// <summary>
    /// The area under the ROC curve up to <paramref name="maxFalsePositiveRate"/>, standardised as McClish (1989)
    /// and scikit-learn: 0.5 for a random ranking, 1 for a perfect one.
    /// </summary>
    public double PartialAuroc(double maxFalsePositiveRate)
    {
        if (!IsDefined) return double.NaN;
        if (maxFalsePositiveRate >= 1) return Auroc();
        double area = 0, previousFpr = 0, previousTpr = 0, truePositives = 0, falsePositives = 0;
        for (int g = 0; g < Thresholds.Length; g++)
        {
            truePositives += Positive[g];
            falsePositives += Negative[g];
            double fpr = falsePositives / TotalNegative, tpr = truePositives / TotalPositive;
            if (fpr > maxFalsePositiveRate)
            {
                // Cut the last segment at the limit by linear interpolation.
                double tprAtLimit = previousTpr + (tpr - previousTpr) * (maxFalsePositiveRate - previousFpr) / (fpr - previousFpr);
                area += (maxFalsePositiveRate - previousFpr) * (previousTpr + tprAtLimit) / 2;
                break;
            }
            area += (fpr - previousFpr) * (previousTpr + tpr) / 2;
            (previousFpr, previousTpr) = (fpr, tpr);
        }
        double minArea = maxFalsePositiveRate * maxFalsePositiveRate / 2;
        return 0.5 * (1 + (area - minArea) / (maxFalsePositiveRate - minArea));
    }

    /// <summary>Average precision, scikit-learn's step definition: Σ (R_k - R_{k-1}) P_k over thresholds; NaN without positives.</summary>
    public double AveragePrecision()
    {
        if (TotalPositive <= 0) return double.NaN;
        double truePositives = 0, falsePositives = 0, sum = 0;
        for (int g = 0; g < Thresholds.Length; g++)
        {
            truePositives += Positive[g];
            falsePositives += Negative[g];
            if (Positive[g] > 0)
                sum += Positive[g] / TotalPositive * (truePositives / (truePositives + falsePositives));
        }
        return sum;
    }

    /// <summary>ROC points from (0, 0) at threshold +∞, one per distinct score.</summary>
    public RocPoint[] RocCurve()
    {
        var points = new RocPoint[Thresholds.Length + 1];
        points[0] = new RocPoint(double.PositiveInfinity, 0, 0);
        double truePositives = 0, falsePositives = 0;
        for (int g = 0; g < Thresholds.Length; g++)
        {
            truePositives += Positive[g];
            falsePositives += Negative[g];
            points[g + 1] = new RocPoint(Thresholds[g], Rate(falsePositives, TotalNegative), Rate(truePositives, TotalPositive));
        }
        return points;
    }

    /// <summary>Precision–recall points, one per distinct score, highest threshold first.</summary>
    public PrecisionRecallPoint[] PrecisionRecallCurve()
    {
        var points = new PrecisionRecallPoint[Thresholds.Length];
        double truePositives = 0, falsePositives = 0;
        for (int g = 0; g < Thresholds.Length; g++)
        {
            truePositives += Positive[g];
            falsePositives += Negative[g];
            points[g] = new PrecisionRecallPoint(Thresholds[g], truePositives / (truePositives + falsePositives), Rate(truePositives, TotalPositive));
        }
        return points;
    }

    private static double Rate(double count, double total) => total > 0 ? count / total : double.NaN;
}
