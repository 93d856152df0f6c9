using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML.FocalLoss.Cli;
using Microsoft.ML.FocalLoss.Evaluation;
using Microsoft.ML.FocalLoss.Training;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static Microsoft.ML.FocalLoss.Tests.Cli.CliRun;

namespace Microsoft.ML.FocalLoss.Tests.Cli;

/// <summary>
/// `focalml train --cv K`: the per-fold table's arithmetic, the pooled out-of-fold report that scores every row once,
/// and the model --out saves afterwards (trained on every row). The folds themselves are the library's
/// stratification, tested in StratifiedSplitTests.
/// </summary>
[TestClass]
public sealed class CrossValidationTests
{
    private static readonly string[] Names = { "no", "yes" };

    /// <summary>A fold's result on four rows labelled no, no, yes, yes, with confident probabilities for the predictions.</summary>
    private static TrainerResult Result(string name, int[] predicted)
    {
        int[] labels = { 0, 0, 1, 1 };
        float[] probabilities = predicted.SelectMany(p => p == 1 ? new[] { 0.1f, 0.9f } : new[] { 0.9f, 0.1f }).ToArray();
        return new(name, ClassificationReport.Create(probabilities, labels, predicted, default, Names), probabilities, labels, predicted, 0.5, Array.Empty<EpochReport>());
    }

    [TestMethod]
    public void TheTableIsTheMeanAndSampleSdOverFoldsAndTheDifferencesArePairedByFold()
    {
        // Per fold, macro-F1 of "a" is 1 then 1/3 (it predicts everything as "no"); "b" is 1/3 then 1.
        int[] right = { 0, 0, 1, 1 }, allNo = { 0, 0, 0, 0 };
        var summary = new CrossValidationSummary(new List<IReadOnlyList<TrainerResult>>
        {
            new[] { Result("a", right), Result("b", allNo) },
            new[] { Result("a", allNo), Result("b", right) },
        });

        // F1 of "no" when every row is "no": precision 1/2, recall 1, F1 2/3; "yes" gets 0: macro 1/3.
        double mean = (1 + 1.0 / 3) / 2, sd = Math.Sqrt(2 * Math.Pow(1 - mean, 2) / 1);
        string table = summary.Table();
        StringAssert.Contains(table, FormattableString.Invariant($"{mean:F3} ± {sd:F3}"), table);
        Assert.IsTrue(table.Split('\n').Single(l => l.StartsWith("a ", StringComparison.Ordinal)).TrimEnd().EndsWith(" 1.0", StringComparison.Ordinal), "seconds add up over the folds: " + table);
        // a − b per fold: +2/3 and −2/3; mean 0, sd 0.943, standard error 0.943 / √2.
        string paired = summary.PairedDifferences();
        StringAssert.Contains(paired, FormattableString.Invariant($"a minus b, per fold: macro F1 0.000 ± {Math.Sqrt(8.0 / 9) / Math.Sqrt(2):F3}"), paired);
        StringAssert.StartsWith(paired, "a's differences, paired by fold: mean ± standard error", paired);

        IReadOnlyList<TrainerResult> pooled = summary.Pooled(Names);
        Assert.AreEqual(8, pooled[0].Labels.Length, "every fold's rows, once each");
        Assert.AreEqual(4, pooled[0].Report.Classes.Single(c => c.Name == "yes").Support);
        Assert.AreEqual(0.5, pooled[0].Report.Classes.Single(c => c.Name == "yes").Recall, 1e-12);
    }

    [TestMethod]
    public void ATreeAheadOfFocalBeyondTwoStandardErrorsBringsTheStackHint()
    {
        // Macro-F1: right 1, oneMiss 0.733, allNo 1/3. Focal minus FastTree per fold: −0.667, −0.267, −0.667, a mean of
        // −0.533 with standard error 0.133; LightGbm scores as focal does (a tie).
        int[] right = { 0, 0, 1, 1 }, oneMiss = { 0, 0, 1, 0 }, allNo = { 0, 0, 0, 0 };
        List<IReadOnlyList<TrainerResult>> Folds(string first) => new()
        {
            new[] { Result(first, allNo), Result("FastTree", right), Result("LightGbm", allNo) },
            new[] { Result(first, oneMiss), Result("FastTree", right), Result("LightGbm", oneMiss) },
            new[] { Result(first, allNo), Result("FastTree", right), Result("LightGbm", allNo) },
        };
        string paired = new CrossValidationSummary(Folds("focal")).PairedDifferences();
        StringAssert.Contains(paired, "FastTree is ahead of focal on macro F1 here (by 0.533, beyond two standard errors)." + Environment.NewLine + "--stack FastTree pools it", paired);
        Assert.IsTrue(paired.Split('\n').All(l => l.TrimEnd().Length <= 115), "no line much wider than the paired lines:\n" + paired);
        Assert.DoesNotContain("--stack LightGbm", paired, paired);
        // Already stacked: no hint.
        Assert.DoesNotContain("--stack", new CrossValidationSummary(Folds("focal+FastTree")).PairedDifferences());
    }

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public void CrossValidationScoresEveryRowOnceAndOutSavesTheModelTrainedOnEveryRow()
    {
        using var temp = new TempFolder("focalml-cv");
        string pima = Path.Combine(AppContext.BaseDirectory, "Data", "PimaIndiansDiabetes.csv");
        string cvModel = Path.Combine(temp.Path, "cv.zip"), report = Path.Combine(temp.Path, "report");
        var (code, output, error) = Run("train", "--data", pima, "--label", "diabetes", "--compare", "--epochs", "8", "--cv", "3", "--out", cvModel, "--report", report);
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "3-fold cross-validation of 768 rows (stratified, seed 1)");
        StringAssert.Contains(output, "Cross-validation, 3 folds of 768 rows");
        foreach (string other in new[] { "cross-entropy", "FastTree", "LightGbm" })
            StringAssert.Contains(output, $"focal minus {other}, per fold: macro F1 ");

