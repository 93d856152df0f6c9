using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.ML.FocalLoss.Evaluation;

namespace Microsoft.ML.FocalLoss.Cli;

/// <summary>The comparison table, and the report folder: per-trainer reports as text and CSV, figures, report.html.</summary>
internal static class ReportWriter
{
    public static string ComparisonTable(IReadOnlyList<TrainerResult> results)
    {
        string rare = results[0].RarestClass.Name;
        // A long class name is shortened in the header, so the columns stay under their headings.
        string heading = "recall of " + (rare.Length > 12 ? rare[..11] + "…" : rare);
        var text = new StringBuilder();
        // Log-loss beside the ranking and decision metrics: calibrated probabilities are half of what focal offers.
        text.AppendLine(FormattableString.Invariant($"{"trainer",-14} {"accuracy",9} {"macro recall",13} {"macro F1",9} {"macro AUROC",12} {"log-loss",9} {heading,22} {"seconds",8}"));
        foreach (TrainerResult r in results)
        {
            double rareRecall = r.Report.Classes.First(c => c.Name == rare).Recall;
            text.AppendLine(FormattableString.Invariant($"{r.Name,-14} {r.Accuracy,9:F3} {r.Report.MacroAverage.Recall,13:F3} {r.Report.MacroAverage.F1,9:F3} {r.Report.MacroAverage.Auroc,12:F3} {r.Calibration().LogLoss,9:F3} {rareRecall,22:F3} {r.Seconds,8:F1}"));
        }
        return text.ToString();
    }

    /// <summary>Every file a report may write, for checking before training that none of them is an input.</summary>
    public static readonly string[] FileNames = { "metrics.txt", "metrics.csv", "roc.png", "pr.png", "confusion.png", "reliability.png", "training.png", "report.html" };

    /// <summary>
    /// Writes metrics.txt, metrics.csv, the figures as PNGs and report.html (the same, self-contained) into the folder.
    /// Each file is written under a temporary name and renamed.
    /// </summary>
    /// <param name="heading">What the results score: a test set, or the out-of-fold predictions of cross-validation.</param>
    /// <param name="crossValidation">With --cv, the per-fold table and paired differences, written above the pooled results.</param>
    public static IReadOnlyList<string> Write(string directory, IReadOnlyList<TrainerResult> results, string[] classes, IReadOnlyList<string> summary,
        string heading, string? crossValidation)
    {
        Directory.CreateDirectory(directory);
        var text = new StringBuilder();
        if (crossValidation is not null) text.AppendLine(crossValidation);
        text.AppendLine(heading + ":").Append(ComparisonTable(results));
        var csv = new StringBuilder("trainer,class,precision,recall,f1,support,auroc,auprc\n");
        foreach (TrainerResult r in results)
        {
            text.AppendLine().AppendLine($"{r.Name}:").Append(r.Report.ToText());
            foreach (string line in r.Report.ToCsv().Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1))
                csv.Append(r.Name).Append(',').Append(line).Append('\n');
        }
        var figures = new List<(string File, string Caption, byte[] Png)>
        {
            ("roc.png", "ROC curves, one-vs-rest per class (the positive class for a binary task); n is the class's test rows.", ReportPlots.Roc(results, classes)),
            ("pr.png", "Precision–recall curves per class, with average precision (AP); rare classes show here what ROC hides.", ReportPlots.PrecisionRecall(results, classes)),
            ("confusion.png", $"Confusion matrix of {results[0].Name}: counts, and each true class's row as shares (its recall on the diagonal).", ReportPlots.Confusion(results[0], classes)),
            ("reliability.png", "Reliability: how often the predicted class is right against its predicted probability; on the diagonal is calibrated.", ReportPlots.Reliability(results)),
        };
        if (ReportPlots.Training(results) is byte[] training)
            figures.Add(("training.png", "Training curves: the loss per epoch and the held-out macro AUROC that early stopping watches"
                + (crossValidation is null ? "." : ", for the first fold's networks (the other folds train alike)."), training));

        var written = new List<string>();
        void Save(string name, Action<string> write)
        {
            if (Array.IndexOf(FileNames, name) < 0) throw new InvalidOperationException($"{name} is missing from ReportWriter.FileNames.");
            string path = Path.Combine(directory, name);
            OutputPaths.WriteAtomically(path, write);
            written.Add(name);
        }
        Save("metrics.txt", t => File.WriteAllText(t, text.ToString()));
        Save("metrics.csv", t => File.WriteAllText(t, csv.ToString()));
        foreach ((string file, _, byte[] png) in figures) Save(file, t => File.WriteAllBytes(t, png));
        string html = HtmlReport.Build("focalml report", summary, heading, crossValidation, results, figures.Select(f => (f.Caption, f.Png)).ToArray());
        Save("report.html", t => File.WriteAllText(t, html));
        return written;
    }
}
