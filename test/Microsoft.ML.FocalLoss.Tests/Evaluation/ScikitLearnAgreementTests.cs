using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.FocalLoss.Evaluation;
using Microsoft.ML.FocalLoss.Tests.Fixtures;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.FocalLoss.Tests.Evaluation;

/// <summary>Every metric against scikit-learn 1.2 to 1e-9: ties, weights, 1 positive in 10,000, 3 to 20 classes.</summary>
[TestClass]
public sealed class ScikitLearnAgreementTests
{
    private const double Tolerance = 1e-9;

    public static IEnumerable<object[]> BinaryCases => Enumerable.Range(0, EvaluationFixtures.Instance.Binary.Count).Select(i => new object[] { i });

    public static IEnumerable<object[]> MulticlassCases => Enumerable.Range(0, EvaluationFixtures.Instance.Multiclass.Count).Select(i => new object[] { i });

    [TestMethod]
    [DynamicData(nameof(BinaryCases))]
    public void BinaryMetricsAndCurvesMatch(int index)
    {
        BinaryEvaluationCase c = EvaluationFixtures.Instance.Binary[index];
        float[] scores = c.Scores.Select(s => (float)s).ToArray();
        bool[] labels = c.Labels.Select(l => l == 1).ToArray();
        float[] weights = c.Weights?.Select(w => (float)w).ToArray() ?? Array.Empty<float>();

        var full = BinaryRankingMetrics.Compute(scores, labels, weights);
        Assert.AreEqual(c.Auroc, full.AreaUnderRocCurve, Tolerance, $"{c.Name}: AUROC");
        Assert.AreEqual(c.AveragePrecision, full.AveragePrecision, Tolerance, $"{c.Name}: average precision");
        foreach (PartialAuroc partial in c.Partial)
        {
            double ours = BinaryRankingMetrics.Compute(scores, labels, weights, partial.MaxFpr).PartialAreaUnderRocCurve;
            Assert.AreEqual(partial.Auroc, ours, Tolerance, $"{c.Name}: partial AUROC at max FPR {partial.MaxFpr}");
        }
        if (c.Roc is { } roc)
        {
            Assert.AreEqual(roc.Fpr.Length, full.RocCurve.Count, $"{c.Name}: ROC points");
            for (int i = 0; i < roc.Fpr.Length; i++)
            {
                Assert.AreEqual(roc.Fpr[i], full.RocCurve[i].FalsePositiveRate, Tolerance, $"{c.Name}: FPR at point {i}");
                Assert.AreEqual(roc.Tpr[i], full.RocCurve[i].TruePositiveRate, Tolerance, $"{c.Name}: TPR at point {i}");
                if (i > 0) Assert.AreEqual(roc.Thresholds[i - 1], full.RocCurve[i].Threshold, 0, $"{c.Name}: threshold at point {i}");
            }
        }
    }

