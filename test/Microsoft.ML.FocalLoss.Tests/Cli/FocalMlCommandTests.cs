using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss.Cli;
using Microsoft.ML.FocalLoss.Training;
using Microsoft.VisualStudio.TestTools.UnitTesting;

using static Microsoft.ML.FocalLoss.Tests.Cli.CliRun;

namespace Microsoft.ML.FocalLoss.Tests.Cli;

/// <summary>The real `focalml` command, run in-process on the shipped data, including its error cases.</summary>
[TestClass]
public sealed class FocalMlCommandTests
{
    private static string DataFile(string name) => Path.Combine(AppContext.BaseDirectory, "Data", name);

    [TestMethod]
    public void TrainOnShippedDataComparesReportsAndSavesAModelThatMlNetLoads()
    {
        using var temp = new TempFolder("focalml-cli");
        string dir = temp.Path;
        string model = Path.Combine(dir, "glass.zip"), report = Path.Combine(dir, "report");
        var (code, output, error) = Run("train", "--compare", "--epochs", "30", "--report", report, "--out", model);
        Assert.AreEqual(0, code, error);
        foreach (string trainer in new[] { "focal", "cross-entropy", "FastTree" })
            StringAssert.Contains(output, "\n" + trainer + " ", $"a row for {trainer}");
        StringAssert.Contains(output, "macro AUROC");
        StringAssert.Contains(output, "epoch 30/30");
        Assert.IsTrue(File.ReadAllText(Path.Combine(report, "metrics.csv")).StartsWith("trainer,class,precision,recall,f1,support,auroc,auprc\nfocal,1,", StringComparison.Ordinal));
        byte[] png = File.ReadAllBytes(Path.Combine(report, "roc.png"));
        CollectionAssert.AreEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4], "roc.png is a PNG");
        Assert.IsTrue(png.Length > 20_000, "three panels of curves, not an empty image");
        new MLContext().Model.Load(model, out var schema);
        CollectionAssert.AreEqual(new[] { "RI", "Na", "Mg", "Al", "Si", "K", "Ca", "Ba", "Fe", "Type" }, schema.Select(c => c.Name).ToArray(),
            "the model starts at the CSV's own columns");

        string predictions = Path.Combine(dir, "predictions.csv");
        (code, _, error) = Run("predict", "--model", model, "--data", DataFile("Glass.csv"), "--out", predictions);
        Assert.AreEqual(0, code, error);
        string[] lines = File.ReadAllLines(predictions);
        Assert.AreEqual("Row,PredictedLabel,P(1),P(2),P(3),P(5),P(6),P(7),Note", lines[0]);
        Assert.AreEqual(215, lines.Length);
        foreach ((string line, int row) in lines.Skip(1).Select((l, i) => (l, i + 1)))
        {
            string[] fields = line.Split(',');
            Assert.AreEqual(row.ToString(CultureInfo.InvariantCulture), fields[0], "rows are numbered in input order");
            Assert.AreEqual(1.0, fields[2..^1].Sum(p => double.Parse(p, CultureInfo.InvariantCulture)), 1e-5);
        }

        (code, output, error) = Run("evaluate", "--model", model, "--data", DataFile("Glass.csv"));
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "auroc");
        StringAssert.Contains(output, "macro avg");
    }

    [TestMethod]
    public void ATwoClassLabelTrainsTheBinaryModelWithTheMinorityAsPositive()
    {
        var (code, output, error) = Run("train", "--data", DataFile("PimaIndiansDiabetes.csv"), "--label", "diabetes", "--epochs", "10");
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "binary, positive 'pos'");
        StringAssert.Contains(output, "recall of pos");
    }

    [TestMethod]
    public void NumbersAreReadAndWrittenWithADecimalPointWhateverTheLocale()
    {
        // Under de-DE the point groups thousands: option parsing read --test-fraction 0.25 as 25, and --gamma 0.5 as 5.
        CultureInfo previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            var (code, output, error) = Run("train", "--data", DataFile("PimaIndiansDiabetes.csv"), "--label", "diabetes", "--epochs", "3",
                "--gamma", "0.5", "--learning-rate", "0.003", "--test-fraction", "0.25");
            Assert.AreEqual(0, code, error);
            StringAssert.Contains(output, "test fraction 0.25");
            StringAssert.Contains(output, "γ 0.5, class weighting Balanced, 3 epochs, batch from the row count, learning rate 0.003;");
            string row = output.Split('\n').First(l => l.StartsWith("focal ", StringComparison.Ordinal));
            Assert.IsFalse(row.Contains(',', StringComparison.Ordinal), row);
            Assert.AreEqual("de-DE", CultureInfo.CurrentCulture.Name, "the caller's culture is restored");
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [TestMethod]
    public void EvaluateGivesTheLogLossTrainReportedForTheSameRows()
    {
        using var temp = new TempFolder("focalml-logloss");
        string[] lines = File.ReadAllLines(DataFile("PimaIndiansDiabetes.csv"));
        string train = Path.Combine(temp.Path, "train.csv"), test = Path.Combine(temp.Path, "test.csv"), model = Path.Combine(temp.Path, "m.zip");
        File.WriteAllLines(train, lines.Where((_, i) => i == 0 || i % 4 != 0));
        File.WriteAllLines(test, lines.Where((_, i) => i == 0 || i % 4 == 0));
        var (code, output, error) = Run("train", "--data", train, "--test", test, "--label", "diabetes", "--epochs", "10", "--out", model);
        Assert.AreEqual(0, code, error);
        string[] heading = output.Split('\n').First(l => l.StartsWith("trainer ", StringComparison.Ordinal)).Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string[] focal = output.Split('\n').First(l => l.StartsWith("focal ", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string logLoss = focal[Array.IndexOf(heading, "log-loss")];
        Assert.IsTrue(double.Parse(logLoss, CultureInfo.InvariantCulture) is > 0.2 and < 1, logLoss);

        (code, output, error) = Run("evaluate", "--model", model, "--data", test);
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, $"log-loss {logLoss}, ECE 0.");
    }

    [TestMethod]
    public void TheDecisionObjectiveIsTheOneAskedForAndTheSavedModelKeepsIt()
    {
        using var temp = new TempFolder("focalml-decision");
        string pima = DataFile("PimaIndiansDiabetes.csv");
        DecisionObjective Saved(string model)
        {
            ITransformer loaded = new MLContext().Model.Load(model, out _);
            return ((System.Collections.Generic.IEnumerable<ITransformer>)loaded).OfType<BinaryPredictionTransformer<Microsoft.ML.FocalLoss.Model.BinaryFocalLossModelParameters>>().Single().Model.DecisionObjective;
        }
        foreach ((string asked, DecisionObjective expected, string summary) in new[]
        {
            ((string?)null, DecisionObjective.MacroF1, "decision tuned for macro-F1 on held-out folds"),
            ("balancedaccuracy", DecisionObjective.BalancedAccuracy, "decision tuned for balanced accuracy on held-out folds"),
            ("RecallAtPrecision:0.7", DecisionObjective.RecallAtPrecision(0.7), "decision tuned for recall at precision ≥ 0.7 on held-out folds"),
            ("Argmax", DecisionObjective.Argmax, "decision: the most probable class"),
        }.Select(c => (c.Item1 ?? "", c.Item2, c.Item3)))
        {
            string model = Path.Combine(temp.Path, $"m{expected.Kind}.zip");
            string[] args = new[] { "train", "--data", pima, "--label", "diabetes", "--epochs", "5", "--out", model }.Concat(asked.Length > 0 ? new[] { "--decision", asked } : Array.Empty<string>()).ToArray();
            var (code, output, error) = Run(args);
            Assert.AreEqual(0, code, error);
            StringAssert.Contains(output, "calibrated, " + summary);
            Assert.AreEqual(expected, Saved(model), asked);
        }
        Fails("--decision takes MacroF1, BalancedAccuracy, Argmax or RecallAtPrecision:P", "train", "--decision", "RecallAtPrecision:1.5");
        Fails("--decision takes MacroF1, BalancedAccuracy, Argmax or RecallAtPrecision:P", "train", "--decision", "F2");
    }

    [TestMethod]
    public void TheSummarySaysWhatWasAskedForOnce()
    {
        // An empty --hidden is the linear model the trainer's HiddenLayerSizes = [] gives; a column named twice is left out once.
        var (code, output, error) = Run("train", "--data", DataFile("PimaIndiansDiabetes.csv"), "--label", "diabetes", "--epochs", "3", "--hidden", "", "--ignore-cols", "age, age,mass");
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "network: no hidden layer (a linear model), γ 2");
        StringAssert.Contains(output, "features: 6 numeric, 0 categorical (one-hot); ignored: age, mass");
    }

    [TestMethod]
    public void BadInputExitsNonZeroWithOneLineAndNoStackTrace()
    {
        using var temp = new TempFolder("focalml-cli");
        string dir = temp.Path;
        string Write(string name, string text)
        {
            string path = Path.Combine(dir, name);
            File.WriteAllText(path, text);
            return path;
        }
        string empty = Write("empty.csv", "");
        string ragged = Write("ragged.csv", "a,b,label\n1,2,x\n3,y\n");
        string single = Write("single.csv", "a,b,label\n1,2,x\n3,4,x\n");
        string text = Write("text.csv", "a,name,label\n" + string.Concat(Enumerable.Range(0, 30).Select(i => $"{i},person{i},{(i % 2 == 0 ? "x" : "y")}\n")));
        string notModel = Write("model.zip", "not a model");

        Fails("file not found", "train", "--data", Path.Combine(dir, "missing.csv"), "--label", "label");
        Fails("no label column 'kind'", "train", "--data", DataFile("Glass.csv"), "--label", "kind");
        Fails("single class", "train", "--data", single, "--label", "label");
        Fails("empty", "train", "--data", empty, "--label", "label");
        Fails("data row 2 has 2 fields but the header has 3", "train", "--data", ragged, "--label", "label");
        Fails("--ignore-cols name", "train", "--data", text, "--label", "label");
        Fails("not a focalml model", "evaluate", "--model", notModel, "--data", DataFile("Glass.csv"));

        string model = Path.Combine(dir, "glass.zip");
        Assert.AreEqual(0, Run("train", "--epochs", "2", "--out", model).Code);
        Fails("the model needs column(s) RI", "predict", "--model", model, "--data", DataFile("PimaIndiansDiabetes.csv"), "--out", Path.Combine(dir, "p.csv"));
        Fails("--epochs must be at least 1", "train", "--epochs", "0");

        var (verboseCode, _, verboseError) = Run("train", "--data", empty, "--label", "label", "--verbose");
        Assert.AreEqual(1, verboseCode);
        StringAssert.Contains(verboseError, "   at ", "--verbose adds the stack trace");
    }
}
