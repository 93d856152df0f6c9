using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.ML.FocalLoss.Evaluation;
using ScottPlot;

namespace Microsoft.ML.FocalLoss.Cli;

/// <summary>
/// The report's figures as PNG bytes: ROC and precision–recall curves (one panel per trainer), the focal model's
/// confusion matrix (counts and row-normalised), reliability diagrams, and the networks' training curves.
/// </summary>
internal static class ReportPlots
{
    /// <summary>More classes than this and the legend below the axes would be taller than they are; metrics.txt has every class's figures.</summary>
    private const int MaxLegendEntries = 12;

    private const int PanelWidth = 520, PanelHeight = 480, LegendLineHeight = 21;

    /// <summary>One ROC curve per class (one-vs-rest); a binary task draws the positive class only.</summary>
    public static byte[] Roc(IReadOnlyList<TrainerResult> results, string[] classes) => Panels(results, CurvePanelHeight(classes), (plot, r) =>
    {
        foreach (int c in CurveClasses(classes))
        {
            BinaryRankingMetrics m = Ranking(r, c);
            if (double.IsNaN(m.AreaUnderRocCurve)) continue;
            var line = plot.Add.ScatterLine(m.RocCurve.Select(p => p.FalsePositiveRate).ToArray(), m.RocCurve.Select(p => p.TruePositiveRate).ToArray());
            line.LegendText = Invariant($"{classes[c]} (AUROC {m.AreaUnderRocCurve:F3}, n={Support(r, c)})");
            Style(line, c);
        }
        Diagonal(plot, 0, 0, 1, 1);
        plot.Title(Invariant($"{r.Name}: macro AUROC {r.Report.MacroAverage.Auroc:F3}"));
        plot.XLabel("false positive rate");
        plot.YLabel("true positive rate");
        plot.Axes.SetLimits(0, 1, 0, 1.02);
        Legend(plot, classes);
    });

    /// <summary>One precision–recall curve per class (the positive class for a binary task), with its average precision.</summary>
    public static byte[] PrecisionRecall(IReadOnlyList<TrainerResult> results, string[] classes) => Panels(results, CurvePanelHeight(classes), (plot, r) =>
    {
        foreach (int c in CurveClasses(classes))
        {
            BinaryRankingMetrics m = Ranking(r, c);
            if (double.IsNaN(m.AveragePrecision)) continue;
            // From the first threshold that finds a row: above every score, precision is undefined.
            var points = m.PrecisionRecallCurve.Where(p => p.Recall > 0).ToArray();
            var line = plot.Add.ScatterLine(points.Select(p => p.Recall).ToArray(), points.Select(p => p.Precision).ToArray());
            line.LegendText = Invariant($"{classes[c]} (AP {m.AveragePrecision:F3}, n={Support(r, c)})");
            Style(line, c);
        }
        plot.Title(Invariant($"{r.Name}: precision–recall"));
        plot.XLabel("recall");
        plot.YLabel("precision");
        plot.Axes.SetLimits(0, 1, 0, 1.02);
        Legend(plot, classes);
    });

    /// <summary>The confusion matrix of one trainer: counts, and each true class's row as shares of its rows.</summary>
    public static byte[] Confusion(TrainerResult r, string[] classes)
    {
        int k = classes.Length;
        var counts = new double[k, k];
        for (int i = 0; i < r.Labels.Length; i++)
            if (r.Predicted[i] >= 0) counts[r.Labels[i], r.Predicted[i]]++;
        var shares = new double[k, k];
        for (int t = 0; t < k; t++)
        {
            double row = Enumerable.Range(0, k).Sum(p => counts[t, p]);
            for (int p = 0; p < k; p++) shares[t, p] = row > 0 ? counts[t, p] / row : 0;
        }
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        Matrix(multiplot.GetPlot(0), counts, classes, $"{r.Name}: confusion matrix (counts)", v => v.ToString("0", CultureInfo.InvariantCulture));
        Matrix(multiplot.GetPlot(1), shares, classes, $"{r.Name}: share of each true class", v => v.ToString("0.00", CultureInfo.InvariantCulture));
        int side = Math.Clamp(120 + 48 * k, PanelHeight, 1400);
        return multiplot.Render(2 * side, side).GetImageBytes(ImageFormat.Png);
    }

    /// <summary>Reliability: in bins of the predicted class's probability, how often that class is right; the diagonal is perfect calibration.</summary>
    public static byte[] Reliability(IReadOnlyList<TrainerResult> results) => Panels(results, PanelHeight, (plot, r) =>
    {
        CalibrationMetrics m = r.Calibration();
        var bins = m.Bins.Where(b => b.Weight > 0).ToArray();
        var bars = plot.Add.Bars(bins.Select(b => (b.Lower + b.Upper) / 2).ToArray(), bins.Select(b => b.Accuracy).ToArray());
        foreach (Bar bar in bars.Bars) bar.Size = bins.Length > 0 ? (bins[0].Upper - bins[0].Lower) * 0.9 : 0.1;
        bars.LegendText = "accuracy in the bin";
        var confidence = plot.Add.Scatter(bins.Select(b => b.MeanConfidence).ToArray(), bins.Select(b => b.Accuracy).ToArray());
        confidence.LegendText = "at the bin's mean probability";
        confidence.LineWidth = 0;
        confidence.MarkerSize = 8;
        Diagonal(plot, 0, 0, 1, 1);
        plot.Title(Invariant($"{r.Name}: ECE {m.ExpectedCalibrationError:F3}, log-loss {m.LogLoss:F3}"));
        plot.XLabel("predicted probability of the predicted class");
        plot.YLabel("share correct");
        plot.Axes.SetLimits(0, 1, 0, 1.02);
        plot.ShowLegend(Alignment.UpperLeft);
    });

