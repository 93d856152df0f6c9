using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.FocalLoss.Model;
using Microsoft.ML.FocalLoss.Tests.Fixtures;
using Microsoft.ML.FocalLoss.Training;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.FocalLoss.Tests.Training;

/// <summary>
/// Temperature scaling with a per-class bias pulled towards the prior correction: Newton's method against SciPy's
/// L-BFGS-B minimiser of the same objective, and the prior correction against its definition.
/// </summary>
[TestClass]
public sealed class CalibrationFitTests
{
    public static IEnumerable<object[]> Cases => Enumerable.Range(0, CalibrationFixtures.Instance.Temperature.Count).Select(i => new object[] { i });

    public static IEnumerable<object[]> BinaryCases => Enumerable.Range(0, CalibrationFixtures.Instance.BinaryTemperature.Count).Select(i => new object[] { i });

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void TemperatureAndBiasMatchSciPy(int index)
    {
        TemperatureCase c = CalibrationFixtures.Instance.Temperature[index];
        var scores = new HeldOutScores(c.Logits.Select(z => (float)z).ToArray(), c.Labels,
            c.Weights?.Select(w => (float)w).ToArray() ?? Enumerable.Repeat(1f, c.Labels.Length).ToArray(), c.Classes);
        ProbabilityCalibration fitted = CalibrationFit.Fit(scores, c.Alpha);
        Assert.AreEqual(c.Temperature, fitted.Temperature, 1e-4 * c.Temperature, $"{c.Name}: temperature");
        for (int k = 0; k < c.Classes; k++)
            Assert.AreEqual(c.Bias[k], fitted.Bias[k], 1e-4, $"{c.Name}: bias of class {k}");
    }

    [TestMethod]
    [DynamicData(nameof(BinaryCases))]
    public void BinaryCalibrationIsPlattScalingAsSciPyFindsIt(int index)
    {
        BinaryTemperatureCase c = CalibrationFixtures.Instance.BinaryTemperature[index];
        var scores = new HeldOutScores(c.Logits.Select(z => (float)z).ToArray(), c.Labels,
            c.Weights?.Select(w => (float)w).ToArray() ?? Enumerable.Repeat(1f, c.Labels.Length).ToArray(), 1);
        ProbabilityCalibration fitted = CalibrationFit.Fit(scores, new[] { 1 - c.Alpha, c.Alpha });
        Assert.AreEqual(c.Temperature, fitted.Temperature, 1e-4 * c.Temperature, $"{c.Name}: temperature");
        Assert.AreEqual(1, fitted.Bias.Length);
        Assert.AreEqual(c.Bias, fitted.Bias[0], 1e-4, $"{c.Name}: bias");
    }

    [TestMethod]
    public void HeldOutRowsThatTheNetworkSeparatesKeepAModerateTemperature()
    {
        // 60 rows, every positive scored above every negative (house-votes held out 61 rows like this with one
        // network): the likelihood alone falls as T → 0, and T reached 0.002. A mistake on a new row then got
        // probability e^-1000. The pull of 1/T towards 1 keeps T moderate and the mistake's probability sensible.
        var random = new Random(3);
        int[] labels = Enumerable.Range(0, 60).Select(i => i % 3 == 0 ? 1 : 0).ToArray();
        float[] logits = labels.Select(y => (float)((2 + 4 * random.NextDouble()) * (2 * y - 1))).ToArray();
        ProbabilityCalibration fitted = CalibrationFit.Fit(new HeldOutScores(logits, labels, Enumerable.Repeat(1f, 60).ToArray(), 1), new[] { 0.5, 0.5 });
        Assert.IsTrue(fitted.Temperature is > 0.2f and < 2f, $"temperature {fitted.Temperature}");
        float[] mistake = { -3f };
        fitted.Apply(mistake);
        double probability = 1 / (1 + Math.Exp(-mistake[0]));
        Assert.IsTrue(probability > 1e-4, $"a positive row scored -3 gets probability {probability:E2}");
    }

    [TestMethod]
    public void ThePriorCorrectionIsMinusLogAlphaCentredAndIgnoresEmptyClasses()
    {
        double[] prior = CalibrationFit.PriorCorrection(new[] { 0.5, 2.0, 0.0, 4.0 });
        double[] raw = { -Math.Log(0.5), -Math.Log(2.0), -Math.Log(4.0) };
        double mean = raw.Average();
        CollectionAssert.AreEqual(new[] { raw[0] - mean, raw[1] - mean, 0, raw[2] - mean }, prior);
    }

    [TestMethod]
    public void WithoutWeightingPerfectlyCalibratedLogitsStayNearlyUnchanged()
    {
        // Labels drawn from softmax(z): the NLL minimiser is T ≈ 1, b ≈ 0, up to sampling noise of 20,000 rows.
        var random = new Random(5);
        const int n = 20_000, classes = 3;
        var logits = new float[n * classes];
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            double[] z = Enumerable.Range(0, classes).Select(_ => 2 * random.NextDouble() - 1).Select(v => v * 3).ToArray();
            for (int c = 0; c < classes; c++) logits[i * classes + c] = (float)z[c];
            double[] p = z.Select(Math.Exp).ToArray();
            double u = random.NextDouble() * p.Sum();
            int y = 0;
            while (y < classes - 1 && (u -= p[y]) > 0) y++;
            labels[i] = y;
        }
        ProbabilityCalibration fitted = CalibrationFit.Fit(new HeldOutScores(logits, labels, Enumerable.Repeat(1f, n).ToArray(), classes), new[] { 1.0, 1.0, 1.0 });
        Assert.AreEqual(1, fitted.Temperature, 0.05);
        foreach (float b in fitted.Bias) Assert.AreEqual(0, b, 0.05);
    }
}
