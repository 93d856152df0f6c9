using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.ML.FocalLoss.Evaluation;

namespace Microsoft.ML.FocalLoss.Cli;

/// <summary>
/// `train --cv`: every contender's metrics on each fold it did not train on, as mean ± standard deviation over the
/// folds, focal's differences from each other contender paired by fold, and every contender's out-of-fold
/// predictions pooled into one result per contender (each row scored once) for the per-class report and the figures.
/// </summary>
internal sealed class CrossValidationSummary
{
    private readonly IReadOnlyList<IReadOnlyList<TrainerResult>> _folds;

    /// <param name="folds">Per fold, one result per contender, in the same order in every fold.</param>
    public CrossValidationSummary(IReadOnlyList<IReadOnlyList<TrainerResult>> folds)
    {
        if (folds.Count < 2) throw new ArgumentException("Cross-validation needs at least two folds.", nameof(folds));
        _folds = folds;
    }

    /// <summary>The table's metrics; the paired ones are those the quality targets of imbalanced learning read first.</summary>
    private static readonly (string Name, Func<TrainerResult, double> Value, bool Paired)[] Metrics =
    {
        ("macro recall", r => r.Report.MacroAverage.Recall, false),
        ("macro F1", r => r.Report.MacroAverage.F1, true),
        ("min recall", r => r.Report.Classes.Min(c => c.Recall), true),
        ("macro AUROC", r => r.Report.MacroAverage.Auroc, false),
        ("log-loss", r => r.Calibration().LogLoss, true),
    };

    private int Contenders => _folds[0].Count;

    private double[] PerFold(int contender, Func<TrainerResult, double> metric) => _folds.Select(f => metric(f[contender])).ToArray();

    /// <summary>Mean ± standard deviation over the folds per contender and metric, and each contender's total fit seconds.</summary>
    public string Table()
    {
        var text = new StringBuilder();
        text.Append(FormattableString.Invariant($"{"trainer",-14}"));
        foreach (var m in Metrics) text.Append(FormattableString.Invariant($" {m.Name,15}"));
        text.AppendLine(FormattableString.Invariant($" {"seconds",8}"));
        for (int k = 0; k < Contenders; k++)
        {
            text.Append(FormattableString.Invariant($"{_folds[0][k].Name,-14}"));
            foreach (var m in Metrics)
            {
                (double mean, double sd) = MeanAndSd(PerFold(k, m.Value));
                text.Append(FormattableString.Invariant($" {$"{mean:F3} ± {sd:F3}",15}"));
            }
            text.AppendLine(FormattableString.Invariant($" {_folds.Sum(f => f[k].Seconds),8:F1}"));
        }
        return text.ToString();
    }

    /// <summary>
    /// One line per other contender: the first contender's mean difference from it per fold ± the standard error of
    /// those paired differences, on macro-F1, min recall and log-loss. Folds share their test rows, so the pairing
    /// removes what makes one fold harder than another.
    /// </summary>
    public string PairedDifferences()
    {
        var text = new StringBuilder();
        string first = _folds[0][0].Name;
        // The table above gives standard deviations; these lines give standard errors, and say so.
        text.AppendLine($"{first}'s differences, paired by fold: mean ± standard error (within about two standard errors is a tie)");
        for (int k = 1; k < Contenders; k++)
        {
            var parts = new List<string>();
            foreach (var m in Metrics.Where(m => m.Paired))
            {
                (double mean, double se) = Paired(k, m.Value);
                parts.Add(FormattableString.Invariant($"{m.Name} {mean:+0.000;-0.000;0.000} ± {se:F3}"));
            }
            text.AppendLine($"{first} minus {_folds[0][k].Name}, per fold: {string.Join(", ", parts)}");
        }
        if (StackHint() is string hint) text.AppendLine().AppendLine(hint);
        return text.ToString();
    }

    /// <summary>
    /// When the networks alone lose to a tree model on macro-F1 (by more than two standard errors), the option measured
    /// to help most on such tables: stacking them with that tree model (README, "Stacking with a tree model").
    /// </summary>
    private string? StackHint()
    {
        if (_folds[0][0].Name != "focal") return null;
        var behind = Enumerable.Range(1, Contenders - 1)
            .Where(k => _folds[0][k].Name is "FastTree" or "LightGbm")
            .Select(k =>
            {
                (double mean, double se) = Paired(k, r => r.Report.MacroAverage.F1);
                return (Name: _folds[0][k].Name, Mean: mean, Se: se);
            })
            .Where(d => d.Mean < -2 * d.Se)
            .OrderBy(d => d.Mean)
            .ToArray();
        if (behind.Length == 0) return null;
        var (name, lead, _) = behind[0];
        // Three lines, about as wide as the paired lines, so that the report's <pre> does not scroll.
        return FormattableString.Invariant($"{name} is ahead of focal on macro F1 here (by {-lead:0.000}, beyond two standard errors).") + Environment.NewLine
            + $"--stack {name} pools it with focal's networks in one model: on the benchmark's glass and ionosphere, where" + Environment.NewLine
            + "trees were 0.02 to 0.03 ahead, it raised focal's macro F1 by 0.02 to 0.05 (README, Stacking with a tree model).";
    }

    /// <summary>The first contender's mean difference from contender <paramref name="k"/> per fold, and its standard error.</summary>
    private (double Mean, double Se) Paired(int k, Func<TrainerResult, double> metric)
    {
        (double mean, double sd) = MeanAndSd(PerFold(0, metric).Zip(PerFold(k, metric), (x, y) => x - y).ToArray());
        return (mean, sd / Math.Sqrt(_folds.Count));
    }

    /// <summary>Each contender's out-of-fold predictions of every row, fold after fold, as one result; seconds summed over the folds.</summary>
    public IReadOnlyList<TrainerResult> Pooled(string[] classNames)
    {
        var pooled = new List<TrainerResult>();
        for (int k = 0; k < Contenders; k++)
        {
            TrainerResult[] parts = _folds.Select(f => f[k]).ToArray();
            float[] probabilities = parts.SelectMany(p => p.Probabilities).ToArray();
            int[] labels = parts.SelectMany(p => p.Labels).ToArray();
            int[] predicted = parts.SelectMany(p => p.Predicted).ToArray();
            var report = ClassificationReport.Create(probabilities, labels, predicted, default, classNames);
            // The training curves of the first fold stand for the rest: the folds train alike.
            pooled.Add(new TrainerResult(parts[0].Name, report, probabilities, labels, predicted, parts.Sum(p => p.Seconds), parts[0].Epochs));
        }
        return pooled;
    }

    /// <summary>The mean and the sample standard deviation (n − 1).</summary>
    internal static (double Mean, double Sd) MeanAndSd(double[] values)
    {
        double mean = values.Average();
        double squares = values.Sum(v => (v - mean) * (v - mean));
        return (mean, values.Length > 1 ? Math.Sqrt(squares / (values.Length - 1)) : 0);
    }
}
