using System;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss.Evaluation;

namespace ImbalancedSuite;

/// <summary>What one contender scored on one test split.</summary>
internal sealed record SplitMetrics(double MacroF1, double MinRecall, double MacroAuroc, double LogLoss, double Ece, double Seconds)
{
    public static readonly string[] Names = { "macro-F1", "min recall", "macro AUROC", "log-loss", "ECE", "fit s" };

    /// <summary>True where a higher value is better.</summary>
    public static readonly bool[] HigherIsBetter = { true, true, true, false, false, false };

    public double this[int metric] => metric switch
    {
        0 => MacroF1,
        1 => MinRecall,
        2 => MacroAuroc,
        3 => LogLoss,
        4 => Ece,
        _ => Seconds,
    };

    /// <summary>
    /// Scores the test rows with the contender's own outputs: PredictedLabel for F1 and recall, Score for AUROC, and
    /// the probabilities (binary Probability, or the multiclass Score vector) for log-loss and ECE.
    /// </summary>
    public static SplitMetrics Of(IDataView scored, bool binary, double seconds)
    {
        float[] probabilities;
        int[] labels, predicted;
        double auroc;
        int classes;
        if (binary)
        {
            bool[] truth = scored.GetColumn<bool>("Label").ToArray();
            float[] score = scored.GetColumn<float>("Score").ToArray();
            float[] positive = scored.GetColumn<float>("Probability").ToArray();
            predicted = scored.GetColumn<bool>("PredictedLabel").Select(p => p ? 1 : 0).ToArray();
            labels = truth.Select(t => t ? 1 : 0).ToArray();
            probabilities = positive.SelectMany(p => new[] { 1 - p, p }).ToArray();
            // The score ranks better than a probability that saturates at 0 or 1.
            auroc = BinaryRankingMetrics.Compute(score, truth).AreaUnderRocCurve;
            classes = 2;
        }
        else
        {
            float[][] score = scored.GetColumn<float[]>("Score").ToArray();
            classes = score[0].Length;
            probabilities = score.SelectMany(s => s).ToArray();
            labels = scored.GetColumn<uint>("Label").Select(k => (int)k - 1).ToArray();
            predicted = scored.GetColumn<uint>("PredictedLabel").Select(k => (int)k - 1).ToArray();
            auroc = double.NaN;
        }
        string[] names = Enumerable.Range(0, classes).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        ClassificationReport report = ClassificationReport.Create(probabilities, labels, predicted, default, names);
        CalibrationMetrics calibration = CalibrationMetrics.Compute(probabilities, labels, classes);
        return new SplitMetrics(report.MacroAverage.F1, report.Classes.Min(c => c.Recall), binary ? auroc : report.Auroc.MacroAuroc,
            calibration.LogLoss, calibration.ExpectedCalibrationError, seconds);
    }
}
