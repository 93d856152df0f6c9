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
        FocalLossModelParameters a = Fit(), b = Fit();
        Assert.AreEqual(5, a.NumberOfNetworks, "one network per cross-fitting fold");
        for (int m = 0; m < a.NumberOfNetworks; m++)
        {
            for (int l = 0; l < a.Network.Members[m].Weights.Length; l++)
            {
                CollectionAssert.AreEqual(a.Network.Members[m].Weights[l], b.Network.Members[m].Weights[l], $"network {m}, layer {l} weights");
                CollectionAssert.AreEqual(a.Network.Members[m].Biases[l], b.Network.Members[m].Biases[l], $"network {m}, layer {l} biases");
            }
        }
        Assert.AreEqual(a.Temperature, b.Temperature, "calibration too");
        CollectionAssert.AreEqual(a.DecisionOffsets.ToArray(), b.DecisionOffsets.ToArray(), "and the decision rule");
        FocalLossModelParameters other = Train(new MLContext(seed: 12), new FocalLossTrainer.Options { NumberOfEpochs = 8, NumberOfThreads = threads });
        CollectionAssert.AreNotEqual(a.Network.Members[0].Weights[0], other.Network.Members[0].Weights[0], "another MLContext seed gives other weights");
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
        // As documented: cancellation is final for that context; a new context trains.
        Assert.Throws<OperationCanceledException>(() => new FocalLossTrainer(ml, new FocalLossTrainer.Options { NumberOfEpochs = 1 }).Fit(GlassKeyed(ml)));
        var fresh = new MLContext(seed: 1);
        Assert.IsNotNull(new FocalLossTrainer(fresh, new FocalLossTrainer.Options { NumberOfEpochs = 1 }).Fit(GlassKeyed(fresh)));
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
        Assert.IsTrue(reports.All(r => r.RowsPerSecond > 0 && double.IsFinite(r.TrainingLoss) && r.ValidationLoss is double loss && double.IsFinite(loss)),
            "the held-out folds are validated every epoch");
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
            // Calibration changes each class's one-vs-rest ranking a little; without it the scores are the network's own.
            CalibrateProbabilities = false,
        });
        var model = trainer.Fit(split.TrainSet, split.TestSet);
        Assert.IsTrue(reports.Count < 400, $"stopped early after {reports.Count} epochs");
        EpochReport best = reports.Last(r => r.IsBest);
        Assert.AreEqual(5, reports.Count - best.Epoch, "patience epochs after the best one");
        double restored = ml.MulticlassClassification.EvaluateAuroc(model.Transform(split.TestSet)).MacroAuroc;
        Assert.AreEqual(best.ValidationMacroAuroc!.Value, restored, 1e-4, "the returned model is the best epoch's");
        Assert.AreEqual(1, model.Model.NumberOfNetworks, "a validation set replaces the internal folds: one network");
    }

    [TestMethod]
    public void ManagedScoringMatchesTorchSharpsForwardPass()
    {
        using var scope = NewDisposeScope();
        foreach (HiddenActivation activation in Enum.GetValues<HiddenActivation>())
        {
            using var init = new Generator(3);
            using var dropout = new Generator(4);
            using var network = new EnsembleMlp(2, 5, new[] { 7, 4 }, 3, activation, 0.5, init, dropout);
            network.eval();
            var x = randn(2, 16, 5);
            float[] expected = network.call(x).data<float>().ToArray();
            float[] rows = x.data<float>().ToArray();
            for (int m = 0; m < 2; m++)
            {
                MlpWeights weights = network.Export(m);
                var logits = new float[3];
                var a = new float[weights.MaxWidth];
                var b = new float[weights.MaxWidth];
                for (int r = 0; r < 16; r++)
                {
                    weights.Forward(rows.AsSpan((m * 16 + r) * 5, 5), logits, a, b);
                    for (int c = 0; c < 3; c++)
                        Assert.AreEqual(expected[(m * 16 + r) * 3 + c], logits[c], 1e-5f, $"{activation}: network {m}, row {r}, output {c}");
                }
            }
        }
    }
}