        // The pooled report scores every row once: its supports are the file's class counts (500 neg, 268 pos).
        string[] csv = File.ReadAllLines(Path.Combine(report, "metrics.csv"));
        foreach (string trainer in new[] { "focal", "FastTree" })
        {
            double Support(string c) => double.Parse(csv.Single(l => l.StartsWith($"{trainer},{c},", StringComparison.Ordinal)).Split(',')[5], CultureInfo.InvariantCulture);
            Assert.AreEqual((500.0, 268.0), (Support("neg"), Support("pos")), trainer);
        }
        StringAssert.Contains(File.ReadAllText(Path.Combine(report, "report.html")), "Out-of-fold predictions of 768 rows (3-fold cross-validation)");

        // --out after --cv is focal trained on every row: the model `--test` on the same file trains.
        string allRows = Path.Combine(temp.Path, "all.zip");
        Succeeds("train", "--data", pima, "--label", "diabetes", "--epochs", "8", "--test", pima, "--out", allRows);
        string a = Path.Combine(temp.Path, "a.csv"), b = Path.Combine(temp.Path, "b.csv");
        Succeeds("predict", "--model", cvModel, "--data", pima, "--out", a);
        Succeeds("predict", "--model", allRows, "--data", pima, "--out", b);
        CollectionAssert.AreEqual(File.ReadAllBytes(b), File.ReadAllBytes(a), "the same predictions, byte for byte");
    }

    [TestMethod]
    public void ACategoryOfOneRowIsNewToTheFoldThatTestsItAndSaidSo()
    {
        using var temp = new TempFolder("focalml-cv-category");
        var random = new Random(1);
        var text = new System.Text.StringBuilder("colour,size,label\n");
        for (int i = 0; i < 200; i++)
        {
            string colour = i == 17 ? "purple" : new[] { "red", "green", "blue" }[random.Next(3)];
            double size = random.NextDouble() * 10;
            text.Append(CultureInfo.InvariantCulture, $"{colour},{size:F3},{(colour == "red" || size > 9 ? "alarm" : "quiet")}\n");
        }
        string data = Path.Combine(temp.Path, "colours.csv");
        File.WriteAllText(data, text.ToString());
        var (code, output, error) = Run("train", "--data", data, "--label", "label", "--epochs", "5", "--cv", "4");
        Assert.AreEqual(0, code, error);
        // The features are fitted per fold: the fold that tests the one purple row never trained on purple.
        StringAssert.Contains(output, "In the folds' test rows, 1 row(s) with a category not seen in training, scored as if that cell were empty (first: 'purple' in 'colour').");
    }

    [TestMethod]
    public void BadFoldRequestsAreRefusedWithOneLine()
    {
        using var temp = new TempFolder("focalml-cv-bad");
        string glass = Path.Combine(AppContext.BaseDirectory, "Data", "Glass.csv");
        Fails("--cv takes 2 to 20 folds; got 1", "train", "--cv", "1");
        Fails("--cv and --test exclude each other", "train", "--data", glass, "--label", "Type", "--cv", "3", "--test", glass);
        Fails("--cv and --test-fraction exclude each other", "train", "--cv", "3", "--test-fraction", "0.2");
        // Glass's class 6 has 9 rows: ten folds cannot each test it.
        Fails("class '6' has 9 row(s); focalml needs at least 10 of each class for --cv 10", "train", "--cv", "10");
        // Two folds of a 3-row class: the fold that tests two of them would train on one.
        string small = Path.Combine(temp.Path, "small.csv");
        File.WriteAllText(small, "x,y\n" + string.Concat(Enumerable.Range(0, 40).Select(i => FormattableString.Invariant($"{i},{(i < 3 ? "rare" : "common")}\n"))));
        Fails("class 'rare' has 3 row(s); focalml needs at least 4 of each class for --cv 2", "train", "--data", small, "--label", "y", "--cv", "2");
        Succeeds("train", "--data", small, "--label", "y", "--cv", "3", "--epochs", "2");
    }
}
