using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss.Tests.Training;
using Microsoft.ML.FocalLoss.Training;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.FocalLoss.Tests.Model;

/// <summary>
/// Both trainers convert with <c>mlContext.Model.ConvertToOnnx</c>, and ONNX Runtime gives the scores ML.NET gives, on
/// shipped data plus rows with extreme feature values: scaling, the soft clip, every activation, the ensemble,
/// calibration and the decision rule.
/// </summary>
[TestClass]
public sealed class OnnxExportTests
{
    /// <summary>Absolute on probabilities; on the binary Score (a logit) relative to max(1, |score|).</summary>
    private const double Tolerance = 1e-5;

    private const int GlassFeatures = 9;
    private const int BreastCancerFeatures = 30;

    [TestMethod]
    [DataRow(HiddenActivation.ReLU, FeatureScalingMode.Robust, null)]
    [DataRow(HiddenActivation.Tanh, FeatureScalingMode.Robust, null)]
    [DataRow(HiddenActivation.SiLU, FeatureScalingMode.Robust, null)]
    [DataRow(HiddenActivation.ReLU, FeatureScalingMode.Standard, 1)]
    public void MulticlassPipelineScoresTheSameInOnnxRuntime(HiddenActivation activation, FeatureScalingMode scaling, int? folds)
    {
        var ml = new MLContext(seed: 5);
        IDataView glass = GlassRows(ml, ShippedData.Glass(ml), extreme: false);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", "Type")
            .Append(new FocalLossTrainer(ml, new FocalLossTrainer.Options
            {
                NumberOfEpochs = 25, Activation = activation, FeatureScaling = scaling, NumberOfFolds = folds,
                HiddenLayerSizes = new[] { 32, 16 },
            }));
        var model = pipeline.Fit(glass);
        var trained = model.LastTransformer.Model;
        Assert.AreEqual(folds ?? 5, trained.NumberOfNetworks);
        Assert.IsTrue(trained.DecisionOffsets.Any(o => o != 0) || trained.Temperature != 1, "the test needs a rule or calibration to export");

        IDataView rows = GlassRows(ml, ShippedData.Glass(ml), extreme: true);
        IDataView scored = model.Transform(rows);
        float[] expectedScores = scored.GetColumn<float[]>("Score").SelectMany(s => s).ToArray();
        uint[] expectedLabels = scored.GetColumn<uint>("PredictedLabel").ToArray();

        Dictionary<string, Array> onnx = OnnxScoring.Run(OnnxScoring.Convert(ml, model, glass), rows);
        var scores = (float[])onnx["Score.output"];
        var labels = (uint[])onnx["PredictedLabel.output"];
        Assert.HasCount(expectedScores.Length, scores);
        double worst = expectedScores.Zip(scores).Max(p => Difference(p.First, p.Second));
        Console.WriteLine($"{activation}, {scaling}, {trained.NumberOfNetworks} networks: largest Score difference {worst:G3}");
        Assert.IsTrue(worst <= Tolerance, $"largest Score difference {worst:G3}");
        CollectionAssert.AreEqual(expectedLabels, labels, "PredictedLabel follows the decision rule in ONNX too");
    }

