using System;
using System.Linq;
using Microsoft.ML.FocalLoss.Evaluation;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.FocalLoss.Tests.Evaluation;

[TestClass]
public sealed class RankingPropertyTests
{
    private static (float[] Scores, bool[] Labels, float[] Weights) Sample(int seed, int n = 2000)
    {
        var random = new Random(seed);
        bool[] labels = Enumerable.Range(0, n).Select(_ => random.NextDouble() < 0.2).ToArray();
        // A grid of 1/64 steps gives many ties and values that stay distinct under exp.
        float[] scores = labels.Select(y => MathF.Round((float)(random.NextDouble() * 4 + (y ? 1 : 0)) * 64) / 64).ToArray();
        float[] weights = labels.Select(_ => (float)(0.1 + random.NextDouble())).ToArray();
        return (scores, labels, weights);
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    [DataRow(3)]
    public void MonotoneTransformsLeaveEveryRankingMetricUnchanged(int seed)
    {
        var (scores, labels, weights) = Sample(seed);
        var original = BinaryRankingMetrics.Compute(scores, labels, weights, 0.3);
        var transformed = BinaryRankingMetrics.Compute(scores.Select(s => MathF.Exp(s) * 3 - 100).ToArray(), labels, weights, 0.3);
        Assert.AreEqual(original.AreaUnderRocCurve, transformed.AreaUnderRocCurve, 1e-12);
        Assert.AreEqual(original.PartialAreaUnderRocCurve, transformed.PartialAreaUnderRocCurve, 1e-12);
        Assert.AreEqual(original.AveragePrecision, transformed.AveragePrecision, 1e-12);
    }

    [TestMethod]
    [DataRow(4)]
    [DataRow(5)]
    public void NegatingScoresGivesOneMinusAuroc(int seed)
    {
        var (scores, labels, weights) = Sample(seed);
        double auroc = BinaryRankingMetrics.Compute(scores, labels, weights).AreaUnderRocCurve;
        double negated = BinaryRankingMetrics.Compute(scores.Select(s => -s).ToArray(), labels, weights).AreaUnderRocCurve;
        Assert.AreEqual(1 - auroc, negated, 1e-12);
    }

    [TestMethod]
    public void PerfectRankingScoresOneAndAllTiedScoresOneHalf()
    {
        bool[] labels = { false, true, false, true, true, false };
        float[] perfect = labels.Select(y => y ? 0.9f : 0.1f).ToArray();
        var metrics = BinaryRankingMetrics.Compute(perfect, labels, default, 0.2);
        Assert.AreEqual(1.0, metrics.AreaUnderRocCurve);
        Assert.AreEqual(1.0, metrics.PartialAreaUnderRocCurve);
        Assert.AreEqual(1.0, metrics.AveragePrecision);
        Assert.AreEqual(0.5, BinaryRankingMetrics.Compute(new float[6], labels).AreaUnderRocCurve);

        var multiclass = MulticlassAurocMetrics.Compute(new float[] { 0.8f, 0.1f, 0.1f, 0.1f, 0.7f, 0.2f, 0.2f, 0.1f, 0.7f }, new[] { 0, 1, 2 }, default, new[] { "a", "b", "c" });
        Assert.AreEqual(1.0, multiclass.MacroAuroc);
        Assert.AreEqual(1.0, multiclass.MicroAuroc);
        Assert.AreEqual(1.0, multiclass.OneVsOneMacroAuroc);
    }

    [TestMethod]
    public void NegativeZeroTiesWithZero()
    {
        bool[] labels = { true, false };
        Assert.AreEqual(0.5, BinaryRankingMetrics.Compute(new[] { -0f, 0f }, labels).AreaUnderRocCurve);
    }

    [TestMethod]
    public void AClassWithoutRowsIsNaNLeftOutOfAveragesAndNamed()
    {
        float[] scores = { 0.7f, 0.2f, 0.1f, 0.3f, 0.6f, 0.1f, 0.6f, 0.3f, 0.1f, 0.2f, 0.5f, 0.3f };
        int[] labels = { 0, 1, 0, 1 }; // class "c" never occurs
        var metrics = MulticlassAurocMetrics.Compute(scores, labels, default, new[] { "a", "b", "c" });
        Assert.IsTrue(double.IsNaN(metrics.PerClass[2].Auroc));
        CollectionAssert.AreEqual(new[] { "c" }, metrics.UndefinedClasses.ToArray());
        Assert.AreEqual((metrics.PerClass[0].Auroc + metrics.PerClass[1].Auroc) / 2, metrics.MacroAuroc, 1e-15);
        Assert.IsFalse(double.IsNaN(metrics.WeightedAuroc));
    }

    [TestMethod]
    public void NaNScoresMissingLabelsAndBadWeightsAreSkippedAndCounted()
    {
        float[] scores = { 0.9f, float.NaN, 0.1f, 0.8f, 0.3f };
        bool[] labels = { true, true, false, true, false };
        float[] weights = { 1, 1, 1, float.NaN, -1 };
        var metrics = BinaryRankingMetrics.Compute(scores, labels, weights);
        Assert.AreEqual(2, metrics.Rows);
        Assert.AreEqual(3, metrics.SkippedRows);
        Assert.AreEqual(1.0, metrics.AreaUnderRocCurve);

        var multiclass = MulticlassAurocMetrics.Compute(new float[] { 0.9f, 0.1f, 0.2f, 0.8f, 0.5f, 0.5f }, new[] { 0, 1, -1 }, default, new[] { "a", "b" });
        Assert.AreEqual(1, multiclass.SkippedRows);
    }
}