    /// <summary>The networks' training loss and held-out macro AUROC per epoch.</summary>
    public static byte[]? Training(IReadOnlyList<TrainerResult> results)
    {
        var networks = results.Where(r => r.Epochs.Count > 0).ToArray();
        if (networks.Length == 0) return null;
        return Panels(networks, PanelHeight, (plot, r) =>
        {
            double[] epochs = r.Epochs.Select(e => (double)e.Epoch).ToArray();
            var loss = plot.Add.ScatterLine(epochs, r.Epochs.Select(e => e.TrainingLoss).ToArray());
            loss.LegendText = "training loss";
            loss.LineWidth = 2;
            plot.YLabel("training loss");
            if (r.Epochs.All(e => e.ValidationMacroAuroc is not null))
            {
                var auroc = plot.Add.ScatterLine(epochs, r.Epochs.Select(e => e.ValidationMacroAuroc!.Value).ToArray());
                auroc.LegendText = "held-out macro AUROC (right axis)";
                auroc.LineWidth = 2;
                auroc.Axes.YAxis = plot.Axes.Right;
                plot.Axes.Right.Label.Text = "held-out macro AUROC";
            }
            plot.Title(Invariant($"{r.Name}: {r.Epochs.Count} epochs"));
            plot.XLabel("epoch");
            // Below the axes, not on them: early stopping often ends a fit after the AUROC has peaked and fallen,
            // and the AUROC's own axis then spans the whole height, so no corner of the data area stays free.
            plot.ShowLegend(Edge.Bottom);
        });
    }

    private static byte[] Panels(IReadOnlyList<TrainerResult> results, int height, Action<Plot, TrainerResult> draw)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(results.Count);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        for (int t = 0; t < results.Count; t++) draw(multiplot.GetPlot(t), results[t]);
        return multiplot.Render(PanelWidth * results.Count, height).GetImageBytes(ImageFormat.Png);
    }

    private static void Matrix(Plot plot, double[,] values, string[] classes, string title, Func<double, string> format)
    {
        int k = classes.Length;
        // ScottPlot draws row 0 at the top, as a confusion matrix is read: true class t sits at y = k − 1 − t.
        var heatmap = plot.Add.Heatmap(values);
        heatmap.Colormap = new LightToDark(new ScottPlot.Colormaps.Blues());
        double max = values.Cast<double>().DefaultIfEmpty(0).Max();
        // White is zero, not the smallest count.
        heatmap.ManualRange = new ScottPlot.Range(0, Math.Max(max, 1e-9));
        for (int t = 0; t < k; t++)
        {
            for (int p = 0; p < k; p++)
            {
                var text = plot.Add.Text(format(values[t, p]), p, k - 1 - t);
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontSize = k > 12 ? 9 : 14;
                text.LabelFontColor = values[t, p] > max * 0.55 ? Colors.White : Colors.Black;
            }
        }
        double[] ticks = Enumerable.Range(0, k).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.SetTicks(ticks, classes.Select(Short).ToArray());
        plot.Axes.Left.SetTicks(ticks, classes.Reverse().Select(Short).ToArray());
        plot.XLabel("predicted class");
        plot.YLabel("true class");
        plot.Title(title);
    }

    private static IEnumerable<int> CurveClasses(string[] classes) => classes.Length == 2 ? new[] { 1 } : Enumerable.Range(0, classes.Length);

    private static BinaryRankingMetrics Ranking(TrainerResult r, int c) =>
        BinaryRankingMetrics.Compute(r.ClassScores(c), r.Labels.Select(y => y == c).ToArray());

    private static int Support(TrainerResult r, int c) => r.Labels.Count(y => y == c);

    private static void Diagonal(Plot plot, double x1, double y1, double x2, double y2)
    {
        var diagonal = plot.Add.Line(x1, y1, x2, y2);
        diagonal.LinePattern = LinePattern.Dashed;
        diagonal.LineColor = Colors.Gray;
    }

    /// <summary>
    /// Below the axes, one class a line: inside them, any corner can hold a weak class's curve (a rare class's
    /// precision–recall curve often runs along the bottom left, its ROC curve along the right).
    /// </summary>
    private static void Legend(Plot plot, string[] classes)
    {
        if (classes.Length > MaxLegendEntries) { plot.HideLegend(); return; }
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.Orientation = Orientation.Vertical;
    }

    /// <summary>
    /// The palette has ten colours, so the eleventh and twelfth classes reuse the first two: dashed, so that no two
    /// curves look alike.
    /// </summary>
    private static void Style(ScottPlot.Plottables.Scatter line, int c)
    {
        line.LineWidth = 2;
        if (c >= 10) line.LinePattern = LinePattern.Dashed;
    }

    /// <summary>The curve panels grow by a legend line per class drawn, so the axes keep their size.</summary>
    private static int CurvePanelHeight(string[] classes) =>
        classes.Length > MaxLegendEntries ? PanelHeight : PanelHeight + LegendLineHeight * (CurveClasses(classes).Count() + 1);

    private static string Short(string name) => name.Length > 14 ? name[..13] + "…" : name;

    /// <summary>A colormap read the other way: Blues goes from dark to light, and a count should darken as it grows.</summary>
    private sealed class LightToDark(IColormap inner) : IColormap
    {
        public string Name => inner.Name + " (reversed)";

        public Color GetColor(double normalizedIntensity) => inner.GetColor(1 - normalizedIntensity);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
