using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss.Evaluation;
using Microsoft.ML.FocalLoss.Model;
using Microsoft.ML.FocalLoss.Training;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.FocalLoss.Tests.Training;

/// <summary>
/// What the trainers do after training: PredictedLabel follows the stored decision rule, Score and Probability are
/// calibrated, both survive save and load, and models saved by version 1.1 still load and score as they did.
/// </summary>
[TestClass]
public sealed class DecisionAndCalibrationTests
{
    [TestMethod]
    public void MulticlassPredictedLabelIsTheArgmaxOfLogScorePlusTheOffsets()
    {
        var ml = new MLContext(seed: 3);
        IDataView data = ShippedData.GlassWithKeyLabel(ml);
        var model = new FocalLossTrainer(ml, new FocalLossTrainer.Options { NumberOfEpochs = 30, DecisionObjective = DecisionObjective.BalancedAccuracy }).Fit(data);
        float[] offsets = model.Model.DecisionOffsets.ToArray();
        Assert.AreEqual(DecisionObjective.BalancedAccuracy, model.Model.DecisionObjective);
        Assert.IsTrue(offsets.Any(o => o != 0), "balanced accuracy moves the rule off the argmax on Glass");
        IDataView scored = model.Transform(data);
        float[][] scores = scored.GetColumn<float[]>("Score").ToArray();
        uint[] predicted = scored.GetColumn<uint>("PredictedLabel").ToArray();
        int differsFromArgmax = 0;
        for (int r = 0; r < scores.Length; r++)
        {
            Assert.AreEqual(1, scores[r].Sum(), 1e-5, "Score stays a probability vector");
            int expected = Enumerable.Range(0, 6).MaxBy(c => Math.Log(Math.Max(scores[r][c], float.Epsilon)) + offsets[c]);
            Assert.AreEqual((uint)expected + 1, predicted[r], $"row {r}");
            if (expected != Array.IndexOf(scores[r], scores[r].Max())) differsFromArgmax++;
        }
        Assert.IsTrue(differsFromArgmax > 0, "the rule changes some predictions");
        // ML.NET's multiclass evaluator scores the argmax of Score, whatever PredictedLabel says; EvaluateReport reads PredictedLabel.
        uint[] labels = data.GetColumn<uint>("Label").ToArray();
        var report = ml.MulticlassClassification.EvaluateReport(scored);
        Assert.AreEqual(predicted.Zip(labels).Count(p => p.First == p.Second) / (double)predicted.Length, report.WeightedAverage.Recall, 1e-9, "the report's accuracy is PredictedLabel's");
        var argmax = ml.MulticlassClassification.Evaluate(scored);
        Assert.AreEqual(scores.Zip(labels).Count(p => Array.IndexOf(p.First, p.First.Max()) + 1 == p.Second) / (double)predicted.Length, argmax.MicroAccuracy, 1e-9,
            "ML.NET's accuracy is the argmax's");
        string[] names = ml.Transforms.Conversion.MapKeyToValue("PredictedType", "PredictedLabel").Fit(scored).Transform(scored).GetColumn<string>("PredictedType").ToArray();
        CollectionAssert.IsSubsetOf(names.Distinct().ToArray(), new[] { "1", "2", "3", "5", "6", "7" });
    }

    [TestMethod]
    public void BinaryPredictedLabelIsScoreAboveTheThresholdAndProbabilityItsSigmoid()
    {
        var ml = new MLContext(seed: 4);
        IDataView data = ShippedData.Pima(ml);
        var model = ml.BinaryClassification.Trainers.FocalLoss(numberOfEpochs: 30).Fit(data);
        float threshold = model.Model.DecisionThreshold;
        IDataView scored = model.Transform(data);
        float[] score = scored.GetColumn<float>("Score").ToArray(), probability = scored.GetColumn<float>("Probability").ToArray();
        bool[] predicted = scored.GetColumn<bool>("PredictedLabel").ToArray();
        for (int r = 0; r < score.Length; r++)
        {
            Assert.AreEqual(score[r] > 0, predicted[r], $"row {r}");
            Assert.AreEqual(1 / (1 + Math.Exp(-(score[r] + threshold))), probability[r], 1e-6, $"row {r}");
        }
        Assert.AreNotEqual(0f, threshold, "macro-F1 tuning moves the threshold off one half on Pima (1.9 : 1)");
        // So ML.NET's own evaluator, which thresholds Score at 0, reports the tuned rule's F1.
        bool[] labels = data.GetColumn<bool>("Label").ToArray();
        int tp = predicted.Zip(labels).Count(p => p.First && p.Second), fp = predicted.Zip(labels).Count(p => p.First && !p.Second), fn = predicted.Zip(labels).Count(p => !p.First && p.Second);
        Assert.AreEqual(2.0 * tp / (2 * tp + fp + fn), ml.BinaryClassification.Evaluate(scored).F1Score, 1e-9);
    }

    [TestMethod]
    public void DecisionRuleAndCalibrationSurviveSaveAndLoad()
    {
        var ml = new MLContext(seed: 5);
        IDataView data = ShippedData.Glass(ml);
        ITransformer model = ml.Transforms.Conversion.MapValueToKey("Label", "Type")
            .Append(new FocalLossTrainer(ml, new FocalLossTrainer.Options { NumberOfEpochs = 20 })).Fit(data);
        using var temp = new TempFolder("focalml-decision");
        string path = Path.Combine(temp.Path, "model.zip");
        ml.Model.Save(model, data.Schema, path);
        ITransformer loaded = ml.Model.Load(path, out _);
        var original = ((IEnumerable<ITransformer>)model).Last() as FocalLossPredictionTransformer;
        var reloaded = ((IEnumerable<ITransformer>)loaded).Last() as FocalLossPredictionTransformer;
        Assert.IsNotNull(reloaded, "the prediction transformer loads as itself");
        Assert.AreEqual(original!.Model.Temperature, reloaded!.Model.Temperature);
        CollectionAssert.AreEqual(original.Model.DecisionOffsets.ToArray(), reloaded.Model.DecisionOffsets.ToArray());
        CollectionAssert.AreEqual(model.Transform(data).GetColumn<uint>("PredictedLabel").ToArray(), loaded.Transform(data).GetColumn<uint>("PredictedLabel").ToArray());
        Assert.AreEqual(5, reloaded.Model.NumberOfNetworks);
    }

