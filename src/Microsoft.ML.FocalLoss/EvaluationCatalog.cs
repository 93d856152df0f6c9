using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss.Evaluation;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.FocalLoss;

/// <summary>Imbalance-aware evaluation on ML.NET's classification catalogs.</summary>
public static class EvaluationCatalog
{
    /// <summary>
    /// Exact multiclass AUROC: per-class one-vs-rest, macro, weighted, micro and one-vs-one (Hand &amp; Till).
    /// Works on any scored IDataView, e.g. the output of LightGbm, FastTree or the focal loss trainer.
    /// </summary>
    /// <param name="catalog">The multiclass catalog.</param>
    /// <param name="data">Scored data.</param>
    /// <param name="labelColumnName">The key-typed label column.</param>
    /// <param name="scoreColumnName">The score vector, one slot per key value.</param>
    /// <param name="exampleWeightColumnName">Optional Single example weights.</param>
    public static MulticlassAurocMetrics EvaluateAuroc(this MulticlassClassificationCatalog catalog, IDataView data,
        string labelColumnName = DefaultColumnNames.Label, string scoreColumnName = DefaultColumnNames.Score, string? exampleWeightColumnName = null)
    {
        IHost host = Host(catalog, nameof(EvaluateAuroc));
        var (scores, labels, weights, names) = ScoredDataReader.ReadMulticlass(host, data, labelColumnName, scoreColumnName, exampleWeightColumnName);
        MulticlassAurocMetrics metrics = MulticlassAurocMetrics.Compute(scores, labels, weights, names);
        Report(host, metrics.SkippedRows, metrics.UndefinedClasses);
        return metrics;
    }

    /// <summary>A per-class report (precision, recall, F1, support, AUROC, AUPRC) with macro and weighted averages.</summary>
    /// <param name="catalog">The multiclass catalog.</param>
    /// <param name="data">Scored data.</param>
    /// <param name="labelColumnName">The key-typed label column.</param>
    /// <param name="scoreColumnName">The score vector, one slot per key value.</param>
    /// <param name="predictedLabelColumnName">The predicted key column; when absent, the highest score is the prediction.</param>
    /// <param name="exampleWeightColumnName">Optional Single example weights.</param>
    public static ClassificationReport EvaluateReport(this MulticlassClassificationCatalog catalog, IDataView data,
        string labelColumnName = DefaultColumnNames.Label, string scoreColumnName = DefaultColumnNames.Score,
        string predictedLabelColumnName = DefaultColumnNames.PredictedLabel, string? exampleWeightColumnName = null)
    {
        IHost host = Host(catalog, nameof(EvaluateReport));
        var (scores, labels, weights, names) = ScoredDataReader.ReadMulticlass(host, data, labelColumnName, scoreColumnName, exampleWeightColumnName);
        int[] predicted = data.Schema.GetColumnOrNull(predictedLabelColumnName) is null
            ? ArgMax(scores, names.Length)
            : ScoredDataReader.ReadPredictedKeys(host, data, predictedLabelColumnName, names.Length);
        ClassificationReport report = ClassificationReport.Create(scores, labels, predicted, weights, names);
        Report(host, report.Auroc.SkippedRows, report.Auroc.UndefinedClasses);
        return report;
    }

    /// <summary>
    /// What ML.NET's binary <c>AreaUnderRocCurve</c> leaves out: partial AUROC up to a false positive rate, average
    /// precision, and ROC and precision–recall curve points to plot. Also reports the exact AUROC.
    /// </summary>
    /// <param name="catalog">The binary catalog.</param>
    /// <param name="data">Scored data.</param>
    /// <param name="labelColumnName">The Boolean label column.</param>
    /// <param name="scoreColumnName">The Single score (or probability) column.</param>
    /// <param name="exampleWeightColumnName">Optional Single example weights.</param>
    /// <param name="maxFalsePositiveRate">The limit of the partial AUROC, in (0, 1].</param>
    public static BinaryRankingMetrics EvaluateRanking(this BinaryClassificationCatalog catalog, IDataView data,
        string labelColumnName = DefaultColumnNames.Label, string scoreColumnName = DefaultColumnNames.Score,
        string? exampleWeightColumnName = null, double maxFalsePositiveRate = 1.0)
    {
        IHost host = Host(catalog, nameof(EvaluateRanking));
        host.CheckParam(maxFalsePositiveRate > 0 && maxFalsePositiveRate <= 1, nameof(maxFalsePositiveRate), "must lie in (0, 1]");
        var (scores, labels, weights, skipped) = ScoredDataReader.ReadBinary(host, data, labelColumnName, scoreColumnName, exampleWeightColumnName);
        BinaryRankingMetrics metrics = BinaryRankingMetrics.FromKeptRows(scores, labels, weights, maxFalsePositiveRate, skipped);
        Report(host, skipped, double.IsNaN(metrics.AreaUnderRocCurve) ? new[] { metrics.PositiveWeight > 0 ? "negative" : "positive" } : System.Array.Empty<string>());
        return metrics;
    }

    private static IHost Host(object catalog, string name)
    {
        Contracts.CheckValue(catalog, nameof(catalog));
        return ((IInternalCatalog)catalog).Environment.Register("FocalLoss." + name);
    }

    private static int[] ArgMax(float[] scores, int classes) =>
        Enumerable.Range(0, scores.Length / classes).Select(row =>
        {
            int best = 0;
            for (int c = 1; c < classes; c++)
                if (scores[row * classes + c] > scores[row * classes + best]) best = c;
            return best;
        }).ToArray();

    private static void Report(IHost host, long skippedRows, System.Collections.Generic.IReadOnlyList<string> undefinedClasses)
    {
        using IChannel ch = host.Start("Evaluate");
        if (skippedRows > 0)
            ch.Warning("Skipped {0} rows with a missing label, a NaN score or a non-finite or negative weight.", skippedRows);
        if (undefinedClasses.Count > 0)
            ch.Warning("AUROC is undefined (NaN) for class(es) {0}: no positive or no negative rows. They are left out of the averages.", string.Join(", ", undefinedClasses));
    }
}
