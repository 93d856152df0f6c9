using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss.Loss;
using Microsoft.ML.FocalLoss.Training;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.FocalLoss.Tests.Training;

/// <summary>
/// <see cref="ClassWeighting.LogitAdjusted"/> against what the logit-adjusted loss provably learns (Menon et al.
/// 2021): on features that carry no information, cross-entropy on f + log π is minimised where
/// softmax(f + log π) = π, so the network's own scores f are equal for every class. Class weighting would instead
/// leave them at the prior, and weighting plus shifting would invert it; the prior correction of calibration then
/// brings the probabilities back to the class shares.
/// </summary>
[TestClass]
public sealed class LogitAdjustmentTests
{
    private static readonly int[] Counts = { 600, 200, 50 };

    private sealed class Row
    {
        [VectorType(2)]
        public float[] Features { get; set; } = Array.Empty<float>();

        public string Class { get; set; } = "";

        public bool Positive { get; set; }
    }

    [TestMethod]
    public void ReportsTheBalancedWeightsItShiftsBy()
    {
        long[] counts = Counts.Select(c => (long)c).ToArray();
        CollectionAssert.AreEqual(ClassWeights.Balanced(counts), ClassWeights.Compute(ClassWeighting.LogitAdjusted, counts));
    }

    [TestMethod]
    public void MulticlassScoresAreBalancedBeforeCalibrationAndTheClassSharesAfter()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = NoiseRows(ml, Counts);
        double[] shares = Counts.Select(c => c / (double)Counts.Sum()).ToArray();

        double[] MeanScore(ClassWeighting weighting, bool calibrate) => Mean(ml.MulticlassClassification.Trainers.FocalLoss(new FocalLossTrainer.Options
        {
            ClassWeighting = weighting, Gamma = 0, HiddenLayerSizes = Array.Empty<int>(), NumberOfEpochs = 400, Seed = 3,
            CalibrateProbabilities = calibrate, DecisionObjective = DecisionObjective.Argmax,
            NumberOfFolds = calibrate ? null : 1, ValidationFraction = calibrate ? 0.2 : 0,
        }).Fit(data).Transform(data));

        double[] adjusted = MeanScore(ClassWeighting.LogitAdjusted, calibrate: false);
        double[] plain = MeanScore(ClassWeighting.None, calibrate: false);
        double[] calibrated = MeanScore(ClassWeighting.LogitAdjusted, calibrate: true);
        Console.WriteLine($"mean Score: logit-adjusted {Text(adjusted)}, plain {Text(plain)}, logit-adjusted and calibrated {Text(calibrated)}; shares {Text(shares)}");
        for (int c = 0; c < Counts.Length; c++)
        {
            Assert.AreEqual(1.0 / Counts.Length, adjusted[c], 0.03, $"class {c}: the adjusted loss learns equal scores");
            Assert.AreEqual(shares[c], plain[c], 0.03, $"class {c}: the plain loss learns the class share");
            Assert.AreEqual(shares[c], calibrated[c], 0.03, $"class {c}: calibration's prior correction restores the class share");
        }
    }

    [TestMethod]
    public void BinaryProbabilityIsEvenBeforeCalibrationAndThePositiveShareAfter()
    {
        var ml = new MLContext(seed: 1);
        int[] counts = { 900, 100 };
        IDataView data = NoiseRows(ml, counts);

        double MeanProbability(bool calibrate) => ml.Data.CreateEnumerable<BinaryScore>(ml.BinaryClassification.Trainers.FocalLoss(new BinaryFocalLossTrainer.Options
        {
            LabelColumnName = nameof(Row.Positive), ClassWeighting = ClassWeighting.LogitAdjusted, Gamma = 0, HiddenLayerSizes = Array.Empty<int>(),
            NumberOfEpochs = 400, Seed = 3, CalibrateProbabilities = calibrate, DecisionObjective = DecisionObjective.Argmax,
            NumberOfFolds = calibrate ? null : 1, ValidationFraction = calibrate ? 0.2 : 0,
        }).Fit(data).Transform(data), reuseRowObject: false).Average(s => (double)s.Probability);

        double even = MeanProbability(calibrate: false), calibrated = MeanProbability(calibrate: true);
        Console.WriteLine($"mean Probability: logit-adjusted {even:F3}, calibrated {calibrated:F3}; positive share 0.100");
        Assert.AreEqual(0.5, even, 0.02, "the adjusted loss learns an even logit");
        Assert.AreEqual(0.1, calibrated, 0.02, "calibration restores the positive share");
    }

    private sealed class BinaryScore
    {
        public float Probability { get; set; }
    }

    /// <summary>Rows whose two features are noise: class c has counts[c] rows, in a shuffled order.</summary>
    private static IDataView NoiseRows(MLContext ml, int[] counts)
    {
        var random = new Random(7);
        var rows = new List<Row>();
        for (int c = 0; c < counts.Length; c++)
            for (int i = 0; i < counts[c]; i++)
                rows.Add(new Row { Features = new[] { (float)random.NextDouble(), (float)random.NextDouble() }, Class = ((char)('a' + c)).ToString(), Positive = c == 1 });
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(rows));
        IDataView data = ml.Data.LoadFromEnumerable(rows);
        // Keys in the order of the class names, so key c is class c.
        return ml.Transforms.Conversion.MapValueToKey("Label", nameof(Row.Class), keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Fit(data).Transform(data);
    }

    private static double[] Mean(IDataView scored)
    {
        float[][] scores = scored.GetColumn<float[]>("Score").ToArray();
        return Enumerable.Range(0, scores[0].Length).Select(c => scores.Average(s => (double)s[c])).ToArray();
    }

    private static string Text(double[] values) => "[" + string.Join(", ", values.Select(v => v.ToString("F3", System.Globalization.CultureInfo.InvariantCulture))) + "]";
}
