using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss.Tests.Training;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.FocalLoss.Tests.Evaluation;

/// <summary>
/// ML.NET's permutation feature importance on the focal loss models: users explain a model the way they explain any
/// ML.NET model. A feature of pure noise, appended to real data, must come out unimportant, and the real features must not.
/// Importance is measured on test rows: on its own training rows a network can fit even the noise (on Glass, permuting
/// it cost 0.085 of macro accuracy there).
/// </summary>
[TestClass]
public sealed class PermutationFeatureImportanceTests
{
    [TestMethod]
    public void BinaryModelRanksANoiseFeatureBelowTheRealOnes() =>
        AssertNoiseRanksBelowTheRealFeatures(ml => ml.BinaryClassification.Trainers.FocalLoss(numberOfEpochs: 40));

    [TestMethod]
    public void StackedBinaryModelRanksANoiseFeatureBelowTheRealOnes() =>
        // The stacked model (StackingPartner) is explained the same way: the noise moves neither the networks nor the trees.
        AssertNoiseRanksBelowTheRealFeatures(ml => new Microsoft.ML.FocalLoss.Training.BinaryFocalLossTrainer(ml, new Microsoft.ML.FocalLoss.Training.BinaryFocalLossTrainer.Options
            { NumberOfEpochs = 40, StackingPartner = ml.BinaryClassification.Trainers.FastTree(numberOfTrees: 20) }), stacked: true);

    /// <summary>
    /// Pima with a noise feature, split 70/30: the binary model <paramref name="trainer"/> fits ranks the noise below the
    /// real features by the AUROC that permuting each costs on the test rows.
    /// </summary>
    private static void AssertNoiseRanksBelowTheRealFeatures(
        Func<MLContext, IEstimator<BinaryPredictionTransformer<Microsoft.ML.FocalLoss.Model.BinaryFocalLossModelParameters>>> trainer, bool stacked = false)
    {
        var ml = new MLContext(seed: 1);
        IDataView data = WithNoise<bool>(ml, ShippedData.Pima(ml), "Label");
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.3, seed: 1);
        var model = trainer(ml).Fit(split.TrainSet);
        if (stacked) Assert.IsTrue(model.Model.StackingWeight is < 1, $"the partner counts; w = {model.Model.StackingWeight}");

        ImmutableArray<BinaryClassificationMetricsStatistics> importance =
            ml.BinaryClassification.PermutationFeatureImportance(model, split.TestSet, permutationCount: 3);

        double[] drop = importance.Select(s => -s.AreaUnderRocCurve.Mean).ToArray();
        Console.WriteLine("AUROC drop per feature: " + string.Join(" ", drop.Select(d => d.ToString("F4"))));
        Assert.AreEqual(9, drop.Length);
        Assert.IsTrue(Math.Abs(drop[8]) < 0.01, $"the noise feature moved AUROC by {drop[8]}");
        Assert.IsTrue(drop.Take(8).Max() > 0.05, $"no real feature matters: {drop.Take(8).Max()}");
    }

    [TestMethod]
    public void MulticlassModelRanksANoiseFeatureBelowTheRealOnes()
    {
        var ml = new MLContext(seed: 2);
        IDataView raw = WithNoise<ReadOnlyMemory<char>>(ml, ShippedData.Glass(ml), "Type");
        IDataView data = ml.Transforms.Conversion.MapValueToKey("Label", "Type").Fit(raw).Transform(raw);
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.3, seed: 2);
        var model = ml.MulticlassClassification.Trainers.FocalLoss(numberOfEpochs: 40).Fit(split.TrainSet);

        ImmutableArray<MulticlassClassificationMetricsStatistics> importance =
            ml.MulticlassClassification.PermutationFeatureImportance(model, split.TestSet, permutationCount: 3);

        double[] drop = importance.Select(s => -s.MacroAccuracy.Mean).ToArray();
        Console.WriteLine("Macro accuracy drop per feature: " + string.Join(" ", drop.Select(d => d.ToString("F4"))));
        Assert.AreEqual(10, drop.Length);
        Assert.IsTrue(drop.Take(9).Max() > 5 * Math.Abs(drop[9]) + 0.02, $"noise {drop[9]}, best real feature {drop.Take(9).Max()}");
    }

    /// <summary>
    /// The rows again with one more feature slot of seeded standard-normal noise; <paramref name="label"/> is copied as
    /// is (Boolean, or text mapped to a key afterwards).
    /// </summary>
    private static IDataView WithNoise<TLabel>(MLContext ml, IDataView data, string label)
    {
        var random = new Random(17);
        float[][] features = data.GetColumn<float[]>("Features").ToArray();
        TLabel[] labels = data.GetColumn<TLabel>(label).ToArray();
        int width = features[0].Length + 1;
        var rows = features.Select((f, i) => new NoisyRow<TLabel>
        {
            Features = f.Append((float)Draws.Gaussian(random)).ToArray(),
            Label = labels[i],
        }).ToArray();
        SchemaDefinition schema = SchemaDefinition.Create(typeof(NoisyRow<TLabel>));
        schema["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        schema["Label"].ColumnName = label;
        return ml.Data.LoadFromEnumerable(rows, schema);
    }

    private sealed class NoisyRow<TLabel>
    {
        public float[] Features { get; set; } = Array.Empty<float>();
        public TLabel Label { get; set; } = default!;
    }
}
