using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.ML.FocalLoss.Evaluation;
using ScottPlot;

namespace Microsoft.ML.FocalLoss.Cli;

/// <summary>The comparison table, per-trainer reports as text and CSV, and ROC curves as a PNG.</summary>
internal static class ReportWriter
{
    private const int MaxLegendEntries = 12;

    public static string ComparisonTable(IReadOnlyList<TrainerResult> results)
    {
        string rare = results[0].RarestClass.Name;
        // A long class name is shortened in the header, so the columns stay under their headings.
        string heading = "recall of " + (rare.Length > 12 ? rare[..11] + "…" : rare);
        var text = new StringBuilder();
        text.AppendLine(FormattableString.Invariant($"{"trainer",-14} {"accuracy",9} {"macro recall",13} {"macro F1",9} {"macro AUROC",12} {heading,22} {"seconds",8}"));
        foreach (TrainerResult r in results)
        {
            double rareRecall = r.Report.Classes.First(c => c.Name == rare).Recall;
            text.AppendLine(FormattableString.Invariant($"{r.Name,-14} {r.Accuracy,9:F3} {r.Report.MacroAverage.Recall,13:F3} {r.Report.MacroAverage.F1,9:F3} {r.Report.MacroAverage.Auroc,12:F3} {rareRecall,22:F3} {r.Seconds,8:F1}"));
        }
        return text.ToString();
    }

    public static void Write(string directory, IReadOnlyList<TrainerResult> results, string[] classes)
    {
        Directory.CreateDirectory(directory);
        var text = new StringBuilder(ComparisonTable(results));
        var csv = new StringBuilder("trainer,class,precision,recall,f1,support,auroc,auprc\n");
        foreach (TrainerResult r in results)
        {
            text.AppendLine().AppendLine($"{r.Name}:").Append(r.Report.ToText());
            foreach (string line in r.Report.ToCsv().Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1))
                csv.Append(r.Name).Append(',').Append(line).Append('\n');
        }
        File.WriteAllText(Path.Combine(directory, "metrics.txt"), text.ToString());
        File.WriteAllText(Path.Combine(directory, "metrics.csv"), csv.ToString());
        RocPlot(Path.Combine(directory, "roc.png"), results, classes);
    }

    /// <summary>One panel per trainer, one one-vs-rest ROC curve per class, AUROC in the legend.</summary>
    private static void RocPlot(string path, IReadOnlyList<TrainerResult> results, string[] classes)
    {
        var multiplot = new ScottPlot.Multiplot();
        multiplot.AddPlots(results.Count);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        for (int t = 0; t < results.Count; t++)
        {
            TrainerResult r = results[t];
            ScottPlot.Plot plot = multiplot.GetPlot(t);
            int n = r.Labels.Length;
            for (int c = 0; c < classes.Length; c++)
            {
                float[] scores = Enumerable.Range(0, n).Select(i => r.Probabilities[i * classes.Length + c]).ToArray();
                bool[] positive = r.Labels.Select(y => y == c).ToArray();
                var metrics = BinaryRankingMetrics.Compute(scores, positive);
                if (double.IsNaN(metrics.AreaUnderRocCurve)) continue;
                var line = plot.Add.ScatterLine(metrics.RocCurve.Select(p => p.FalsePositiveRate).ToArray(), metrics.RocCurve.Select(p => p.TruePositiveRate).ToArray());
                line.LegendText = string.Create(CultureInfo.InvariantCulture, $"{classes[c]} ({metrics.AreaUnderRocCurve:F3})");
                line.LineWidth = 2;
            }
            var diagonal = plot.Add.Line(0, 0, 1, 1);
            diagonal.LinePattern = ScottPlot.LinePattern.Dashed;
            diagonal.LineColor = ScottPlot.Colors.Gray;
            plot.Title(string.Create(CultureInfo.InvariantCulture, $"{r.Name}: macro AUROC {r.Report.MacroAverage.Auroc:F3}"));
            plot.XLabel("false positive rate");
            plot.YLabel("true positive rate");
            plot.Axes.SetLimits(0, 1, 0, 1.02);
            // With many classes a legend would cover the curves; the per-class AUROC is in metrics.txt.
            if (classes.Length <= MaxLegendEntries) plot.ShowLegend(ScottPlot.Alignment.LowerRight);
            else plot.HideLegend();
        }
        multiplot.SavePng(path, 520 * results.Count, 480);
    }
}
