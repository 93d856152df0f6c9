using System;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss.Training;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.FocalLoss.Tests.Training;

/// <summary>The binary trainer with ML.NET's binary evaluator and prediction engine.</summary>
[TestClass]
public sealed class BinaryFocalLossTrainerTests
{
    private sealed class PimaInput
    {
        [VectorType(8)]
        public float[] Features { get; set; } = Array.Empty<float>();
    }

    private sealed class PimaPrediction
    {
        public bool PredictedLabel { get; set; }
        public float Score { get; set; }
        public float Probability { get; set; }
    }

    [TestMethod]
    public void OutputsScoreProbabilityAndPredictedLabelForMlNetsEvaluator()
    {
        var ml = new MLContext(seed: 1);
        var split = ml.Data.TrainTestSplit(ShippedData.Pima(ml), testFraction: 0.3, seed: 1);
        var model = ml.BinaryClassification.Trainers.FocalLoss(numberOfEpochs: 40).Fit(split.TrainSet);
        IDataView scored = model.Transform(split.TestSet);

        CalibratedBinaryClassificationMetrics metrics = ml.BinaryClassification.Evaluate(scored);
        Console.WriteLine($"AUROC {metrics.AreaUnderRocCurve:F3}, AUPRC {metrics.AreaUnderPrecisionRecallCurve:F3}, F1 {metrics.F1Score:F3}");
        Assert.IsTrue(metrics.AreaUnderRocCurve > 0.78, $"AUROC {metrics.AreaUnderRocCurve}");
        Assert.IsTrue(metrics.F1Score > 0.5, $"F1 {metrics.F1Score}");
        Assert.AreEqual(metrics.AreaUnderRocCurve, ml.BinaryClassification.EvaluateRanking(scored).AreaUnderRocCurve, 1e-9);

        var engine = ml.Model.CreatePredictionEngine<PimaInput, PimaPrediction>(model);
        float[] first = split.TestSet.GetColumn<float[]>("Features").First();
        PimaPrediction p = engine.Predict(new PimaInput { Features = first });
        Assert.AreEqual(1 / (1 + MathF.Exp(-(p.Score + model.Model.DecisionThreshold))), p.Probability, 1e-6f, "Score is the calibrated logit minus the threshold");
        Assert.AreEqual(p.Score > 0, p.PredictedLabel, "PredictedLabel is the sign of Score, as ML.NET's evaluator assumes");
    }

    [TestMethod]
    public void BalancedWeightingRaisesRecallOfThePositiveMinority()
    {
        var ml = new MLContext(seed: 5);
        var split = ml.Data.TrainTestSplit(ShippedData.Pima(ml), testFraction: 0.3, seed: 5);
        double Recall(BinaryFocalLossTrainer.Options options) =>
            ml.BinaryClassification.Evaluate(ml.BinaryClassification.Trainers.FocalLoss(options).Fit(split.TrainSet).Transform(split.TestSet)).PositiveRecall;
        // At the plain argmax rule on uncalibrated scores, so the weighting alone makes the difference.
        double plain = Recall(new BinaryFocalLossTrainer.Options { Gamma = 0, ClassWeighting = FocalLoss.Loss.ClassWeighting.None, NumberOfEpochs = 40, Seed = 1,
            DecisionObjective = DecisionObjective.Argmax, CalibrateProbabilities = false });
        double balanced = Recall(new BinaryFocalLossTrainer.Options { NumberOfEpochs = 40, Seed = 1, DecisionObjective = DecisionObjective.Argmax, CalibrateProbabilities = false });
        Console.WriteLine($"positive recall: cross-entropy {plain:F3}, focal + balanced {balanced:F3}");
        Assert.IsTrue(balanced > plain, $"balanced {balanced} vs plain {plain}");
    }
}
