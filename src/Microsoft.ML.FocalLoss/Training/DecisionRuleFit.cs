using System;
using System.Linq;
using Microsoft.ML.FocalLoss.Model;

namespace Microsoft.ML.FocalLoss.Training;

/// <summary>
/// Tunes the <see cref="DecisionRule"/> on held-out rows by logit adjustment (Menon et al., 2021): the prediction is
/// argmax_c(log p_c + d_c) over calibrated probabilities with d_c = −τ·log π_c, where π is the held-out class share.
/// τ = 0 picks the most probable class (best accuracy), τ = 1 divides by the prior (every class weighs the same);
/// the objective chooses τ on a grid. One parameter for all classes, so a few held-out rows of a rare class cannot
/// drag its offset around: per-class offsets tuned one by one were measured to overfit (see the README).
/// A binary model's rule is the threshold −(d₁ − d₀) on its calibrated logit.
/// </summary>
internal static class DecisionRuleFit
{
    /// <summary>τ from 0 (argmax) to 1 (balanced) in steps of 0.05.</summary>
    private static readonly double[] BalanceGrid = Enumerable.Range(0, 21).Select(i => i / 20.0).ToArray();

    /// <summary>A precision floor may need the rule to favour the majority (τ &lt; 0) or the minority beyond balance.</summary>
    private static readonly double[] PrecisionGrid = Enumerable.Range(0, 121).Select(i => -3 + i / 20.0).ToArray();

    public static DecisionRule Fit(DecisionObjective objective, HeldOutScores scores, ProbabilityCalibration calibration)
    {
        bool binary = scores.Outputs == 1;
        int classes = binary ? 2 : scores.Outputs;
        if (objective.Kind == DecisionObjectiveKind.Argmax) return DecisionRule.Argmax(scores.Outputs);
        double[] logProbabilities = CalibratedLogProbabilities(scores, calibration, classes);
        double[] logPrior = LogPrior(scores, classes);
        double tau = BestTau(objective, logProbabilities, scores.Labels, scores.Weights, logPrior);
        double[] offsets = Offsets(logPrior, tau);
        return binary
            ? new DecisionRule(objective, new[] { (float)(offsets[0] - offsets[1]) })
            : new DecisionRule(objective, Array.ConvertAll(offsets, o => (float)o));
    }

    /// <summary>The τ with the best objective; on a plateau, the middle of the best τ values.</summary>
    public static double BestTau(DecisionObjective objective, double[] logProbabilities, int[] labels, float[] weights, double[] logPrior)
    {
        double[] grid = objective.Kind == DecisionObjectiveKind.RecallAtPrecision ? PrecisionGrid : BalanceGrid;
        double[] values = grid.Select(tau => Evaluate(objective, logProbabilities, labels, weights, Offsets(logPrior, tau))).ToArray();
        double best = values.Max();
        double[] tied = grid.Where((_, i) => values[i] >= best - 1e-12).ToArray();
        return tied[tied.Length / 2];
    }

    /// <summary>d_c = −τ·log π_c; a class absent from the held-out rows gets no offset.</summary>
    public static double[] Offsets(double[] logPrior, double tau) =>
        logPrior.Select(l => double.IsFinite(l) ? -tau * l : 0).ToArray();

    /// <summary>The objective of argmax(log p + offsets) on the rows.</summary>
    public static double Evaluate(DecisionObjective objective, double[] logProbabilities, int[] labels, float[] weights, double[] offsets)
    {
        int classes = offsets.Length;
        var truePositives = new double[classes];
        var predicted = new double[classes];
        var support = new double[classes];
        for (int i = 0; i < labels.Length; i++)
        {
            int best = 0;
            for (int c = 1; c < classes; c++)
                if (logProbabilities[i * classes + c] + offsets[c] > logProbabilities[i * classes + best] + offsets[best]) best = c;
            predicted[best] += weights[i];
            support[labels[i]] += weights[i];
            if (best == labels[i]) truePositives[best] += weights[i];
        }
        return Objective(objective, truePositives, predicted, support);
    }

    /// <summary>The objective of a prediction from per-class true-positive, predicted and actual weights.</summary>
    public static double Objective(DecisionObjective objective, double[] truePositives, double[] predicted, double[] support)
    {
        int classes = support.Length;
        double sum = 0;
        int counted = 0;
        switch (objective.Kind)
        {
            case DecisionObjectiveKind.MacroF1:
                // F1 = 2TP / (predicted + actual), 0 for a class neither predicted nor present (scikit-learn's zero_division=0).
                for (int c = 0; c < classes; c++)
                    sum += predicted[c] + support[c] > 0 ? 2 * truePositives[c] / (predicted[c] + support[c]) : 0;
                return sum / classes;
            case DecisionObjectiveKind.BalancedAccuracy:
                for (int c = 0; c < classes; c++)
                {
                    if (support[c] <= 0) continue;
                    sum += truePositives[c] / support[c];
                    counted++;
                }
                return counted > 0 ? sum / counted : 0;
            case DecisionObjectiveKind.RecallAtPrecision:
            {
                // Binary: the positive class only. Multiclass: every class must reach the precision. Short of it, the
                // value is minus the total shortfall, so the rule that comes closest wins.
                int first = classes == 2 ? 1 : 0;
                double shortfall = 0;
                for (int c = first; c < classes; c++)
                {
                    double precision = predicted[c] > 0 ? truePositives[c] / predicted[c] : 1;
                    shortfall += Math.Max(0, objective.MinimumPrecision - precision);
                    if (support[c] <= 0) continue;
                    sum += truePositives[c] / support[c];
                    counted++;
                }
                return shortfall > 0 ? -shortfall : counted > 0 ? sum / counted : 0;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(objective), objective, "Argmax has no objective to tune.");
        }
    }

    private static double[] LogPrior(HeldOutScores scores, int classes)
    {
        var weight = new double[classes];
        for (int i = 0; i < scores.Count; i++) weight[scores.Labels[i]] += scores.Weights[i];
        double total = weight.Sum();
        return weight.Select(w => Math.Log(w / total)).ToArray();
    }

    /// <summary>Each row's calibrated log-probabilities, row-major (two per row for a binary model).</summary>
    public static double[] CalibratedLogProbabilities(HeldOutScores scores, ProbabilityCalibration calibration, int classes)
    {
        var logP = new double[scores.Count * classes];
        var row = new float[scores.Outputs];
        for (int i = 0; i < scores.Count; i++)
        {
            Array.Copy(scores.Logits, i * scores.Outputs, row, 0, scores.Outputs);
            calibration.Apply(row);
            if (scores.Outputs == 1)
            {
                // Binary: log σ(−u) and log σ(u).
                double u = row[0];
                logP[2 * i] = -Probabilities.Softplus(u);
                logP[2 * i + 1] = -Probabilities.Softplus(-u);
                continue;
            }
            double max = row.Max(), sum = 0;
            foreach (float v in row) sum += Math.Exp(v - max);
            double log = max + Math.Log(sum);
            for (int c = 0; c < classes; c++) logP[i * classes + c] = row[c] - log;
        }
        return logP;
    }
}
