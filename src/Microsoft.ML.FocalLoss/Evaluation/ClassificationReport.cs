using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Microsoft.ML.FocalLoss.Evaluation;

/// <summary>
/// A per-class report like scikit-learn's <c>classification_report</c>, with AUROC and AUPRC beside precision,
/// recall and F1, plus macro and weighted average rows. Renders as a fixed-width table or as CSV.
/// </summary>
public sealed class ClassificationReport
{
    private ClassificationReport(IReadOnlyList<ClassReportRow> classes, ClassReportRow macro, ClassReportRow weighted, MulticlassAurocMetrics auroc)
    {
        Classes = classes;
        MacroAverage = macro;
        WeightedAverage = weighted;
        Auroc = auroc;
    }

    /// <summary>One row per class, in key order.</summary>
    public IReadOnlyList<ClassReportRow> Classes { get; }

    /// <summary>Unweighted means over classes (AUROC and AUPRC over the classes where they are defined).</summary>
    public ClassReportRow MacroAverage { get; }

    /// <summary>Means weighted by class support.</summary>
    public ClassReportRow WeightedAverage { get; }

    /// <summary>The ranking metrics behind the AUROC and AUPRC columns.</summary>
    public MulticlassAurocMetrics Auroc { get; }

    /// <summary>Builds the report from arrays.</summary>
    /// <param name="scores">Row-major scores, <c>rows × classNames.Count</c>.</param>
    /// <param name="labels">True class index per row; negative for a missing label.</param>
    /// <param name="predicted">Predicted class index per row.</param>
    /// <param name="weights">Example weights, or empty for unit weights.</param>
    /// <param name="classNames">One name per class.</param>
    public static ClassificationReport Create(ReadOnlySpan<float> scores, ReadOnlySpan<int> labels, ReadOnlySpan<int> predicted, ReadOnlySpan<float> weights, IReadOnlyList<string> classNames)
    {
        if (predicted.Length != labels.Length)
            throw new ArgumentException($"There are {labels.Length} labels but {predicted.Length} predictions.", nameof(predicted));
        MulticlassAurocMetrics auroc = MulticlassAurocMetrics.Compute(scores, labels, weights, classNames);
        int classes = classNames.Count;
        var truePositive = new double[classes];
        var predictedTotal = new double[classes];
        var support = new double[classes];
        for (int i = 0; i < labels.Length; i++)
        {
            double w = weights.IsEmpty ? 1 : weights[i];
            if (labels[i] < 0 || !RowFilter.IsUsableWeight((float)w)) continue;
            support[labels[i]] += w;
            if (predicted[i] >= 0 && predicted[i] < classes)
            {
                predictedTotal[predicted[i]] += w;
                if (predicted[i] == labels[i]) truePositive[labels[i]] += w;
            }
        }
        var rows = Enumerable.Range(0, classes).Select(c =>
        {
            double precision = predictedTotal[c] > 0 ? truePositive[c] / predictedTotal[c] : 0;
            double recall = support[c] > 0 ? truePositive[c] / support[c] : 0;
            double f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
            return new ClassReportRow(classNames[c], precision, recall, f1, support[c], auroc.PerClass[c].Auroc, auroc.PerClass[c].AveragePrecision);
        }).ToArray();
        double total = support.Sum();
        var macro = new ClassReportRow("macro avg", rows.Average(r => r.Precision), rows.Average(r => r.Recall), rows.Average(r => r.F1),
            total, auroc.MacroAuroc, DefinedMean(rows.Select(r => (r.Auprc, 1.0))));
        var weighted = new ClassReportRow("weighted avg", Weighted(rows, r => r.Precision), Weighted(rows, r => r.Recall), Weighted(rows, r => r.F1),
            total, auroc.WeightedAuroc, DefinedMean(rows.Select(r => (r.Auprc, r.Support))));
        return new ClassificationReport(rows, macro, weighted, auroc);
    }

    /// <summary>A fixed-width text table, one line per class, then the average rows.</summary>
    public string ToText()
    {
        int nameWidth = Math.Max(12, Classes.Max(c => c.Name.Length));
        var text = new StringBuilder();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{"".PadRight(nameWidth)}  {"precision",9} {"recall",9} {"f1",9} {"support",10} {"auroc",9} {"auprc",9}"));
        foreach (ClassReportRow row in Classes) text.AppendLine(Line(row, nameWidth));
        text.AppendLine();
        text.AppendLine(Line(MacroAverage, nameWidth));
        text.AppendLine(Line(WeightedAverage, nameWidth));
        return text.ToString();
    }

    /// <summary>CSV with a header line: class, precision, recall, f1, support, auroc, auprc.</summary>
    public string ToCsv()
    {
        var csv = new StringBuilder("class,precision,recall,f1,support,auroc,auprc\n");
        foreach (ClassReportRow row in Classes.Append(MacroAverage).Append(WeightedAverage))
        {
            string name = row.Name.Contains(',') || row.Name.Contains('"') ? "\"" + row.Name.Replace("\"", "\"\"") + "\"" : row.Name;
            csv.Append(string.Create(CultureInfo.InvariantCulture, $"{name},{row.Precision:R},{row.Recall:R},{row.F1:R},{row.Support:R},{row.Auroc:R},{row.Auprc:R}\n"));
        }
        return csv.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => ToText();

    private static string Line(ClassReportRow row, int nameWidth) => string.Create(CultureInfo.InvariantCulture,
        $"{row.Name.PadLeft(nameWidth)}  {row.Precision,9:F3} {row.Recall,9:F3} {row.F1,9:F3} {row.Support,10:0.###} {Metric(row.Auroc),9} {Metric(row.Auprc),9}");

    private static string Metric(double value) => double.IsNaN(value) ? "n/a" : value.ToString("F3", CultureInfo.InvariantCulture);

    private static double Weighted(IReadOnlyList<ClassReportRow> rows, Func<ClassReportRow, double> metric)
    {
        double total = rows.Sum(r => r.Support);
        return total > 0 ? rows.Sum(r => metric(r) * r.Support) / total : 0;
    }

    private static double DefinedMean(IEnumerable<(double Value, double Weight)> values)
    {
        var defined = values.Where(v => !double.IsNaN(v.Value)).ToArray();
        double total = defined.Sum(v => v.Weight);
        return total > 0 ? defined.Sum(v => v.Value * v.Weight) / total : double.NaN;
    }
}
