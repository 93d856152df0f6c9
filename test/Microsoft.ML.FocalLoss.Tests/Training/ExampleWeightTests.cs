using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss.Loss;
using Microsoft.ML.FocalLoss.Training;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.FocalLoss.Tests.Training;

/// <summary>
/// Example weights end to end: a weight column of ones must train exactly the model that no weight column trains,
/// through every stage that reads weights (batches, the per-member reduction, validation, calibration, the
/// decision rule), for each reduction. Any place that mishandles the weights' shape or skips them breaks equality.
/// Weights of 0 that leave fewer than two classes to learn are refused.
/// </summary>
[TestClass]
public sealed class ExampleWeightTests
{
    private sealed class Row
    {
        public string Type { get; set; } = "";

        public bool IsRare { get; set; }

        [VectorType(4)]
        public float[] Features { get; set; } = Array.Empty<float>();

        public float Weight { get; set; } = 1;
    }

    private static List<Row> Rows()
    {
        var random = new Random(3);
        return Enumerable.Range(0, 180).Select(i =>
        {
            int c = i % 9 == 0 ? 2 : i % 3 == 0 ? 1 : 0;
            float[] x = Enumerable.Range(0, 4).Select(j => (float)(random.NextDouble() + (j == c ? 0.8 : 0))).ToArray();
            return new Row { Type = "c" + c, IsRare = c == 2, Features = x };
        }).ToList();
    }

    [TestMethod]
    [DataRow(FocalLossReduction.WeightedMean)]
    [DataRow(FocalLossReduction.Mean)]
    [DataRow(FocalLossReduction.Sum)]
    public void UnitWeightsTrainTheUnweightedMulticlassModel(FocalLossReduction reduction)
    {
        float[] Scores(string? weightColumn)
        {
            var ml = new MLContext(seed: 1);
            IDataView raw = ml.Data.LoadFromEnumerable(Rows());
            IDataView data = ml.Transforms.Conversion.MapValueToKey("Label", "Type").Fit(raw).Transform(raw);
            var options = new FocalLossTrainer.Options { NumberOfEpochs = 6, Reduction = reduction, ExampleWeightColumnName = weightColumn };
            IDataView scored = new FocalLossTrainer(ml, options).Fit(data).Transform(data);
            return scored.GetColumn<float[]>("Score").SelectMany(s => s).ToArray();
        }
        CollectionAssert.AreEqual(Scores(null), Scores("Weight"), $"{reduction}");
    }

    [TestMethod]
    [DataRow(FocalLossReduction.WeightedMean)]
    [DataRow(FocalLossReduction.Mean)]
    [DataRow(FocalLossReduction.Sum)]
    public void UnitWeightsTrainTheUnweightedBinaryModel(FocalLossReduction reduction)
    {
        float[] Probabilities(string? weightColumn)
        {
            var ml = new MLContext(seed: 1);
            IDataView raw = ml.Data.LoadFromEnumerable(Rows());
            IDataView data = ml.Transforms.CopyColumns("Label", nameof(Row.IsRare)).Fit(raw).Transform(raw);
            var options = new BinaryFocalLossTrainer.Options { NumberOfEpochs = 6, Reduction = reduction, ExampleWeightColumnName = weightColumn };
            IDataView scored = new BinaryFocalLossTrainer(ml, options).Fit(data).Transform(data);
            return scored.GetColumn<float>("Probability").ToArray();
        }
        CollectionAssert.AreEqual(Probabilities(null), Probabilities("Weight"), $"{reduction}");
    }

    [TestMethod]
    public void WeightsOfZeroThatLeaveOneClassAreRefusedAndAWeightlessClassIsWarnedOf()
    {
        var ml = new MLContext(seed: 1);
        var warnings = new List<string>();
        ml.Log += (_, e) => { if (e.Kind == Runtime.ChannelMessageKind.Warning) lock (warnings) warnings.Add(e.Message); };
        IDataView Keyed(Func<Row, float> weight)
        {
            List<Row> rows = Rows();
            foreach (Row row in rows) row.Weight = weight(row);
            IDataView raw = ml.Data.LoadFromEnumerable(rows);
            return ml.Transforms.Conversion.MapValueToKey("Label", "Type").Append(ml.Transforms.CopyColumns("Rare", nameof(Row.IsRare))).Fit(raw).Transform(raw);
        }
        var multiclass = new FocalLossTrainer.Options { NumberOfEpochs = 3, ExampleWeightColumnName = "Weight" };
        var binary = new BinaryFocalLossTrainer.Options { NumberOfEpochs = 3, ExampleWeightColumnName = "Weight", LabelColumnName = "Rare" };

        // Before, each of these trained a model that had learned nothing (binary F1 0), without a word.
        var e = Assert.Throws<InvalidOperationException>(() => new FocalLossTrainer(ml, multiclass).Fit(Keyed(_ => 0)));
        StringAssert.Contains(e.Message, "Every training row has weight 0 in 'Weight'");
        var streamed = new FocalLossTrainer.Options { NumberOfEpochs = 3, ExampleWeightColumnName = "Weight", TrainingDataMode = TrainingDataMode.Streaming, NumberOfFolds = 1 };
        e = Assert.Throws<InvalidOperationException>(() => new FocalLossTrainer(ml, streamed).Fit(Keyed(_ => 0)));
        StringAssert.Contains(e.Message, "Every training row has weight 0 in 'Weight'");
        e = Assert.Throws<InvalidOperationException>(() => new BinaryFocalLossTrainer(ml, binary).Fit(Keyed(r => r.IsRare ? 0 : 1)));
        StringAssert.Contains(e.Message, "class(es) 'True' all have weight 0 in 'Weight'");
        e = Assert.Throws<InvalidOperationException>(() => new FocalLossTrainer(ml, multiclass).Fit(Keyed(r => r.Type == "c0" ? 1 : 0)));
        StringAssert.Contains(e.Message, "'c2', 'c1' all have weight 0"); // key order: first seen first

        // One weightless class of three: the other two still make a classifier, and the log says what is lost.
        new FocalLossTrainer(ml, multiclass).Fit(Keyed(r => r.Type == "c2" ? 0 : 1));
        Assert.IsTrue(warnings.Any(w => w.Contains("Every training row of class(es) c2 has weight 0 in 'Weight'", StringComparison.Ordinal)), string.Join("\n", warnings));
        // Some rows of weight 0 in every class is ordinary, and silent.
        warnings.Clear();
        int i = 0;
        new FocalLossTrainer(ml, multiclass).Fit(Keyed(_ => i++ % 4 == 0 ? 0 : 1));
        Assert.IsFalse(warnings.Any(w => w.Contains("weight 0", StringComparison.Ordinal)), string.Join("\n", warnings));
    }
}
