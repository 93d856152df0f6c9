using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;

namespace Microsoft.ML.FocalLoss.Evaluation;

/// <summary>
/// Exact multiclass AUROC, which ML.NET's <c>MulticlassClassificationMetrics</c> lacks: per-class one-vs-rest AUROC and
/// average precision, their macro, weighted and micro averages, and the one-vs-one macro AUROC of Hand &amp; Till (2001).
/// </summary>
/// <remarks>
/// A class with no positive or no negative rows has no AUROC: its value is NaN, it is left out of the macro and
/// weighted averages, and <see cref="UndefinedClasses"/> names it. It is never counted as 0, and it never throws.
/// The one-vs-rest metrics are computed at once; the micro and one-vs-one averages, which cost more (n·C pooled
/// scores; C(C−1)/2 class pairs), on first read, so a caller that wants the macro pays only for it.
/// </remarks>
public sealed class MulticlassAurocMetrics
{
    private readonly Lazy<double> _micro;
    private readonly Lazy<double> _oneVsOne;

    private MulticlassAurocMetrics(IReadOnlyList<ClassRankingMetrics> perClass, Lazy<double> micro, Lazy<double> oneVsOne, long rows, long skippedRows)
    {
        PerClass = perClass;
        var defined = perClass.Where(c => !double.IsNaN(c.Auroc)).ToArray();
        MacroAuroc = defined.Length == 0 ? double.NaN : defined.Average(c => c.Auroc);
        double definedSupport = defined.Sum(c => c.WeightedSupport);
        WeightedAuroc = definedSupport > 0 ? defined.Sum(c => c.Auroc * c.WeightedSupport) / definedSupport : double.NaN;
        _micro = micro;
        _oneVsOne = oneVsOne;
        UndefinedClasses = perClass.Where(c => double.IsNaN(c.Auroc)).Select(c => c.ClassName).ToArray();
        Rows = rows;
        SkippedRows = skippedRows;
    }

    /// <summary>One-vs-rest metrics and support of each class, in key order.</summary>
    public IReadOnlyList<ClassRankingMetrics> PerClass { get; }

    /// <summary>The unweighted mean of the defined per-class AUROCs.</summary>
    public double MacroAuroc { get; }

    /// <summary>The mean of the defined per-class AUROCs weighted by class support (by example weight when given).</summary>
    public double WeightedAuroc { get; }

    /// <summary>AUROC of all (row, class) pairs pooled: each row is a positive for its class and a negative for the rest.</summary>
    public double MicroAuroc => _micro.Value;

    /// <summary>Hand &amp; Till's M: the mean over class pairs of the averaged pairwise AUROCs, on rows of the two classes.</summary>
    public double OneVsOneMacroAuroc => _oneVsOne.Value;

    /// <summary>Classes whose AUROC is undefined (no positive or no negative rows).</summary>
    public IReadOnlyList<string> UndefinedClasses { get; }

    /// <summary>Rows used.</summary>
    public long Rows { get; }

    /// <summary>Rows left out for a missing label, a NaN score or a non-finite or negative weight.</summary>
    public long SkippedRows { get; }

    /// <summary>Computes the metrics from arrays.</summary>
    /// <param name="scores">Row-major scores, <c>rows × classNames.Count</c>; higher means more likely.</param>
    /// <param name="labels">Class index per row; a negative index marks a missing label.</param>
    /// <param name="weights">Example weights, or empty for unit weights.</param>
    /// <param name="classNames">One name per class.</param>
    public static MulticlassAurocMetrics Compute(ReadOnlySpan<float> scores, ReadOnlySpan<int> labels, ReadOnlySpan<float> weights, IReadOnlyList<string> classNames) =>
        ComputeCore(scores, labels, weights, classNames);

    /// <summary>
    /// Computes the metrics from double-precision scores: scores that differ only beyond single precision stay
    /// distinct, where a cast to float would tie them.
    /// </summary>
    /// <param name="scores">Row-major scores, <c>rows × classNames.Count</c>; higher means more likely.</param>
    /// <param name="labels">Class index per row; a negative index marks a missing label.</param>
    /// <param name="weights">Example weights, or empty for unit weights.</param>
    /// <param name="classNames">One name per class.</param>
    public static MulticlassAurocMetrics Compute(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels, ReadOnlySpan<float> weights, IReadOnlyList<string> classNames) =>
        ComputeCore(scores, labels, weights, classNames);

