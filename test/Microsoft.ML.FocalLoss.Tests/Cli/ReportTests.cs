using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using SkiaSharp;
using static Microsoft.ML.FocalLoss.Tests.Cli.CliRun;

namespace Microsoft.ML.FocalLoss.Tests.Cli;

/// <summary>`focalml train --report`: the figures, and one self-contained report.html that a browser renders.</summary>
[TestClass]
public sealed class ReportTests
{
    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public void TheReportHoldsEveryFigureAndRendersInHeadlessChromium()
    {
        using var temp = new TempFolder("focalml-report");
        string report = Path.Combine(temp.Path, "report");
        string pima = Path.Combine(AppContext.BaseDirectory, "Data", "PimaIndiansDiabetes.csv");
        var (code, output, error) = Run("train", "--data", pima, "--label", "diabetes", "--compare", "--epochs", "8", "--report", report);
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "report.html");

        string[] figures = { "roc.png", "pr.png", "confusion.png", "reliability.png", "training.png" };
        foreach (string figure in figures)
        {
            using SKBitmap bitmap = SKBitmap.Decode(Path.Combine(report, figure)) ?? throw new AssertFailedException($"{figure} is not an image");
            Assert.IsGreaterThan(300, bitmap.Height, figure);
            Assert.IsGreaterThan(20, DistinctColours(bitmap), $"{figure} has curves or cells, not an empty frame");
        }

        // Self-contained: every figure inside as a data: URI, no file or network reference.
        string html = File.ReadAllText(Path.Combine(report, "report.html"));
        Assert.HasCount(figures.Length, Regex.Matches(html, "src=\"data:image/png;base64,"));
        Assert.IsFalse(Regex.IsMatch(html, "(src|href)=\"(?!data:)"), "no external reference");
        foreach (string trainer in new[] { "focal", "cross-entropy", "FastTree", "LightGbm" })
            StringAssert.Contains(html, $"<td>{trainer}</td>");
        StringAssert.Contains(html, "<th>log-loss</th><th>ECE</th>");

        string chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists)
            ?? throw new AssertInconclusiveException("Headless Chromium is not installed (apt-get install chromium).");
        string shot = Path.Combine(temp.Path, "shot.png");
        (int exit, string log) = ProcessRunner.Run(chromium,
            $"--headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1400,2400 --screenshot=\"{shot}\" \"file://{Path.Combine(report, "report.html")}\"",
            temp.Path, TimeSpan.FromMinutes(2));
        Assert.AreEqual(0, exit, log);
        using SKBitmap page = SKBitmap.Decode(shot) ?? throw new AssertFailedException($"Chromium wrote no screenshot:\n{log}");
        Assert.AreEqual(1400, page.Width);
        // A page of text alone samples to a few dozen shades; the figures' curves and cells bring many more.
        Assert.IsGreaterThan(100, DistinctColours(page), "the page shows its tables and figures");
    }

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public void EleventhClassIsInTheCurveLegendsBelowTheAxes()
    {
        using var temp = new TempFolder("focalml-report-legend");
        string report = Path.Combine(temp.Path, "report");
        string vowel = Path.Combine(AppContext.BaseDirectory, "Data", "Vowel.csv");
        var (code, _, error) = Run("train", "--data", vowel, "--label", "Class", "--epochs", "3", "--report", report);
        Assert.AreEqual(0, code, error);
        foreach (string figure in new[] { "roc.png", "pr.png" })
        {
            using SKBitmap bitmap = SKBitmap.Decode(Path.Combine(report, figure)) ?? throw new AssertFailedException($"{figure} is not an image");
            // Eleven legend lines below the axes make the panel taller than the 480 pixels of one without a legend,
            // and the legend's frame ends above the bottom edge: a legend cut off by the panel touches it.
            Assert.IsGreaterThan(480 + 11 * 18, bitmap.Height, figure);
            int lowest = Enumerable.Range(0, bitmap.Height).Last(y => Enumerable.Range(0, bitmap.Width).Any(x => bitmap.GetPixel(x, y) != SKColors.White));
            Assert.IsLessThan(bitmap.Height - 3, lowest, $"{figure}: the legend reaches the bottom edge, so its last lines are cut off");
        }
    }

    /// <summary>Distinct colours on a 64 × 64 grid of samples: an empty or failed render has a handful.</summary>
    private static int DistinctColours(SKBitmap bitmap) =>
        Enumerable.Range(0, 64).SelectMany(y => Enumerable.Range(0, 64).Select(x => bitmap.GetPixel(x * bitmap.Width / 64, y * bitmap.Height / 64))).Distinct().Count();
}