    [TestMethod]
    [DataRow(HiddenActivation.ReLU, FeatureScalingMode.Robust, null)]
    [DataRow(HiddenActivation.Tanh, FeatureScalingMode.Robust, null)]
    [DataRow(HiddenActivation.SiLU, FeatureScalingMode.Robust, null)]
    [DataRow(HiddenActivation.SiLU, FeatureScalingMode.Standard, 1)]
    public void BinaryModelScoresTheSameInOnnxRuntime(HiddenActivation activation, FeatureScalingMode scaling, int? folds)
    {
        var ml = new MLContext(seed: 6);
        IDataView cancer = BreastCancerRows(ml, extreme: false);
        var model = new BinaryFocalLossTrainer(ml, new BinaryFocalLossTrainer.Options
        {
            NumberOfEpochs = 25, Activation = activation, FeatureScaling = scaling, NumberOfFolds = folds,
            HiddenLayerSizes = new[] { 32, 16 },
        }).Fit(cancer);
        Assert.AreEqual(folds ?? 5, model.Model.NumberOfNetworks);

        IDataView rows = BreastCancerRows(ml, extreme: true);
        IDataView scored = model.Transform(rows);
        float[] expectedScores = scored.GetColumn<float>("Score").ToArray();
        float[] expectedProbabilities = scored.GetColumn<float>("Probability").ToArray();
        bool[] expectedLabels = scored.GetColumn<bool>("PredictedLabel").ToArray();

        Dictionary<string, Array> onnx = OnnxScoring.Run(OnnxScoring.Convert(ml, model, cancer), rows);
        var scores = (float[])onnx["Score.output"];
        var probabilities = (float[])onnx["Probability.output"];
        var labels = (bool[])onnx["PredictedLabel.output"];
        double worstScore = expectedScores.Zip(scores).Max(p => Difference(p.First, p.Second) / Math.Max(1, Math.Abs(p.First)));
        double worstProbability = expectedProbabilities.Zip(probabilities).Max(p => Difference(p.First, p.Second));
        Console.WriteLine($"{activation}, {scaling}, {model.Model.NumberOfNetworks} networks: largest relative Score difference {worstScore:G3}, Probability {worstProbability:G3}");
        int worstRow = Enumerable.Range(0, scores.Length).MaxBy(i => Difference(expectedScores[i], scores[i]) / Math.Max(1, Math.Abs(expectedScores[i])));
        Assert.IsTrue(worstScore <= Tolerance, $"largest relative Score difference {worstScore:G3} at row {worstRow}: ML.NET {expectedScores[worstRow]}, ONNX {scores[worstRow]}, probability {expectedProbabilities[worstRow]} vs {probabilities[worstRow]}, T {model.Model.Temperature}");
        Assert.IsTrue(worstProbability <= Tolerance, $"largest Probability difference {worstProbability:G3}");
        CollectionAssert.AreEqual(expectedLabels, labels, "PredictedLabel is Score above the tuned threshold in ONNX too");
        Assert.IsTrue(model.Model.DecisionThreshold != 0, "the threshold the test checks is not the default");
    }

    [TestMethod]
    public void AModelLoadedFromAZipConvertsToTheSameOnnx()
    {
        var ml = new MLContext(seed: 7);
        IDataView cancer = BreastCancerRows(ml, extreme: false);
        ITransformer model = ml.BinaryClassification.Trainers.FocalLoss(numberOfEpochs: 10).Fit(cancer);
        using var zip = new MemoryStream();
        ml.Model.Save(model, cancer.Schema, zip);
        zip.Position = 0;
        ITransformer loaded = ml.Model.Load(zip, out _);
        float[] before = (float[])OnnxScoring.Run(OnnxScoring.Convert(ml, model, cancer), cancer)["Probability.output"];
        float[] after = (float[])OnnxScoring.Run(OnnxScoring.Convert(ml, loaded, cancer), cancer)["Probability.output"];
        CollectionAssert.AreEqual(before, after);
    }

    [TestMethod]
    public void BinaryRowWithAMissingFeatureFailsInOnnxRuntimeAsForEveryMlNetBinaryTrainer()
    {
        // Documented in the README: impute first (ReplaceMissingValues converts too). This pins the behaviour the
        // README describes, for our trainer and ML.NET's own.
        var ml = new MLContext(seed: 8);
        IDataView cancer = BreastCancerRows(ml, extreme: false);
        var missing = ml.Data.LoadFromEnumerable(new[] { new CancerRow { Features = Enumerable.Repeat(float.NaN, BreastCancerFeatures).ToArray() } },
            SchemaWithFeatures<CancerRow>(BreastCancerFeatures));
        ITransformer focal = ml.BinaryClassification.Trainers.FocalLoss(numberOfEpochs: 5).Fit(cancer);
        Assert.IsTrue(float.IsNaN(focal.Transform(missing).GetColumn<float>("Score").Single()), "ML.NET scores the row NaN");
        foreach (ITransformer model in new[] { focal, ml.BinaryClassification.Trainers.SdcaLogisticRegression().Fit(cancer) })
        {
            var error = Assert.ThrowsExactly<Microsoft.ML.OnnxRuntime.OnnxRuntimeException>(() => OnnxScoring.Run(OnnxScoring.Convert(ml, model, cancer), missing));
            StringAssert.Contains(error.Message, "Binarizer");
        }
    }

