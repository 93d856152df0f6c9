using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.FocalLoss.Evaluation;
using Microsoft.ML.FocalLoss.Training;

namespace Microsoft.ML.FocalLoss.Cli;

/// <summary>
/// One trainer's test-set outcome: its per-class report and the data behind its curves, confusion matrix and
/// reliability diagram; for the networks, the per-epoch training history.
/// </summary>
internal sealed record TrainerResult(string Name, ClassificationReport Report, float[] Probabilities, int[] Labels, int[] Predicted, double Seconds,
    IReadOnlyList<EpochReport> Epochs)
{
    public double Accuracy => Report.Classes.Sum(c => c.Recall * c.Support) / Report.Classes.Sum(c => c.Support);

    /// <summary>The recall of the class with the fewest test rows.</summary>
    public ClassReportRow RarestClass => Report.Classes.OrderBy(c => c.Support).First();

    public int ClassCount => Report.Classes.Count;

    /// <summary>One class's probability per row.</summary>
    public float[] ClassScores(int c) => Enumerable.Range(0, Labels.Length).Select(i => Probabilities[i * ClassCount + c]).ToArray();

    /// <summary>The reliability diagram's bins, in the report and in `evaluate`.</summary>
    public const int ReliabilityBins = 10;

    private CalibrationMetrics? _calibration;

    /// <summary>Log-loss, ECE and the reliability bins, computed once: the table, the HTML and the figure all read them.</summary>
    public CalibrationMetrics Calibration() => _calibration ??= CalibrationMetrics.Compute(Probabilities, Labels, ClassCount, bins: ReliabilityBins);
}
