using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.FocalLoss.Training;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.FocalLoss.Tests.Training;

/// <summary>Streaming from the cursor through a bounded shuffle buffer, instead of loading the rows.</summary>
[TestClass]
public sealed class StreamingTrainingTests
{
    private static FocalLossTrainer.Options Options(TrainingDataMode mode, int buffer = 32) => new()
    {
        TrainingDataMode = mode, ShuffleBufferSize = buffer, NumberOfEpochs = 60, Seed = 3, BatchSize = 32,
    };

    [TestMethod]
    public void StreamingLearnsAsWellAsInMemoryAndIsDeterministic()
    {
        var ml = new MLContext(seed: 1);
        var split = ml.Data.TrainTestSplit(ShippedData.GlassWithKeyLabel(ml), testFraction: 0.3, seed: 2);
        double MacroAuroc(TrainingDataMode mode) =>
            ml.MulticlassClassification.EvaluateAuroc(new FocalLossTrainer(ml, Options(mode)).Fit(split.TrainSet).Transform(split.TestSet)).MacroAuroc;
        double inMemory = MacroAuroc(TrainingDataMode.InMemory), streaming = MacroAuroc(TrainingDataMode.Streaming);
        Console.WriteLine($"macro AUROC: in memory {inMemory:F3}, streaming {streaming:F3}");
        Assert.IsTrue(streaming > inMemory - 0.05, $"streaming {streaming} vs in memory {inMemory}");

        float[] Scores() => new FocalLossTrainer(new MLContext(seed: 9), Options(TrainingDataMode.Streaming)).Fit(split.TrainSet).Model.Network.Members[0].Weights[0];
        CollectionAssert.AreEqual(Scores(), Scores(), "same seed, same streamed weights");
    }

    [TestMethod]
    public void StreamingCountsSkippedRowsAndLogsTheMode()
    {
        var ml = new MLContext(seed: 1);
        var log = new List<string>();
        ml.Log += (_, e) => { lock (log) log.Add(e.RawMessage); };
        var rows = Enumerable.Range(0, 50).Select(i => new Row { Type = i % 2 == 0 ? "a" : "b", Features = new[] { i == 4 ? float.NaN : i, i % 2 } }).ToList();
        IDataView raw = ml.Data.LoadFromEnumerable(rows);
        IDataView data = ml.Transforms.Conversion.MapValueToKey("Label", "Type").Fit(raw).Transform(raw);
        new FocalLossTrainer(ml, new FocalLossTrainer.Options { TrainingDataMode = TrainingDataMode.Streaming, NumberOfEpochs = 2 }).Fit(data);
        Assert.IsTrue(log.Contains("Training data mode: Streaming."));
        Assert.IsTrue(log.Any(m => m.StartsWith("Skipped 1 of the 50 rows: 1 with a NaN or infinite feature", StringComparison.Ordinal)));
    }

    private sealed class Row
    {
        public string Type { get; set; } = "";

        [Microsoft.ML.Data.VectorType(2)]
        public float[] Features { get; set; } = Array.Empty<float>();
    }
}
