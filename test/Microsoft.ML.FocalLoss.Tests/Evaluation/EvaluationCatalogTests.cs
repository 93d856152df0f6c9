using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.FocalLoss.Tests.Evaluation;

/// <summary>The ML.NET entry points: column checks, key names, logging, and agreement with ML.NET's own binary AUC.</summary>
[TestClass]
public sealed class EvaluationCatalogTests
{
    private sealed class BinaryRow
    {
        public bool Label { get; set; }
        public float Score { get; set; }
        public float Probability { get; set; }
        public bool PredictedLabel { get; set; }
        public float Weight { get; set; }
    }

    private sealed class MulticlassRow
    {
        public string Label { get; set; } = "";
        [VectorType(3)]
        public float[] Score { get; set; } = Array.Empty<float>();
    }

    private static IEnumerable<BinaryRow> BinaryRows(int seed, int n)
    {
        var random = new Random(seed);
        for (int i = 0; i < n; i++)
        {
            bool y = random.NextDouble() < 0.1;
            float score = MathF.Round((float)(random.NextDouble() + (y ? 0.6 : 0)) * 32) / 32; // ties
            yield return new BinaryRow { Label = y, Score = score, Probability = 1 / (1 + MathF.Exp(-score)), PredictedLabel = score > 0.5, Weight = 1 };
        }
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    public void BinaryAurocAgreesWithMlNetsAreaUnderRocCurve(int seed)
    {
        var ml = new MLContext(seed: 0);
        IDataView data = ml.Data.LoadFromEnumerable(BinaryRows(seed, 5000).ToList());
        double mlnet = ml.BinaryClassification.Evaluate(data).AreaUnderRocCurve;
        var ours = ml.BinaryClassification.EvaluateRanking(data, scoreColumnName: "Probability", maxFalsePositiveRate: 0.1);
        Assert.AreEqual(mlnet, ours.AreaUnderRocCurve, 1e-9, "ML.NET's BinaryClassificationMetrics.AreaUnderRocCurve");
        Assert.AreEqual(5000, ours.Rows);
        Assert.IsTrue(ours.PartialAreaUnderRocCurve is > 0.5 and < 1);
    }

    [TestMethod]
    public void MulticlassReadsKeyNamesAndLogsUndefinedClasses()
    {
        var ml = new MLContext(seed: 0);
        var messages = new List<string>();
        ml.Log += (_, e) => { lock (messages) messages.Add(e.Message); };
        var rows = new[]
        {
            new MulticlassRow { Label = "cat", Score = new[] { 0.7f, 0.2f, 0.1f } },
            new MulticlassRow { Label = "dog", Score = new[] { 0.3f, 0.6f, 0.1f } },
            new MulticlassRow { Label = "cat", Score = new[] { 0.6f, 0.3f, 0.1f } },
            new MulticlassRow { Label = "dog", Score = new[] { 0.2f, 0.5f, 0.3f } },
        };
        // The key type has a third value, "bird", that no row has.
        var keys = ml.Data.LoadFromEnumerable(new[] { new { Label = "cat" }, new { Label = "dog" }, new { Label = "bird" } });
        var toKey = ml.Transforms.Conversion.MapValueToKey("Label", keyOrdinality: Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByOccurrence, keyData: keys);
        IDataView data = toKey.Fit(ml.Data.LoadFromEnumerable(rows)).Transform(ml.Data.LoadFromEnumerable(rows));

        var metrics = ml.MulticlassClassification.EvaluateAuroc(data);
        CollectionAssert.AreEqual(new[] { "cat", "dog", "bird" }, metrics.PerClass.Select(c => c.ClassName).ToArray());
        CollectionAssert.AreEqual(new[] { "bird" }, metrics.UndefinedClasses.ToArray());
        Assert.AreEqual(1.0, metrics.MacroAuroc);
        Assert.IsTrue(messages.Any(m => m.Contains("undefined", StringComparison.Ordinal) && m.Contains("bird", StringComparison.Ordinal)), "a warning names the class");

        var report = ml.MulticlassClassification.EvaluateReport(data);
        StringAssert.Contains(report.ToText(), "bird");
        StringAssert.StartsWith(report.ToCsv(), "class,precision,recall,f1,support,auroc,auprc\ncat,");
    }

    [TestMethod]
    public void WrongOrMissingColumnsNameTheColumn()
    {
        var ml = new MLContext(seed: 0);
        IDataView binary = ml.Data.LoadFromEnumerable(BinaryRows(3, 20).ToList());
        var missing = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.BinaryClassification.EvaluateRanking(binary, labelColumnName: "Nope"));
        StringAssert.Contains(missing.Message, "Nope");
        var wrongType = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.MulticlassClassification.EvaluateAuroc(binary));
        StringAssert.Contains(wrongType.Message, "Label");
        StringAssert.Contains(wrongType.Message, "key");
        var weight = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.BinaryClassification.EvaluateRanking(binary, exampleWeightColumnName: "Label"));
        StringAssert.Contains(weight.Message, "example weight");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.BinaryClassification.EvaluateRanking(binary, maxFalsePositiveRate: 0));
    }
}
