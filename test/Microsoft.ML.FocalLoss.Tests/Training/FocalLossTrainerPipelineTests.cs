using System;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss.Model;
using Microsoft.ML.FocalLoss.Training;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.FocalLoss.Tests.Training;

/// <summary>The multiclass trainer inside ML.NET pipelines, as users drop it in.</summary>
[TestClass]
public sealed class FocalLossTrainerPipelineTests
{
    [TestMethod]
    public void FitsTransformsAndEvaluatesWithMlNetsEvaluator()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ShippedData.Glass(ml);
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.3, seed: 1);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", "Type")
            .Append(new FocalLossTrainer(ml, new FocalLossTrainer.Options { NumberOfEpochs = 60 }))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedType", "PredictedLabel"));
        var model = pipeline.Fit(split.TrainSet);
        IDataView scored = model.Transform(split.TestSet);

        var metrics = ml.MulticlassClassification.Evaluate(scored);
        var auroc = ml.MulticlassClassification.EvaluateAuroc(scored);
        Console.WriteLine($"macro accuracy {metrics.MacroAccuracy:F3}, micro {metrics.MicroAccuracy:F3}, macro AUROC {auroc.MacroAuroc:F3}, undefined [{string.Join(",", auroc.UndefinedClasses)}]");
        Assert.IsTrue(metrics.MacroAccuracy > 0.45, $"macro accuracy {metrics.MacroAccuracy}");
        Assert.IsTrue(auroc.MacroAuroc > 0.75, $"macro AUROC {auroc.MacroAuroc}");

        var scores = scored.GetColumn<float[]>("Score").ToArray();
        Assert.IsTrue(scores.All(s => s.Length == 6 && Math.Abs(s.Sum() - 1) < 1e-5), "six softmax probabilities per row");
        var predicted = scored.GetColumn<string>("PredictedType").ToArray();
        CollectionAssert.IsSubsetOf(predicted.Distinct().ToArray(), new[] { "1", "2", "3", "5", "6", "7" });
    }

    private sealed class GlassInput
    {
        [VectorType(9)]
        public float[] Features { get; set; } = Array.Empty<float>();

        // The pipeline's MapValueToKey reads it; unknown at prediction time.
        public string Type { get; set; } = "";
    }

    private sealed class GlassPrediction
    {
        [ColumnName("Score")]
        public float[] Probabilities { get; set; } = Array.Empty<float>();

        [ColumnName("PredictedType")]
        public string Type { get; set; } = "";
    }

    [TestMethod]
    public void PredictionEngineGivesTheSameScoresAsTransform()
    {
        var ml = new MLContext(seed: 2);
        IDataView data = ShippedData.Glass(ml);
        var model = ml.Transforms.Conversion.MapValueToKey("Label", "Type")
            .Append(ml.MulticlassClassification.Trainers.FocalLoss(numberOfEpochs: 20))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedType", "PredictedLabel"))
            .Fit(data);
        var engine = ml.Model.CreatePredictionEngine<GlassInput, GlassPrediction>(model);
        float[][] features = data.GetColumn<float[]>("Features").Take(20).ToArray();
        float[][] batch = model.Transform(data).GetColumn<float[]>("Score").Take(20).ToArray();
        for (int i = 0; i < features.Length; i++)
        {
            GlassPrediction p = engine.Predict(new GlassInput { Features = features[i] });
            CollectionAssert.AreEqual(batch[i], p.Probabilities, $"row {i}");
            Assert.AreNotEqual("", p.Type);
        }
    }

    [TestMethod]
    public void CrossValidateRunsEveryFold()
    {
        var ml = new MLContext(seed: 3);
        IDataView data = ml.Transforms.Conversion.MapValueToKey("Label", "Type").Fit(ShippedData.Glass(ml)).Transform(ShippedData.Glass(ml));
        var results = ml.MulticlassClassification.CrossValidate(data, ml.MulticlassClassification.Trainers.FocalLoss(numberOfEpochs: 15), numberOfFolds: 3);
        Assert.AreEqual(3, results.Count);
        Assert.IsTrue(results.All(r => r.Metrics.MicroAccuracy > 0.3), string.Join(", ", results.Select(r => r.Metrics.MicroAccuracy)));
    }

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public void StackedModelCrossValidatesAndScoresOneRowAtATimeAsTransformDoes()
    {
        // The strongest setting (StackingPartner) inside the same ML.NET machinery: CrossValidate refits the partner
        // in every fold, and a PredictionEngine scores a row as the batch Transform does.
        var ml = new MLContext(seed: 5);
        IEstimator<ITransformer> Stacked() => ml.MulticlassClassification.Trainers.FocalLoss(new FocalLossTrainer.Options
        {
            NumberOfEpochs = 15,
            StackingPartner = ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastTree(numberOfTrees: 20)),
        });
        IDataView keyed = ml.Transforms.Conversion.MapValueToKey("Label", "Type").Fit(ShippedData.Glass(ml)).Transform(ShippedData.Glass(ml));
        var folds = ml.MulticlassClassification.CrossValidate(keyed, Stacked(), numberOfFolds: 3);
        Assert.AreEqual(3, folds.Count);
        foreach (var fold in folds)
        {
            var parameters = ((ISingleFeaturePredictionTransformer<FocalLossModelParameters>)fold.Model).Model;
            Assert.IsNotNull(parameters.StackingWeight, "every fold's model is stacked");
            Assert.IsTrue(fold.Metrics.MicroAccuracy > 0.3, $"fold accuracy {fold.Metrics.MicroAccuracy}");
        }

        IDataView data = ShippedData.Glass(ml);
        var model = ml.Transforms.Conversion.MapValueToKey("Label", "Type").Append(Stacked())
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedType", "PredictedLabel")).Fit(data);
        var engine = ml.Model.CreatePredictionEngine<GlassInput, GlassPrediction>(model);
        float[][] features = data.GetColumn<float[]>("Features").Take(20).ToArray();
        IDataView scored = model.Transform(data);
        float[][] batch = scored.GetColumn<float[]>("Score").Take(20).ToArray();
        string[] types = scored.GetColumn<string>("PredictedType").Take(20).ToArray();
        for (int i = 0; i < features.Length; i++)
        {
            GlassPrediction p = engine.Predict(new GlassInput { Features = features[i] });
            CollectionAssert.AreEqual(batch[i], p.Probabilities, $"row {i}");
            Assert.AreEqual(types[i], p.Type, $"row {i}");
        }
    }

    [TestMethod]
    public void ClassCountComesFromTheKeyTypeEvenForAnAbsentClass()
    {
        var ml = new MLContext(seed: 4);
        IDataView raw = ShippedData.Glass(ml);
        // The key type knows a seventh value, "4" (Glass has no rows of type 4).
        var keys = ml.Data.LoadFromEnumerable(new[] { "1", "2", "3", "4", "5", "6", "7" }.Select(t => new { Type = t }));
        var toKey = ml.Transforms.Conversion.MapValueToKey("Label", "Type", keyData: keys);
        var model = toKey.Append(ml.MulticlassClassification.Trainers.FocalLoss(numberOfEpochs: 5)).Fit(raw);
        var scores = model.Transform(raw).GetColumn<float[]>("Score").First();
        Assert.AreEqual(7, scores.Length, "one probability per key value");
        Assert.IsTrue(scores[3] < 0.2f, "the absent class gets little probability");
    }
}
