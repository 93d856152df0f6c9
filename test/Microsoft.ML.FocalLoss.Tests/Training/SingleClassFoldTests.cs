using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss.Training;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.FocalLoss.Tests.Training;

/// <summary>
/// A class with fewer training rows than there are folds leaves some networks' held-out rows with a single class,
/// where AUROC is undefined. Those networks stop early on their held-out loss instead, and the fit completes.
/// </summary>
[TestClass]
public sealed class SingleClassFoldTests
{
    private sealed class BinaryRow
    {
        [VectorType(2)] public float[] Features { get; set; } = Array.Empty<float>();
        public bool Label { get; set; }
    }

    private sealed class MultiRow
    {
        [VectorType(2)] public float[] Features { get; set; } = Array.Empty<float>();
        [KeyType(3)] public uint Label { get; set; }
    }

    [TestMethod]
    public void ABinaryTableWithFewerPositivesThanFoldsTrains()
    {
        var ml = new MLContext(seed: 3);
        var log = new List<string>();
        ml.Log += (_, e) => { lock (log) log.Add(e.RawMessage); };
        var random = new Random(3);
        // 3 positives and 5 folds: at least two networks hold out negatives only.
        BinaryRow[] rows = Enumerable.Range(0, 80).Select(i => new BinaryRow
        {
            Label = i < 3,
            Features = new[] { (float)random.NextDouble() + (i < 3 ? 2 : 0), (float)random.NextDouble() },
        }).ToArray();
        IDataView data = ml.Data.LoadFromEnumerable(rows);
        var model = new BinaryFocalLossTrainer(ml, new BinaryFocalLossTrainer.Options()).Fit(data);

        Assert.AreEqual(5, model.Model.NumberOfNetworks, "still five cross-fitted networks");
        Assert.IsTrue(log.Any(m => m.Contains("network(s) hold out rows of a single class", StringComparison.Ordinal)), "the fallback is logged");
        float[] probabilities = model.Transform(data).GetColumn<float>("Probability").ToArray();
        Assert.IsTrue(probabilities.All(p => p is >= 0 and <= 1), "every probability is a probability");
        Assert.IsTrue(probabilities.Take(3).Min() > probabilities.Skip(3).Max(), "the separable positives rank first");
    }

    [TestMethod]
    public void AMulticlassTableWithSingleClassFoldsTrains()
    {
        var ml = new MLContext(seed: 4);
        // Two rows per class and five folds: four folds hold out one row, so one class.
        MultiRow[] rows = Enumerable.Range(0, 6).Select(i => new MultiRow { Label = (uint)(i / 2 + 1), Features = new[] { i / 2 * 3f, i % 2 } }).ToArray();
        IDataView data = ml.Data.LoadFromEnumerable(rows);
        var model = new FocalLossTrainer(ml, new FocalLossTrainer.Options()).Fit(data);
        float[][] scores = model.Transform(data).GetColumn<float[]>("Score").ToArray();
        Assert.IsTrue(scores.All(s => s.All(float.IsFinite) && Math.Abs(s.Sum() - 1) < 1e-4), "finite probabilities that sum to 1");
    }

    [TestMethod]
    public void EarlyStoppingOnTheLossKeepsTheLowestLossEpoch()
    {
        // The fallback's metric is also an option of its own.
        var ml = new MLContext(seed: 7);
        var split = ml.Data.TrainTestSplit(ShippedData.GlassWithKeyLabel(ml), testFraction: 0.4, seed: 7);
        var reports = new List<EpochReport>();
        var model = new FocalLossTrainer(ml, new FocalLossTrainer.Options
        {
            NumberOfEpochs = 400, LearningRate = 0.02, LearningRateSchedule = LearningRateSchedule.Constant,
            EarlyStoppingMetric = EarlyStoppingMetric.ValidationLoss, EarlyStoppingPatience = 5, EpochCallback = reports.Add,
        }).Fit(split.TrainSet, split.TestSet);
        Assert.IsTrue(reports[0].IsBest, "the first epoch is the best so far");
        Assert.IsTrue(reports.Count < 400, $"stopped early after {reports.Count} epochs");
        EpochReport best = reports.Last(r => r.IsBest);
        Assert.AreEqual(5, reports.Count - best.Epoch, "patience epochs after the best one");
        double lowest = reports.Min(r => r.ValidationLoss!.Value);
        Assert.IsTrue(best.ValidationLoss!.Value <= lowest * (1 + MemberEarlyStopping.MinimumGain), $"best {best.ValidationLoss}, lowest {lowest}");
    }

    [TestMethod]
    public void ANetworkWithoutADefinedAurocStopsOnItsLoss()
    {
        var stopping = new MemberEarlyStopping(2, EarlyStoppingMetric.ValidationMacroAuroc, patience: 2, aurocDefined: new[] { true, false });
        var kept = new float[] { 1 };
        // Member 1's AUROC is always NaN; its loss falls twice, then stays.
        Assert.IsTrue(stopping.Update(1, 0.9, double.NaN, () => null!, () => new float[] { 1 }));
        Assert.IsTrue(stopping.Update(1, 0.5, double.NaN, () => null!, () => kept));
        Assert.IsFalse(stopping.Update(1, 0.5, double.NaN, () => null!, () => new float[] { 3 }));
        Assert.IsFalse(stopping.Update(1, 0.6, double.NaN, () => null!, () => new float[] { 4 }));
        Assert.AreSame(kept, stopping.BestLogits[1], "the lowest loss's epoch is kept");
        // Member 0 still follows AUROC: a higher loss with a better AUROC is an improvement.
        Assert.IsTrue(stopping.Update(0, 0.9, 0.6, () => null!, () => kept));
        Assert.IsTrue(stopping.Update(0, 1.9, 0.7, () => null!, () => kept));
        Assert.IsFalse(stopping.AllStopped, "member 0 has patience left");
        Assert.IsFalse(stopping.Update(0, 0.1, 0.7, () => null!, () => kept));
        Assert.IsFalse(stopping.Update(0, 0.1, 0.65, () => null!, () => kept));
        Assert.IsTrue(stopping.AllStopped);
    }
}
