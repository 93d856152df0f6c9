using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss.Model;
using Microsoft.ML.FocalLoss.Training;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.FocalLoss.Tests.Training;

/// <summary>Fits that run at the same time, and features far outside anything seen in training.</summary>
[TestClass]
public sealed class ConcurrencyAndLimitsTests
{
    private static FocalLossModelParameters Fit(int seed) =>
        new FocalLossTrainer(new MLContext(seed: seed), new FocalLossTrainer.Options { NumberOfEpochs = 6, NumberOfThreads = 1 })
            .Fit(ShippedData.GlassWithKeyLabel(new MLContext(seed: 0))).Model;

    [TestMethod]
    public void ConcurrentFitsGiveTheModelsTheyGiveAlone()
    {
        FocalLossModelParameters alone = Fit(21), other = Fit(22);
        var together = new Task<FocalLossModelParameters>[4];
        for (int i = 0; i < together.Length; i++)
        {
            int seed = i % 2 == 0 ? 21 : 22;
            together[i] = Task.Run(() => Fit(seed));
        }
        Task.WaitAll(together);
        for (int i = 0; i < together.Length; i++)
        {
            FocalLossModelParameters expected = i % 2 == 0 ? alone : other, actual = together[i].Result;
            for (int m = 0; m < expected.NumberOfNetworks; m++)
                for (int l = 0; l < expected.Network.Members[m].Weights.Length; l++)
                    CollectionAssert.AreEqual(expected.Network.Members[m].Weights[l], actual.Network.Members[m].Weights[l], $"fit {i}, network {m}, layer {l}");
            Assert.AreEqual(expected.Temperature, actual.Temperature, $"fit {i}: calibration");
        }
    }

    private sealed class Row
    {
        [VectorType(9)]
        public float[] Features { get; set; } = Array.Empty<float>();
    }

    private sealed class Scores
    {
        public float[] Score { get; set; } = Array.Empty<float>();
    }

    [TestMethod]
    [DataRow(FeatureScalingMode.Robust)]
    [DataRow(FeatureScalingMode.Standard)]
    public void ExtremeFiniteFeaturesScoreFiniteProbabilities(FeatureScalingMode scaling)
    {
        var ml = new MLContext(seed: 1);
        var model = new FocalLossTrainer(ml, new FocalLossTrainer.Options { NumberOfEpochs = 4, FeatureScaling = scaling }).Fit(ShippedData.GlassWithKeyLabel(ml));
        var engine = ml.Model.CreatePredictionEngine<Row, Scores>(model);
        foreach (float value in new[] { float.MaxValue, float.MinValue, 1e30f, -1e30f })
        {
            float[] score = engine.Predict(new Row { Features = Enumerable.Repeat(value, 9).ToArray() }).Score;
            Assert.IsTrue(score.All(float.IsFinite), $"{scaling}, features {value}: [{string.Join(", ", score)}]");
            Assert.AreEqual(1, score.Sum(), 1e-4, $"{scaling}, features {value}");
        }
        float[] missing = engine.Predict(new Row { Features = Enumerable.Repeat(float.NaN, 9).ToArray() }).Score;
        Assert.IsTrue(missing.All(float.IsNaN), "a missing feature is NaN, as ML.NET's trainers score it, never a made-up class");
    }
}