    [TestMethod]
    public void MulticlassModelsSavedByVersion11StillLoadAndScoreAsTheyDid()
    {
        var ml = new MLContext(seed: 0);
        ITransformer model = ml.Model.Load(Fixture("v1-multiclass-glass.zip"), out _);
        IDataView scored = model.Transform(ShippedData.Glass(ml));
        float[][] scores = scored.GetColumn<float[]>("Score").ToArray();
        uint[] predicted = scored.GetColumn<uint>("PredictedLabel").ToArray();
        string[] expected = File.ReadAllLines(Fixture("v1-multiclass-glass.scores.csv")).Skip(1).ToArray();
        Assert.AreEqual(expected.Length, scores.Length);
        for (int r = 0; r < expected.Length; r++)
        {
            string[] parts = expected[r].Split(',');
            Assert.AreEqual(uint.Parse(parts[0], CultureInfo.InvariantCulture), predicted[r], $"row {r}: predicted key");
            CollectionAssert.AreEqual(parts[1].Split(' ').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray(), scores[r], $"row {r}: scores, bit for bit");
        }
    }

    [TestMethod]
    public void BinaryModelsSavedByVersion11StillLoadAndScoreAsTheyDid()
    {
        var ml = new MLContext(seed: 0);
        ITransformer model = ml.Model.Load(Fixture("v1-binary-pima.zip"), out _);
        IDataView scored = model.Transform(ShippedData.Pima(ml));
        float[] score = scored.GetColumn<float>("Score").ToArray(), probability = scored.GetColumn<float>("Probability").ToArray();
        bool[] predicted = scored.GetColumn<bool>("PredictedLabel").ToArray();
        string[] expected = File.ReadAllLines(Fixture("v1-binary-pima.scores.csv")).Skip(1).ToArray();
        Assert.AreEqual(expected.Length, score.Length);
        for (int r = 0; r < expected.Length; r++)
        {
            string[] parts = expected[r].Split(',');
            Assert.AreEqual(bool.Parse(parts[0]), predicted[r], $"row {r}: predicted label");
            Assert.AreEqual(float.Parse(parts[1], CultureInfo.InvariantCulture), score[r], $"row {r}: score");
            Assert.AreEqual(float.Parse(parts[2], CultureInfo.InvariantCulture), probability[r], $"row {r}: probability");
        }
    }

    [TestMethod]
    public void CalibrationUndoesTheSkewOfBalancedWeightsOnUnseenRows()
    {
        // Three overlapping classes, 80 : 15 : 5. Balanced weights make the network over-predict the rare classes; the
        // calibration fitted on the held-out folds must bring the log-loss and ECE on fresh rows down.
        var ml = new MLContext(seed: 6);
        IDataView train = Overlapping(ml, 3000, seed: 1), test = Overlapping(ml, 3000, seed: 2);
        (double LogLoss, double Ece) Score(bool calibrate)
        {
            var model = new FocalLossTrainer(ml, new FocalLossTrainer.Options { Seed = 1, CalibrateProbabilities = calibrate }).Fit(train);
            IDataView scored = model.Transform(test);
            float[] probabilities = scored.GetColumn<float[]>("Score").SelectMany(s => s).ToArray();
            int[] labels = scored.GetColumn<uint>("Label").Select(k => (int)k - 1).ToArray();
            var metrics = CalibrationMetrics.Compute(probabilities, labels, 3);
            return (metrics.LogLoss, metrics.ExpectedCalibrationError);
        }
        var raw = Score(false);
        var calibrated = Score(true);
        Console.WriteLine($"log-loss {raw.LogLoss:F4} → {calibrated.LogLoss:F4}, ECE {raw.Ece:F4} → {calibrated.Ece:F4}");
        Assert.IsTrue(calibrated.LogLoss < raw.LogLoss - 0.02, $"log-loss {calibrated.LogLoss} vs {raw.LogLoss}");
        Assert.IsTrue(calibrated.Ece < raw.Ece / 2, $"ECE {calibrated.Ece} vs {raw.Ece}");
    }

    /// <summary>Three classes in 2-D, 80 : 15 : 5, centred one unit apart with unit noise.</summary>
    private static IDataView Overlapping(MLContext ml, int rows, int seed)
    {
        var random = new Random(seed);
        var data = Enumerable.Range(0, rows).Select(_ =>
        {
            double u = random.NextDouble();
            uint label = u < 0.8 ? 0u : u < 0.95 ? 1u : 2u;
            return new KeyedRow
            {
                Label = label, // LoadFromEnumerable takes key values 0-based
                Features = new[] { (float)(label + Draws.Gaussian(random)), (float)(0.5 * label + Draws.Gaussian(random)) },
            };
        }).ToArray();
        return ml.Data.LoadFromEnumerable(data);
    }

    private sealed class KeyedRow
    {
        [KeyType(3)]
        public uint Label { get; set; }

        [VectorType(2)]
        public float[] Features { get; set; } = Array.Empty<float>();
    }

    private static string Fixture(string file) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Models", file);
}