    private static MulticlassAurocMetrics ComputeCore<T>(ReadOnlySpan<T> scores, ReadOnlySpan<int> labels, ReadOnlySpan<float> weights, IReadOnlyList<string> classNames)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(classNames);
        int classes = classNames.Count;
        if (classes < 2)
            throw new ArgumentException("Multiclass AUROC needs at least two classes.", nameof(classNames));
        if (scores.Length != (long)labels.Length * classes)
            throw new ArgumentException($"Expected {labels.Length} rows × {classes} classes = {(long)labels.Length * classes} scores; got {scores.Length}.", nameof(scores));
        if (!weights.IsEmpty && weights.Length != labels.Length)
            throw new ArgumentException($"There are {labels.Length} labels but {weights.Length} weights.", nameof(weights));
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] >= classes)
                throw new ArgumentOutOfRangeException(nameof(labels), labels[i], $"Row {i} has class index {labels[i]}, outside the {classes} classes.");
        }

        // Keep rows with a label, finite scores and a usable weight.
        var keep = new List<int>(labels.Length);
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] < 0 || (!weights.IsEmpty && !RowFilter.IsUsableWeight(weights[i]))) continue;
            if (!RowFilter.AnyNaN(scores.Slice(i * classes, classes))) keep.Add(i);
        }
        int n = keep.Count;
        var rowScores = new T[n * classes];
        var rowLabels = new int[n];
        float[] rowWeights = weights.IsEmpty ? Array.Empty<float>() : new float[n];
        for (int k = 0; k < n; k++)
        {
            int i = keep[k];
            scores.Slice(i * classes, classes).CopyTo(rowScores.AsSpan(k * classes));
            rowLabels[k] = labels[i];
            if (!weights.IsEmpty) rowWeights[k] = weights[i];
        }
        return FromKeptRows(rowScores, rowLabels, rowWeights, classNames, labels.Length - n);
    }

    /// <summary>Rows sorted at once across the classes computed side by side.</summary>
    private const long MaxRowsInFlight = 2_000_000;

    internal static MulticlassAurocMetrics FromKeptRows<T>(T[] scores, int[] labels, float[] weights, IReadOnlyList<string> classNames, long skippedRows)
        where T : unmanaged
    {
        int classes = classNames.Count, n = labels.Length;
        var perClass = new ClassRankingMetrics[classes];
        // Classes are independent sorts: one per core, as long as the side-by-side working sets stay modest. Each class
        // holds about 45 bytes per row while it sorts (its column, the radix sort's two key arrays, its score groups),
        // so above two million rows in flight the classes take turns instead of multiplying the peak.
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = (int)Math.Clamp(MaxRowsInFlight / Math.Max(n, 1), 1, Environment.ProcessorCount) };
        Parallel.For(0, classes, parallel, c =>
        {
            var column = new T[n];
            var isClass = new bool[n];
            long support = 0;
            double weightedSupport = 0;
            for (int i = 0; i < n; i++)
            {
                column[i] = scores[i * classes + c];
                isClass[i] = labels[i] == c;
                if (isClass[i])
                {
                    support++;
                    weightedSupport += weights.Length == 0 ? 1 : weights[i];
                }
            }
            ScoreGroups groups = ScoreGroups.Build<T>(column, isClass, weights);
            perClass[c] = new ClassRankingMetrics(classNames[c], groups.Auroc(), groups.AveragePrecision(), support, weightedSupport);
        });
        return new MulticlassAurocMetrics(perClass, new Lazy<double>(() => PooledAuroc(scores, labels, weights, classes)),
            new Lazy<double>(() => OneVsOne(scores, labels, weights, classes)), n, skippedRows);
    }

    private static double PooledAuroc<T>(T[] scores, int[] labels, float[] weights, int classes) where T : unmanaged
    {
        var isClass = new bool[scores.Length];
        for (int i = 0; i < labels.Length; i++) isClass[i * classes + labels[i]] = true;
        float[] pooledWeights = Array.Empty<float>();
        if (weights.Length > 0)
        {
            pooledWeights = new float[scores.Length];
            for (int i = 0; i < labels.Length; i++) pooledWeights.AsSpan(i * classes, classes).Fill(weights[i]);
        }
        return ScoreGroups.Build<T>(scores, isClass, pooledWeights).Auroc();
    }

    private static double OneVsOne<T>(T[] scores, int[] labels, float[] weights, int classes) where T : unmanaged
    {
        var rowsOf = Enumerable.Range(0, classes).Select(_ => new List<int>()).ToArray();
        for (int i = 0; i < labels.Length; i++) rowsOf[labels[i]].Add(i);
        var pairs = (from a in Enumerable.Range(0, classes)
                     from b in Enumerable.Range(a + 1, classes - a - 1)
                     where rowsOf[a].Count > 0 && rowsOf[b].Count > 0
                     select (a, b)).ToArray();
        if (pairs.Length == 0) return double.NaN;
        var pairAuroc = new double[pairs.Length];
        Parallel.For(0, pairs.Length, p =>
        {
            (int a, int b) = pairs[p];
            int[] rows = rowsOf[a].Concat(rowsOf[b]).ToArray();
            pairAuroc[p] = (PairAuroc(scores, labels, weights, classes, rows, a) + PairAuroc(scores, labels, weights, classes, rows, b)) / 2;
        });
        return pairAuroc.Average(); // summed in pair order, so the result does not depend on scheduling
    }

    /// <summary>AUROC of class <paramref name="positive"/>'s score among <paramref name="rows"/>.</summary>
    private static double PairAuroc<T>(T[] scores, int[] labels, float[] weights, int classes, int[] rows, int positive) where T : unmanaged
    {
        var s = new T[rows.Length];
        var y = new bool[rows.Length];
        float[] w = weights.Length == 0 ? Array.Empty<float>() : new float[rows.Length];
        for (int k = 0; k < rows.Length; k++)
        {
            s[k] = scores[rows[k] * classes + positive];
            y[k] = labels[rows[k]] == positive;
            if (w.Length > 0) w[k] = weights[rows[k]];
        }
        return ScoreGroups.Build<T>(s, y, w).Auroc();
    }
}