    [TestMethod]
    [DynamicData(nameof(MulticlassCases))]
    public void MulticlassAveragesPerClassMetricsAndReportMatch(int index)
    {
        MulticlassEvaluationCase c = EvaluationFixtures.Instance.Multiclass[index];
        float[] scores = c.Scores.Select(s => (float)s).ToArray();
        float[] weights = c.Weights?.Select(w => (float)w).ToArray() ?? Array.Empty<float>();
        string[] names = Enumerable.Range(0, c.Classes).Select(i => $"class{i}").ToArray();

        var metrics = MulticlassAurocMetrics.Compute(scores, c.Labels, weights, names);
        for (int k = 0; k < c.Classes; k++)
        {
            Assert.AreEqual(c.PerClass[k].Auroc, metrics.PerClass[k].Auroc, Tolerance, $"{c.Name}: AUROC of class {k}");
            Assert.AreEqual(c.PerClass[k].AveragePrecision, metrics.PerClass[k].AveragePrecision, Tolerance, $"{c.Name}: AP of class {k}");
            Assert.AreEqual(c.PerClass[k].Support, metrics.PerClass[k].Support, $"{c.Name}: support of class {k}");
            Assert.AreEqual(c.PerClass[k].WeightedSupport, metrics.PerClass[k].WeightedSupport, 1e-6, $"{c.Name}: weighted support of class {k}");
        }
        Assert.AreEqual(c.MacroAuroc, metrics.MacroAuroc, Tolerance, $"{c.Name}: macro");
        Assert.AreEqual(c.WeightedAuroc, metrics.WeightedAuroc, Tolerance, $"{c.Name}: weighted");
        Assert.AreEqual(c.MicroAuroc, metrics.MicroAuroc, Tolerance, $"{c.Name}: micro");
        if (c.OneVsOneMacroAuroc is double ovo)
            Assert.AreEqual(ovo, metrics.OneVsOneMacroAuroc, Tolerance, $"{c.Name}: one-vs-one macro");

        int[] predicted = Enumerable.Range(0, c.Labels.Length).Select(r => ArgMax(scores.AsSpan(r * c.Classes, c.Classes))).ToArray();
        var report = ClassificationReport.Create(scores, c.Labels, predicted, weights, names);
        for (int k = 0; k < c.Classes; k++)
        {
            ClassReportRow row = report.Classes[k];
            Assert.AreEqual(c.Report.Precision[k], row.Precision, Tolerance, $"{c.Name}: precision of class {k}");
            Assert.AreEqual(c.Report.Recall[k], row.Recall, Tolerance, $"{c.Name}: recall of class {k}");
            Assert.AreEqual(c.Report.F1[k], row.F1, Tolerance, $"{c.Name}: F1 of class {k}");
            Assert.AreEqual(c.Report.Support[k], row.Support, 1e-6, $"{c.Name}: report support of class {k}");
        }
        double[] macro = { report.MacroAverage.Precision, report.MacroAverage.Recall, report.MacroAverage.F1 };
        double[] weighted = { report.WeightedAverage.Precision, report.WeightedAverage.Recall, report.WeightedAverage.F1 };
        for (int m = 0; m < 3; m++)
        {
            Assert.AreEqual(c.Report.Macro[m], macro[m], Tolerance, $"{c.Name}: macro row, column {m}");
            Assert.AreEqual(c.Report.Weighted[m], weighted[m], Tolerance, $"{c.Name}: weighted row, column {m}");
        }
    }

    private static int ArgMax(ReadOnlySpan<float> row)
    {
        int best = 0;
        for (int i = 1; i < row.Length; i++) if (row[i] > row[best]) best = i;
        return best;
    }

    [TestMethod]
    public void DoubleScoresKeepTheirNearTiesApartAsScikitLearnDoes()
    {
        DoubleScoresCase binary = EvaluationFixtures.Instance.Doubles.Single(c => c.Kind == "binary");
        bool[] positive = binary.Labels.Select(l => l == 1).ToArray();
        var exact = BinaryRankingMetrics.Compute(binary.Scores, positive);
        Assert.AreEqual(binary.Auroc!.Value, exact.AreaUnderRocCurve, 1e-12, "double AUROC");
        Assert.AreEqual(binary.AveragePrecision!.Value, exact.AveragePrecision, 1e-12, "double average precision");
        // The float overload ties scores 1e-12 apart: it agrees with scikit-learn on the cast scores, not the originals.
        double cast = BinaryRankingMetrics.Compute(binary.Scores.Select(v => (float)v).ToArray(), positive).AreaUnderRocCurve;
        Assert.AreEqual(binary.FloatAuroc!.Value, cast, 1e-12, "float AUROC of the cast scores");
        Assert.IsTrue(Math.Abs(cast - exact.AreaUnderRocCurve) > 1e-5, "the case does separate the two");

        DoubleScoresCase multi = EvaluationFixtures.Instance.Doubles.Single(c => c.Kind == "multiclass");
        string[] names = Enumerable.Range(0, multi.Classes).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var metrics = MulticlassAurocMetrics.Compute(multi.Scores, multi.Labels, default, names);
        for (int c = 0; c < multi.Classes; c++)
            Assert.AreEqual(multi.PerClassAuroc![c], metrics.PerClass[c].Auroc, 1e-12, $"class {c}");
        Assert.AreEqual(multi.MacroAuroc!.Value, metrics.MacroAuroc, 1e-12, "macro");
        Assert.AreEqual(multi.MicroAuroc!.Value, metrics.MicroAuroc, 1e-12, "micro");
        double floatMacro = MulticlassAurocMetrics.Compute(multi.Scores.Select(v => (float)v).ToArray(), multi.Labels, default, names).MacroAuroc;
        Assert.AreEqual(multi.FloatMacroAuroc!.Value, floatMacro, 1e-12, "float macro of the cast scores");
    }
}
