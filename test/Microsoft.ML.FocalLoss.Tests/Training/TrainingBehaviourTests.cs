using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss;
using Microsoft.ML.FocalLoss.Model;
using Microsoft.ML.FocalLoss.Training;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static TorchSharp.torch;

namespace Microsoft.ML.FocalLoss.Tests.Training;

/// <summary>Seeding, cancellation, progress, early stopping, and the managed scoring path.</summary>
[TestClass]
public sealed class TrainingBehaviourTests
{
    private static IDataView GlassKeyed(MLContext ml) => ShippedData.GlassWithKeyLabel(ml);

    private static FocalLossModelParameters Train(MLContext ml, FocalLossTrainer.Options options) =>
        new FocalLossTrainer(ml, options).Fit(GlassKeyed(ml)).Model;

    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    public void SameSeedAndThreadsGiveBitIdenticalWeights(int threads)
    {
        FocalLossModelParameters Fit() => Train(new MLContext(seed: 11), new FocalLossTrainer.Options { NumberOfEpochs = 8, NumberOfThreads = threads });
        MlpWeights a = Fit().Network, b = Fit().Network;
        for (int l = 0; l < a.Weights.Length; l++)
        {
            CollectionAssert.AreEqual(a.Weights[l], b.Weights[l], $"layer {l} weights");
            CollectionAssert.AreEqual(a.Biases[l], b.Biases[l], $"layer {l} biases");
        }
        MlpWeights other = Train(new MLContext(seed: 12), new FocalLossTrainer.Options { NumberOfEpochs = 8, NumberOfThreads = threads }).Network;
        CollectionAssert.AreNotEqual(a.Weights[0], other.Weights[0], "another MLContext seed gives other weights");
    }

    [TestMethod]
    public void CancelExecutionStopsTrainingPromptly()
    {
        var ml = new MLContext(seed: 1);
        int epochsSeen = 0;
        var options = new FocalLossTrainer.Options
        {
            NumberOfEpochs = 10_000,
            EpochCallback = r => { if (++epochsSeen == 3) ml.CancelExecution(); },
        };
        Assert.Throws<OperationCanceledException>(() => new FocalLossTrainer(ml, options).Fit(GlassKeyed(ml)));
        Assert.AreEqual(3, epochsSeen, "training stops within the epoch after cancellation");
    }

    [TestMethod]
    public void EveryEpochIsReportedToTheCallbackAndTheLog()
    {
        var ml = new MLContext(seed: 1);
        var log = new List<string>();
        ml.Log += (_, e) => { lock (log) log.Add(e.RawMessage); };
        var reports = new List<EpochReport>();
        Train(ml, new FocalLossTrainer.Options { NumberOfEpochs = 4, EpochCallback = reports.Add });
        CollectionAssert.AreEqual(new[] { 1, 2, 3, 4 }, reports.Select(r => r.Epoch).ToArray());
        Assert.IsTrue(reports.All(r => r.RowsPerSecond > 0 && double.IsFinite(r.TrainingLoss) && r.ValidationLoss is null));
        Assert.IsTrue(log.Any(m => m.StartsWith("Epoch 4/4: loss", StringComparison.Ordinal)), "a log line per epoch");
        Assert.IsTrue(log.Any(m => m.Contains("Per-class α (ClassWeighting.Balanced)", StringComparison.Ordinal)), "the effective class weights are logged");
    }

    [TestMethod]
    public void EarlyStoppingKeepsTheBestEpochsWeights()
    {
        var ml = new MLContext(seed: 7);
        IDataView data = GlassKeyed(ml);
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.4, seed: 7);
        var reports = new List<EpochReport>();
        var trainer = new FocalLossTrainer(ml, new FocalLossTrainer.Options
        {
            NumberOfEpochs = 400, LearningRate = 0.02, LearningRateSchedule = LearningRateSchedule.Constant,
            EarlyStoppingMetric = EarlyStoppingMetric.ValidationMacroAuroc, EarlyStoppingPatience = 5, EpochCallback = reports.Add,
        });
        var model = trainer.Fit(split.TrainSet, split.TestSet);
        Assert.IsTrue(reports.Count < 400, $"stopped early after {reports.Count} epochs");
        EpochReport best = reports.Last(r => r.IsBest);
        Assert.AreEqual(5, reports.Count - best.Epoch, "patience epochs after the best one");
        double restored = ml.MulticlassClassification.EvaluateAuroc(model.Transform(split.TestSet)).MacroAuroc;
        Assert.AreEqual(best.ValidationMacroAuroc!.Value, restored, 1e-4, "the returned model is the best epoch's");
    }

    [TestMethod]
    public void ManagedScoringMatchesTorchSharpsForwardPass()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        foreach (HiddenActivation activation in Enum.GetValues<HiddenActivation>())
        {
            using var network = new MlpNetwork(5, new[] { 7, 4 }, 3, activation, dropout: 0.5);
            network.eval();
            float[] mean = { 0.5f, -1, 2, 0, 3 }, scale = { 2, 0.5f, 1, 1, 0.25f };
            MlpWeights weights = network.Export(mean, scale);
            var x = randn(16, 5);
            float[] expected = network.call((x - tensor(mean)) * tensor(scale)).data<float>().ToArray();
            float[] rows = x.data<float>().ToArray();
            var logits = new float[3];
            var a = new float[weights.MaxWidth];
            var b = new float[weights.MaxWidth];
            for (int r = 0; r < 16; r++)
            {
                weights.Forward(rows.AsSpan(r * 5, 5), logits, a, b);
                for (int c = 0; c < 3; c++)
                    Assert.AreEqual(expected[r * 3 + c], logits[c], 1e-5f, $"{activation}: row {r}, output {c}");
            }
        }
    }
}
