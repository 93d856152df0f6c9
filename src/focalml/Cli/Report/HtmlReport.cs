using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;

namespace Microsoft.ML.FocalLoss.Cli;

/// <summary>One self-contained report.html: the comparison and per-class tables, and every figure embedded as a PNG.</summary>
internal static class HtmlReport
{
    /// <param name="heading">What the results score: a test set, or cross-validation's out-of-fold predictions.</param>
    /// <param name="crossValidation">With --cv, the per-fold table as the console prints it, shown above the results.</param>
    public static string Build(string title, IReadOnlyList<string> summary, string heading, string? crossValidation, IReadOnlyList<TrainerResult> results,
        IReadOnlyList<(string Caption, byte[] Png)> figures)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(title)).Append("</title>\n<style>")
            .Append("body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1700px}")
            .Append("table{border-collapse:collapse;margin:8px 0 20px}th,td{border:1px solid #ccc;padding:4px 10px;text-align:right}")
            .Append("th:first-child,td:first-child{text-align:left}th{background:#eef2f7}img{max-width:100%;border:1px solid #ddd;margin:6px 0}")
            .Append("figure{margin:0 0 24px}pre{background:#f6f8fa;padding:8px 12px;overflow-x:auto}figcaption{color:#555}p.summary{margin:2px 0;color:#333}")
            .Append("</style></head><body>\n<h1>").Append(E(title)).Append("</h1>\n");
        foreach (string line in summary) html.Append("<p class=\"summary\">").Append(E(line)).Append("</p>\n");

        if (crossValidation is not null) html.Append("<h2>Cross-validation</h2>\n<pre>").Append(E(crossValidation)).Append("</pre>\n");
        html.Append("<h2>").Append(E(heading)).Append("</h2>\n<table><tr><th>trainer</th><th>accuracy</th><th>macro recall</th><th>macro F1</th><th>macro AUROC</th><th>min recall</th><th>log-loss</th><th>ECE</th><th>seconds</th></tr>\n");
        foreach (TrainerResult r in results)
        {
            html.Append("<tr><td>").Append(E(r.Name)).Append("</td>")
                .Append(Cell(r.Accuracy)).Append(Cell(r.Report.MacroAverage.Recall)).Append(Cell(r.Report.MacroAverage.F1)).Append(Cell(r.Report.MacroAverage.Auroc))
                .Append(Cell(r.Report.Classes.Min(c => c.Recall))).Append(Cell(r.Calibration().LogLoss)).Append(Cell(r.Calibration().ExpectedCalibrationError))
                .Append("<td>").Append(r.Seconds.ToString("F1", CultureInfo.InvariantCulture)).Append("</td></tr>\n");
        }
        html.Append("</table>\n");

        foreach (TrainerResult r in results)
        {
            html.Append("<h3>").Append(E(r.Name)).Append(", per class</h3>\n<table><tr><th>class</th><th>precision</th><th>recall</th><th>F1</th><th>support</th><th>AUROC</th><th>AUPRC</th></tr>\n");
            foreach (var c in r.Report.Classes.Append(r.Report.MacroAverage))
            {
                html.Append("<tr><td>").Append(E(c.Name)).Append("</td>").Append(Cell(c.Precision)).Append(Cell(c.Recall)).Append(Cell(c.F1))
                    .Append("<td>").Append(c.Support.ToString(CultureInfo.InvariantCulture)).Append("</td>").Append(Cell(c.Auroc)).Append(Cell(c.Auprc)).Append("</tr>\n");
            }
            html.Append("</table>\n");
        }

        foreach ((string caption, byte[] png) in figures)
        {
            html.Append("<figure><img alt=\"").Append(E(caption)).Append("\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(png))
                .Append("\"><figcaption>").Append(E(caption)).Append("</figcaption></figure>\n");
        }
        return html.Append("</body></html>\n").ToString();
    }

    private static string Cell(double value) => "<td>" + (double.IsNaN(value) ? "–" : value.ToString("F3", CultureInfo.InvariantCulture)) + "</td>";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
