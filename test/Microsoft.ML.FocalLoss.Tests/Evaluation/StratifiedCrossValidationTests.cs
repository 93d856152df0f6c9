using System;
using System.IO;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss.Tests.Training;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.FocalLoss.Tests.Evaluation;

/// <summary>
/// <c>StratifiedCrossValidate</c> on the classification catalogs: ML.NET's <c>CrossValidate</c> results on the folds
/// <c>StratifiedCrossValidationSplit</c> makes, stratified by the raw label before the pipeline maps it.
/// </summary>
[TestClass]
public sealed class StratifiedCrossValidationTests
{
    private sealed class GlassRow
    {
        [LoadColumn(0, 8), VectorType(9)] public float[] Features { get; set; } = [];
        [LoadColumn(9)] public string Type { get; set; } = "";
    }

    [TestMethod]
    public void MulticlassFoldsAreTheStratifiedSplitsFoldsEvaluatedByMlNet()
    {
        var ml = new MLContext(seed: 1);
        IDataView glass = ml.Data.LoadFromTextFile<GlassRow>(Path.Combine(ShippedData.Folder, "Glass.csv"), separatorChar: ',', hasHeader: true, allowQuoting: true);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", "Type").Append(ml.MulticlassClassification.Trainers.FocalLoss(numberOfEpochs: 20));

        var results = ml.MulticlassClassification.StratifiedCrossValidate(glass, pipeline, numberOfFolds: 4, stratificationColumnName: "Type", seed: 3);
        var folds = ml.Data.StratifiedCrossValidationSplit(glass, 4, "Type", seed: 3);

        Assert.HasCount(4, results);
        for (int f = 0; f < 4; f++)
        {
            Assert.AreEqual(f, results[f].Fold);
            // The hold-out rows are the split's test fold, in order.
            CollectionAssert.AreEqual(folds[f].TestSet.GetColumn<string>("Type").ToArray(), results[f].ScoredHoldOutSet.GetColumn<string>("Type").ToArray());
            // Every class of Glass is in every fold, so ML.NET's evaluator reports a log-loss for each of the six.
            Assert.HasCount(6, results[f].Metrics.PerClassLogLoss, $"fold {f}");
            MulticlassClassificationMetrics again = ml.MulticlassClassification.Evaluate(results[f].ScoredHoldOutSet);
            Assert.AreEqual(again.MacroAccuracy, results[f].Metrics.MacroAccuracy, 1e-12);
            Assert.AreEqual(again.LogLoss, results[f].Metrics.LogLoss, 1e-12);
        }
        Assert.AreEqual(214L, results.Sum(r => r.ScoredHoldOutSet.GetRowCount() ?? 0), "every row held out once");
    }

    [TestMethod]
    public void BinaryFoldsStratifyByTheBooleanLabel()
    {
        var ml = new MLContext(seed: 1);
        IDataView pima = ShippedData.Pima(ml);
        var results = ml.BinaryClassification.StratifiedCrossValidate(pima, ml.BinaryClassification.Trainers.FocalLoss(numberOfEpochs: 10), numberOfFolds: 3, seed: 2);
        Assert.HasCount(3, results);
        foreach (var result in results)
        {
            bool[] labels = result.ScoredHoldOutSet.GetColumn<bool>("Label").ToArray();
            // 268 positives of 768 in three folds: 89 or 90 in each, 256 rows a fold.
            Assert.IsTrue(labels.Count(l => l) is 89 or 90, $"fold {result.Fold}: {labels.Count(l => l)} positives");
            Assert.AreEqual(256, labels.Length);
            Assert.IsTrue(result.Metrics.AreaUnderRocCurve is > 0.7 and <= 1, $"AUROC {result.Metrics.AreaUnderRocCurve}");
        }
    }

    [TestMethod]
    public void AnUncalibratedBinaryTrainerIsEvaluatedWithoutProbabilities()
    {
        var ml = new MLContext(seed: 1);
        IDataView pima = ShippedData.Pima(ml);
        var pipeline = ml.Transforms.NormalizeMeanVariance("Features").Append(ml.BinaryClassification.Trainers.AveragedPerceptron());
        // The perceptron has no Probability column: the calibrated evaluator would refuse its scores.
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.BinaryClassification.StratifiedCrossValidate(pima, pipeline, 3, seed: 2));
        var results = ml.BinaryClassification.StratifiedCrossValidateNonCalibrated(pima, pipeline, 3, seed: 2);
        Assert.HasCount(3, results);
        foreach (var result in results)
        {
            Assert.AreEqual(ml.BinaryClassification.EvaluateNonCalibrated(result.ScoredHoldOutSet).AreaUnderRocCurve, result.Metrics.AreaUnderRocCurve, 1e-12);
            Assert.IsTrue(result.ScoredHoldOutSet.GetColumn<bool>("Label").Count(l => l) is 89 or 90, "stratified");
        }
    }

    [TestMethod]
    public void AMissingStratificationColumnIsNamedWithTheColumnsThereAre()
    {
        var ml = new MLContext(seed: 1);
        IDataView glass = ml.Data.LoadFromTextFile<GlassRow>(Path.Combine(ShippedData.Folder, "Glass.csv"), separatorChar: ',', hasHeader: true, allowQuoting: true);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", "Type").Append(ml.MulticlassClassification.Trainers.FocalLoss());
        // "Label" only exists after the pipeline: the folds must be stratified by the raw "Type".
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.MulticlassClassification.StratifiedCrossValidate(glass, pipeline));
        StringAssert.Contains(e.Message, "no column 'Label' to stratify by; its columns are Features, Type");
        // Unset, the stratification column is the label, and the message names the parameter the caller set.
        Assert.AreEqual("labelColumnName", e.ParamName);
        var named = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.MulticlassClassification.StratifiedCrossValidate(glass, pipeline, stratificationColumnName: "Kind"));
        Assert.AreEqual("stratificationColumnName", named.ParamName);
        StringAssert.Contains(named.Message, "no column 'Kind' to stratify by");
    }
}
