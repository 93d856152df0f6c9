using System;
using System.Collections.Generic;

namespace Microsoft.ML.FocalLoss.Evaluation;

/// <summary>
/// How far predicted probabilities are from observed frequencies: log-loss, the top-label expected calibration error
/// (ECE, Guo et al. 2017) and the reliability diagram's bins behind it.
/// </summary>
/// <remarks>
/// Log-loss is scikit-learn's <c>log_loss</c>: probabilities are clipped to [1e-15, 1 - 1e-15] and each row is
/// renormalised. ECE bins rows by their top probability into equal-width bins (lower, upper] and averages
/// |accuracy − confidence| weighted by the bins' share of rows.
/// </remarks>
public sealed class CalibrationMetrics
{
    private const double ClipEpsilon = 1e-15;

    private CalibrationMetrics(double logLoss, double ece, IReadOnlyList<ReliabilityBin> bins, long rows, long skipped)
    {
        LogLoss = logLoss;
        ExpectedCalibrationError = ece;
        Bins = bins;
        Rows = rows;
        SkippedRows = skipped;
    }

    /// <summary>The mean negative log-probability of the true class (natural log); lower is better.</summary>
    public double LogLoss { get; }

    /// <summary>The top-label expected calibration error in [0, 1]; lower is better.</summary>
    public double ExpectedCalibrationError { get; }

    /// <summary>The reliability diagram: one entry per bin, empty bins included, lowest confidence first.</summary>
    public IReadOnlyList<ReliabilityBin> Bins { get; }

    /// <summary>Rows used.</summary>
    public long Rows { get; }

    /// <summary>Rows left out for a missing label, a NaN probability or a non-finite or negative weight.</summary>
    public long SkippedRows { get; }

    /// <summary>Computes the metrics from class probabilities.</summary>
    /// <param name="probabilities">Row-major probabilities, <c>rows × classes</c>.</param>
    /// <param name="labels">Class index per row; a negative index marks a missing label.</param>
    /// <param name="classes">The number of classes.</param>
    /// <param name="weights">Example weights, or empty for unit weights.</param>
    /// <param name="bins">The number of equal-width confidence bins.</param>
    public static CalibrationMetrics Compute(ReadOnlySpan<float> probabilities, ReadOnlySpan<int> labels, int classes, ReadOnlySpan<float> weights = default, int bins = 15)
    {
        if (classes < 2) throw new ArgumentOutOfRangeException(nameof(classes), classes, "Calibration needs at least two classes.");
        if (bins < 1) throw new ArgumentOutOfRangeException(nameof(bins), bins, "At least one bin is needed.");
        if (probabilities.Length != (long)labels.Length * classes)
            throw new ArgumentException($"There are {labels.Length} labels, so {labels.Length * (long)classes} probabilities are needed, not {probabilities.Length}.", nameof(probabilities));
        if (!weights.IsEmpty && weights.Length != labels.Length)
            throw new ArgumentException($"There are {labels.Length} labels but {weights.Length} weights.", nameof(weights));

        var binWeight = new double[bins];
        var binConfidence = new double[bins];
        var binCorrect = new double[bins];
        double lossSum = 0, weightSum = 0;
        long rows = 0, skipped = 0;
        Span<double> clipped = classes <= 256 ? stackalloc double[classes] : new double[classes];
        for (int i = 0; i < labels.Length; i++)
        {
            ReadOnlySpan<float> row = probabilities.Slice(i * classes, classes);
            float w = weights.IsEmpty ? 1 : weights[i];
            if (labels[i] < 0 || labels[i] >= classes || !RowFilter.IsUsableWeight(w) || RowFilter.AnyNaN(row))
            {
                skipped++;
                continue;
            }
            rows++;
            double total = 0;
            int top = 0;
            for (int c = 0; c < classes; c++)
            {
                clipped[c] = Math.Clamp(row[c], ClipEpsilon, 1 - ClipEpsilon);
                total += clipped[c];
                if (row[c] > row[top]) top = c;
            }
            lossSum -= w * Math.Log(clipped[labels[i]] / total);
            weightSum += w;

            double confidence = row[top];
            int bin = Math.Clamp((int)Math.Ceiling(confidence * bins) - 1, 0, bins - 1);
            binWeight[bin] += w;
            binConfidence[bin] += w * confidence;
            if (top == labels[i]) binCorrect[bin] += w;
        }

        var reliability = new ReliabilityBin[bins];
        double ece = 0;
        for (int b = 0; b < bins; b++)
        {
            double weight = binWeight[b];
            double meanConfidence = weight > 0 ? binConfidence[b] / weight : double.NaN;
            double accuracy = weight > 0 ? binCorrect[b] / weight : double.NaN;
            reliability[b] = new ReliabilityBin((double)b / bins, (double)(b + 1) / bins, weight, meanConfidence, accuracy);
            if (weight > 0) ece += weight / weightSum * Math.Abs(accuracy - meanConfidence);
        }
        return new CalibrationMetrics(weightSum > 0 ? lossSum / weightSum : double.NaN, weightSum > 0 ? ece : double.NaN, reliability, rows, skipped);
    }

    /// <summary>Computes the metrics from the probability of the positive class (the classes are [negative, positive]).</summary>
    /// <param name="positiveProbabilities">P(label = true) per row.</param>
    /// <param name="labels">The true label per row.</param>
    /// <param name="weights">Example weights, or empty for unit weights.</param>
    /// <param name="bins">The number of equal-width confidence bins.</param>
    public static CalibrationMetrics ComputeBinary(ReadOnlySpan<float> positiveProbabilities, ReadOnlySpan<bool> labels, ReadOnlySpan<float> weights = default, int bins = 15)
    {
        if (positiveProbabilities.Length != labels.Length)
            throw new ArgumentException($"There are {labels.Length} labels but {positiveProbabilities.Length} probabilities.", nameof(positiveProbabilities));
        var pairs = new float[labels.Length * 2];
        var classes = new int[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            pairs[2 * i] = 1 - positiveProbabilities[i];
            pairs[2 * i + 1] = positiveProbabilities[i];
            classes[i] = labels[i] ? 1 : 0;
        }
        return Compute(pairs, classes, 2, weights, bins);
    }
}