    /// <summary>|a − b|, 0 when both are NaN (a row with a missing feature scores NaN both ways), ∞ when one is.</summary>
    private static double Difference(float a, float b) =>
        float.IsNaN(a) || float.IsNaN(b) ? (float.IsNaN(a) && float.IsNaN(b) ? 0 : double.PositiveInfinity) : Math.Abs(a - b);

    /// <summary>Glass with the class as text, in memory; with <paramref name="extreme"/>, four more rows far outside the data.</summary>
    private static IDataView GlassRows(MLContext ml, IDataView glass, bool extreme)
    {
        var rows = glass.GetColumn<float[]>("Features").Zip(glass.GetColumn<string>("Type"), (f, t) => new GlassRow { Features = f, Type = t }).ToList();
        if (extreme) rows.AddRange(ExtremeFeatures(GlassFeatures, missing: true).Select(f => new GlassRow { Features = f, Type = "1" }));
        return ml.Data.LoadFromEnumerable(rows, SchemaWithFeatures<GlassRow>(GlassFeatures));
    }

    /// <summary>Breast Cancer Wisconsin with a Boolean label (malignant), in memory.</summary>
    private static IDataView BreastCancerRows(MLContext ml, bool extreme)
    {
        IDataView raw = ml.Data.LoadFromTextFile(Path.Combine(ShippedData.Folder, "BreastCancerWisconsin.csv"), new[]
        {
            new TextLoader.Column("Features", DataKind.Single, 0, BreastCancerFeatures - 1),
            new TextLoader.Column("Diagnosis", DataKind.String, BreastCancerFeatures),
        }, separatorChar: ',', hasHeader: true, allowQuoting: true);
        var rows = raw.GetColumn<float[]>("Features").Zip(raw.GetColumn<string>("Diagnosis"), (f, d) => new CancerRow { Features = f, Label = d == "malignant" }).ToList();
        // No missing value here: ONNX Runtime's Binarizer, which ML.NET's binary scorer writes for every binary
        // trainer, rejects a NaN score (BinaryRowWithAMissingFeatureFailsInOnnxRuntimeAsForEveryMlNetBinaryTrainer).
        if (extreme) rows.AddRange(ExtremeFeatures(BreastCancerFeatures, missing: false).Select(f => new CancerRow { Features = f }));
        return ml.Data.LoadFromEnumerable(rows, SchemaWithFeatures<CancerRow>(BreastCancerFeatures));
    }

    private static IEnumerable<float[]> ExtremeFeatures(int count, bool missing)
    {
        foreach (float value in new[] { 1e30f, -1e30f, float.MaxValue, float.MinValue, 1e6f })
            yield return Enumerable.Repeat(value, count).ToArray();
        // A missing value: ML.NET scores NaN and leaves PredictedLabel missing (key 0).
        if (missing) yield return Enumerable.Range(0, count).Select(i => i == 2 ? float.NaN : 1f).ToArray();
        // Alternating signs: each feature on the far side of its own soft clip.
        yield return Enumerable.Range(0, count).Select(i => i % 2 == 0 ? 3e20f : -7e12f).ToArray();
    }

    private static SchemaDefinition SchemaWithFeatures<T>(int count)
    {
        SchemaDefinition schema = SchemaDefinition.Create(typeof(T));
        schema["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, count);
        return schema;
    }

    private sealed class GlassRow
    {
        public float[] Features { get; set; } = Array.Empty<float>();

        public string Type { get; set; } = "";
    }

    private sealed class CancerRow
    {
        public float[] Features { get; set; } = Array.Empty<float>();

        public bool Label { get; set; }
    }
}
