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
}
