using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss.Training;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.FocalLoss.Tests.Training;

/// <summary>
/// A validation set stands in for the held-out folds: early stopping, calibration and the decision rule are all
/// fitted on it. Rows of one class can do none of that, so they are refused by name; a class missing from an
/// otherwise good validation set is warned of and keeps its prior correction.
/// </summary>
[TestClass]
public sealed class ValidationSetTests
{
    private sealed class TypeRow
    {
        public string Type { get; set; } = "";
    }

    private sealed class LabelRow
    {
        public bool Label { get; set; }
    }

    [TestMethod]
    public void ValidationRowsOfOneClassAreRefusedByName()
    {
        var ml = new MLContext(seed: 1);
        IDataView glass = ShippedData.GlassWithKeyLabel(ml);
        IDataView onlyOnes = ml.Data.FilterByCustomPredicate<TypeRow>(glass, r => r.Type != "1");
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new FocalLossTrainer(ml, new FocalLossTrainer.Options { NumberOfEpochs = 5 }).Fit(glass, onlyOnes));
        StringAssert.Contains(e.Message, "ValidationSet");
        StringAssert.Contains(e.Message, "single class ('1' in 'Label')");
        // The option path says the same.
        e = Assert.Throws<ArgumentOutOfRangeException>(() => new FocalLossTrainer(ml, new FocalLossTrainer.Options { NumberOfEpochs = 5, ValidationSet = onlyOnes }).Fit(glass));
        StringAssert.Contains(e.Message, "single class");

        IDataView pima = ShippedData.Pima(ml);
        IDataView negatives = ml.Data.FilterByCustomPredicate<LabelRow>(pima, r => r.Label);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => ml.BinaryClassification.Trainers.FocalLoss(new BinaryFocalLossTrainer.Options { NumberOfEpochs = 5 }).Fit(pima, negatives));
        StringAssert.Contains(e.Message, "single class ('False' in 'Label')");
    }

    private sealed class WeightRow
    {
        public float Weight { get; set; }
    }

    [TestMethod]
    public void ValidationRowsOfWeightZeroDoNotCount()
    {
        var ml = new MLContext(seed: 1);
        IDataView glass = ShippedData.GlassWithKeyLabel(ml);
        IDataView Weighted(Func<string, float> weight) =>
            ml.Transforms.CustomMapping((TypeRow input, WeightRow output) => output.Weight = weight(input.Type), contractName: null).Fit(glass).Transform(glass);
        var options = new FocalLossTrainer.Options { NumberOfEpochs = 5, ExampleWeightColumnName = "Weight" };
        IDataView train = Weighted(_ => 1);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new FocalLossTrainer(ml, options).Fit(train, Weighted(_ => 0)));
        StringAssert.Contains(e.Message, "every validation row has weight 0 in 'Weight'");
        // Rows of every class, but only class 1's weigh anything: one class, as far as the fit can tell.
        e = Assert.Throws<ArgumentOutOfRangeException>(() => new FocalLossTrainer(ml, options).Fit(train, Weighted(t => t == "1" ? 1 : 0)));
        StringAssert.Contains(e.Message, "single class ('1' in 'Label')");
    }

    [TestMethod]
    public void OneClassIsAcceptedWhenTheValidationRowsOnlyFeedTheEpochReports()
    {
        var ml = new MLContext(seed: 1);
        IDataView glass = ShippedData.GlassWithKeyLabel(ml);
        IDataView onlyOnes = ml.Data.FilterByCustomPredicate<TypeRow>(glass, r => r.Type != "1");
        var reports = new List<EpochReport>();
        var model = new FocalLossTrainer(ml, new FocalLossTrainer.Options
        {
            NumberOfEpochs = 5, EarlyStoppingMetric = EarlyStoppingMetric.None, CalibrateProbabilities = false,
            DecisionObjective = DecisionObjective.Argmax, EpochCallback = reports.Add,
        }).Fit(glass, onlyOnes);
        Assert.AreEqual(5, reports.Count);
        Assert.IsTrue(reports.All(r => r.ValidationLoss is double loss && double.IsFinite(loss)));
        Assert.IsTrue(ml.MulticlassClassification.Evaluate(model.Transform(glass)).MacroAccuracy > 0.3);
    }

    [TestMethod]
    public void AClassMissingFromTheValidationRowsIsWarnedOfAndStillPredicted()
    {
        var ml = new MLContext(seed: 1);
        var warnings = new List<string>();
        ml.Log += (_, e) => { if (e.Kind == Runtime.ChannelMessageKind.Warning) lock (warnings) warnings.Add(e.Message); };
        IDataView glass = ShippedData.GlassWithKeyLabel(ml);
        IDataView noSixes = ml.Data.FilterByCustomPredicate<TypeRow>(glass, r => r.Type == "6");
        var model = new FocalLossTrainer(ml, new FocalLossTrainer.Options { NumberOfEpochs = 40 }).Fit(glass, noSixes);
        Assert.IsTrue(warnings.Any(w => w.Contains("none of class(es) 6", StringComparison.Ordinal)), string.Join("\n", warnings));
        // Calibration without rows of class 6 keeps its prior correction rather than learning that it never occurs:
        // the rows of class 6 (all of them training rows here) are still predicted as 6.
        MulticlassClassificationMetrics metrics = ml.MulticlassClassification.Evaluate(model.Transform(glass));
        int six = Array.IndexOf(ScoredKeyNames(glass), "6");
        IReadOnlyList<double> row = metrics.ConfusionMatrix.Counts[six];
        Assert.IsTrue(row[six] / row.Sum() >= 0.5, $"recall of class 6 on its training rows: {row[six]} of {row.Sum()}");
    }

    private static string[] ScoredKeyNames(IDataView data)
    {
        VBuffer<ReadOnlyMemory<char>> names = default;
        data.Schema["Label"].GetKeyValues(ref names);
        return names.DenseValues().Select(n => n.ToString()).ToArray();
    }
}
