using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.FocalLoss.Evaluation;
using Microsoft.ML.FocalLoss.Tests.Fixtures;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.FocalLoss.Tests.Evaluation;

/// <summary>Log-loss against scikit-learn's log_loss and ECE against Guo et al.'s binning, with and without weights.</summary>
[TestClass]
public sealed class CalibrationMetricsTests
{
    public static IEnumerable<object[]> Cases => Enumerable.Range(0, CalibrationFixtures.Instance.Metrics.Count).Select(i => new object[] { i });

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void LogLossAndEceMatchTheReferences(int index)
    {
        CalibrationMetricsCase c = CalibrationFixtures.Instance.Metrics[index];
        float[] probabilities = c.Probabilities.Select(p => (float)p).ToArray();
        float[] weights = c.Weights?.Select(w => (float)w).ToArray() ?? Array.Empty<float>();
        var metrics = CalibrationMetrics.Compute(probabilities, c.Labels, c.Classes, weights);
        Assert.AreEqual(c.LogLoss, metrics.LogLoss, 1e-9, $"{c.Name}: log-loss");
        double ece15 = metrics.ExpectedCalibrationError, ece10 = CalibrationMetrics.Compute(probabilities, c.Labels, c.Classes, weights, bins: 10).ExpectedCalibrationError;
        Assert.AreEqual(c.Ece15, ece15, 1e-9, $"{c.Name}: ECE, 15 bins");
        Assert.AreEqual(c.Ece10, ece10, 1e-9, $"{c.Name}: ECE, 10 bins");
        Assert.AreEqual(c.Labels.Length, metrics.Rows);
        double totalWeight = c.Weights?.Sum() ?? c.Labels.Length;
        Assert.AreEqual(totalWeight, metrics.Bins.Sum(b => b.Weight), 1e-4, "every row lands in one bin");
    }

    [TestMethod]
    public void BinaryProbabilitiesAreTheTwoClassCase()
    {
        float[] positive = { 0.9f, 0.2f, 0.6f, 0.05f, 0.7f };
        bool[] labels = { true, false, false, false, true };
        var binary = CalibrationMetrics.ComputeBinary(positive, labels);
        var pairs = CalibrationMetrics.Compute(positive.SelectMany(p => new[] { 1 - p, p }).ToArray(), labels.Select(l => l ? 1 : 0).ToArray(), 2);
        Assert.AreEqual(pairs.LogLoss, binary.LogLoss, 0);
        double pairsEce = pairs.ExpectedCalibrationError, binaryEce = binary.ExpectedCalibrationError;
        Assert.AreEqual(pairsEce, binaryEce, 0);
        // By hand: −mean(ln 0.9, ln 0.8, ln 0.4, ln 0.95, ln 0.7).
        double expected = -(Math.Log(0.9) + Math.Log(0.8) + Math.Log(0.4) + Math.Log(0.95) + Math.Log(0.7)) / 5;
        Assert.AreEqual(expected, binary.LogLoss, 1e-6);
    }

    [TestMethod]
    public void PerfectConfidentPredictionsHaveNoErrorAndBadRowsAreCounted()
    {
        float[] probabilities = { 1, 0, 0, 1, float.NaN, float.NaN, 0.5f, 0.5f };
        int[] labels = { 0, 1, 0, -1 };
        var metrics = CalibrationMetrics.Compute(probabilities, labels, 2);
        Assert.AreEqual(2, metrics.Rows);
        Assert.AreEqual(2, metrics.SkippedRows, "a NaN probability and a missing label are skipped, not scored");
        double ece = metrics.ExpectedCalibrationError;
        Assert.AreEqual(0, ece, 1e-12);
        Assert.AreEqual(-Math.Log(1 - 1e-15), metrics.LogLoss, 1e-12, "probabilities are clipped to [1e-15, 1 − 1e-15], as scikit-learn does");
        Assert.AreEqual(1, metrics.Bins[^1].Accuracy);
        Assert.IsTrue(double.IsNaN(metrics.Bins[0].Accuracy), "an empty bin has no accuracy");
    }

    [TestMethod]
    public void MismatchedArgumentsNameTheArgument()
    {
        var e = Assert.Throws<ArgumentException>(() => CalibrationMetrics.Compute(new float[5], new int[2], 2));
        Assert.AreEqual("probabilities", e.ParamName);
        Assert.AreEqual("classes", Assert.Throws<ArgumentOutOfRangeException>(() => CalibrationMetrics.Compute(new float[2], new int[2], 1)).ParamName);
        Assert.AreEqual("bins", Assert.Throws<ArgumentOutOfRangeException>(() => CalibrationMetrics.Compute(new float[4], new int[2], 2, bins: 0)).ParamName);
    }
}
