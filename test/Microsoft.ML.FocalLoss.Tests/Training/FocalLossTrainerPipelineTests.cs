using System;
using System.Linq;
using Microsoft.ML.Data;
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
        Assert.IsTrue(auroc.MacroAuroc > 0.8, $"macro AUROC {auroc.MacroAuroc}");

        var scores = scored.GetColumn<float[]>("Score").ToArray();
        Assert.IsTrue(scores.All(s => s.Length == 6 && Math.Abs(s.Sum() - 1) < 1e-5), "six softmax probabilities per row");
        var predicted = scored.GetColumn<string>("PredictedType").ToArray();
        CollectionAssert.IsSubsetOf(predicted.Distinct().ToArray(), new[] { "1", "2", "3", "5", "6", "7" });
    }
}
