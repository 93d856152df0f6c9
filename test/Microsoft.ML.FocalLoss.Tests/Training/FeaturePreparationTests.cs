using System;
using System.Linq;
using Microsoft.ML.FocalLoss.Model;
using Microsoft.ML.FocalLoss.Training;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static TorchSharp.torch;

namespace Microsoft.ML.FocalLoss.Tests.Training;

/// <summary>
/// Standard and robust scaling with the smooth clip: known answers, the same numbers from the managed scoring path and
/// from the tensors training uses, and values far outside the training range.
/// </summary>
[TestClass]
public sealed class FeaturePreparationTests
{
    [TestMethod]
    public void RobustScalingCentresOnTheMedianAndScalesByTheInterquartileRange()
    {
        var fit = new FeatureScalingFit(2, FeatureScalingMode.Robust, seed: 1);
        for (int v = 1; v <= 9; v++) fit.Add(new[] { (float)v, 4f }); // second feature constant
        FeatureScaling scaling = fit.Scaling();
        Assert.AreEqual(5f, scaling.Centre[0], "median of 1..9");
        Assert.AreEqual(1.349f / 4, scaling.Scale[0], 1e-6f, "IQR 7 − 3 = 4, as a normal spread");
        Assert.AreEqual(4f, scaling.Centre[1]);
        Assert.AreEqual(1f, scaling.Scale[1], "a constant feature keeps scale 1");
        Assert.AreEqual(3f, scaling.ClipAt);

        var output = new float[2];
        scaling.Apply(new[] { 9f, 4f }, output);
        double z = (9 - 5) * 1.349 / 4;
        Assert.AreEqual(z / Math.Sqrt(1 + z / 3 * (z / 3)), output[0], 1e-6, "z / √(1 + (z/3)²)");
        scaling.Apply(new[] { float.MaxValue, 4f }, output);
        Assert.AreEqual(3f, output[0], 1e-6f, "the clip saturates at ±3, never NaN");
        scaling.Apply(new[] { float.MinValue, 4f }, output);
        Assert.AreEqual(-3f, output[0], 1e-6f);
    }

    [TestMethod]
    public void StandardScalingIsTheMeanAndTheStandardDeviation()
    {
        var fit = new FeatureScalingFit(1, FeatureScalingMode.Standard, seed: 1);
        foreach (float v in new[] { 2f, 4f, 4f, 4f, 5f, 5f, 7f, 9f }) fit.Add(new[] { v });
        FeatureScaling scaling = fit.Scaling();
        Assert.AreEqual(5f, scaling.Centre[0]);
        Assert.AreEqual(0.5f, scaling.Scale[0], 1e-6f, "population σ = 2");
        Assert.AreEqual(0f, scaling.ClipAt);
    }

    [TestMethod]
    public void TrainingTensorsAndManagedScoringScaleAlike()
    {
        var random = new Random(2);
        var fit = new FeatureScalingFit(3, FeatureScalingMode.Robust, seed: 3);
        for (int r = 0; r < 500; r++) fit.Add(new[] { (float)random.NextDouble() * 10, (float)Math.Exp(3 * random.NextDouble()), random.Next(3) });
        FeatureScaling scaling = fit.Scaling();
        float[] rows = Enumerable.Range(0, 40 * 3).Select(_ => (float)(random.NextDouble() * 40 - 10)).ToArray();
        using var scope = NewDisposeScope();
        using var device = new DeviceScaling(scaling, CPU);
        float[] fromTensors = device.Apply(tensor(rows, new long[] { 40, 3 })).data<float>().ToArray();
        var scaled = new float[3];
        for (int r = 0; r < 40; r++)
        {
            scaling.Apply(rows.AsSpan(r * 3, 3), scaled);
            for (int k = 0; k < 3; k++)
                Assert.AreEqual(scaled[k], fromTensors[r * 3 + k], 1e-5f, $"row {r}, feature {k}");
        }
    }
}
