using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss.Loss;
using Microsoft.ML.FocalLoss.Training;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.FocalLoss.Tests.Training;

/// <summary>Every bad input gets an exception that names the column or option and what was expected.</summary>
[TestClass]
public sealed class BadInputTests
{
    private sealed class Row
    {
        public string Type { get; set; } = "";

        [VectorType(3)]
        public float[] Features { get; set; } = Array.Empty<float>();

        public float Weight { get; set; } = 1;
    }

    private static IEnumerable<Row> Rows(int n, params string[] classes) =>
        Enumerable.Range(0, n).Select(i => new Row { Type = classes[i % classes.Length], Features = new[] { i * 0.1f, (i % 3) * 1f, classes.Length > 0 ? Array.IndexOf(classes, classes[i % classes.Length]) : 0 } });

    private static IDataView Keyed(MLContext ml, IEnumerable<Row> rows)
    {
        IDataView raw = ml.Data.LoadFromEnumerable(rows.ToList());
        return ml.Transforms.Conversion.MapValueToKey("Label", "Type").Fit(raw).Transform(raw);
    }

    private static Exception FitFails(MLContext ml, IDataView data, FocalLossTrainer.Options? options = null) =>
        Assert.Throws<Exception>(() => new FocalLossTrainer(ml, options ?? new FocalLossTrainer.Options { NumberOfEpochs = 2 }).Fit(data));

    [TestMethod]
    public void MissingColumnsAreNamed()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = Keyed(ml, Rows(20, "a", "b"));
        StringAssert.Contains(FitFails(ml, data, new FocalLossTrainer.Options { FeatureColumnName = "Pixels" }).Message, "Pixels");
        StringAssert.Contains(FitFails(ml, data, new FocalLossTrainer.Options { LabelColumnName = "Class" }).Message, "Class");
        StringAssert.Contains(FitFails(ml, data, new FocalLossTrainer.Options { ExampleWeightColumnName = "Importance" }).Message, "Importance");
    }

    [TestMethod]
    public void ALabelThatIsNeitherKeyNorBooleanIsRejected()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(Rows(20, "a", "b").ToList()); // Type is text, not a key
        var e = FitFails(ml, data, new FocalLossTrainer.Options { LabelColumnName = "Type" });
        StringAssert.Contains(e.Message, "Type");
        StringAssert.Contains(e.Message, "Key");
        var binary = Assert.Throws<Exception>(() => ml.BinaryClassification.Trainers.FocalLoss(labelColumnName: "Type").Fit(data));
        StringAssert.Contains(binary.Message, "Boolean");
    }

    [TestMethod]
    public void FeaturesMustBeAKnownSizeSingleVector()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = Keyed(ml, Rows(20, "a", "b"));
        StringAssert.Contains(FitFails(ml, data, new FocalLossTrainer.Options { FeatureColumnName = "Weight" }).Message, "Weight");
        IDataView text = ml.Transforms.Text.TokenizeIntoWords("Words", "Type").Fit(data).Transform(data);
        StringAssert.Contains(FitFails(ml, text, new FocalLossTrainer.Options { FeatureColumnName = "Words" }).Message, "Words");
    }

    [TestMethod]
    public void ZeroRowsASingleClassAndAllInvalidRowsFailClearly()
    {
        var ml = new MLContext(seed: 1);
        IDataView empty = ml.Data.FilterRowsByColumn(Keyed(ml, Rows(20, "a", "b")), "Weight", lowerBound: 5);
        StringAssert.Contains(FitFails(ml, empty).Message, "no rows");
        StringAssert.Contains(FitFails(ml, Keyed(ml, Rows(20, "only"))).Message, "single class");

        var nan = Rows(10, "a", "b").Select(r => { r.Features[1] = float.NaN; return r; });
        var e = FitFails(ml, Keyed(ml, nan));
        StringAssert.Contains(e.Message, "invalid");
        StringAssert.Contains(e.Message, "Features");
    }

    [TestMethod]
    public void NonFiniteFeatureRowsAreSkippedAndCounted()
    {
        var ml = new MLContext(seed: 1);
        var log = new List<string>();
        ml.Log += (_, e) => { lock (log) log.Add(e.RawMessage); };
        var rows = Rows(40, "a", "b").ToList();
        rows[3].Features[0] = float.NaN;
        rows[7].Features[2] = float.PositiveInfinity;
        rows[9].Weight = -1;
        new FocalLossTrainer(ml, new FocalLossTrainer.Options { NumberOfEpochs = 2, ExampleWeightColumnName = "Weight" }).Fit(Keyed(ml, rows));
        Assert.IsTrue(log.Any(m => m.Contains("Skipped 3 of the 40 rows: 2 with a NaN or infinite feature, 0 with a missing label, 1 with a NaN, infinite or negative weight", StringComparison.Ordinal)),
            string.Join("\n", log.Where(m => m.Contains("Skipped", StringComparison.Ordinal))));
    }

    [TestMethod]
    public void MissingLabelsAreSkippedAndCounted()
    {
        var ml = new MLContext(seed: 1);
        var log = new List<string>();
        ml.Log += (_, e) => { lock (log) log.Add(e.RawMessage); };
        IDataView train = ml.Data.LoadFromEnumerable(Rows(30, "a", "b").ToList());
        var keys = ml.Data.LoadFromEnumerable(new[] { new { Type = "a" }, new { Type = "b" } });
        // "c" is not among the key values: MapValueToKey makes it a missing key.
        var withUnknown = Rows(30, "a", "b").Concat(new[] { new Row { Type = "c", Features = new[] { 1f, 2, 3 } } }).ToList();
        IDataView data = ml.Transforms.Conversion.MapValueToKey("Label", "Type", keyData: keys).Fit(train).Transform(ml.Data.LoadFromEnumerable(withUnknown));
        new FocalLossTrainer(ml, new FocalLossTrainer.Options { NumberOfEpochs = 2 }).Fit(data);
        Assert.IsTrue(log.Any(m => m.Contains("1 with a missing label", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void InvalidOptionsNameTheOption()
    {
        var ml = new MLContext(seed: 1);
        void Rejects(string option, Action<FocalLossTrainer.Options> set)
        {
            var options = new FocalLossTrainer.Options();
            set(options);
            var e = Assert.Throws<ArgumentException>(() => new FocalLossTrainer(ml, options));
            StringAssert.Contains(e.Message, option);
        }
        Rejects("Gamma", o => o.Gamma = -0.5);
        Rejects("BatchSize", o => o.BatchSize = 0);
        Rejects("NumberOfEpochs", o => o.NumberOfEpochs = -1);
        Rejects("LearningRate", o => o.LearningRate = 0);
        Rejects("LearningRate", o => o.LearningRate = double.NaN);
        Rejects("Dropout", o => o.Dropout = 1);
        Rejects("BackgroundAlpha", o => o.BackgroundAlpha = 1.5);
        Rejects("ClassWeighting", o => { o.BackgroundAlpha = 0.25; o.ClassWeighting = ClassWeighting.Balanced; });
        Rejects("Reduction", o => o.Reduction = FocalLossReduction.None);

        var wrongLength = new FocalLossTrainer.Options { Alpha = new[] { 1.0, 2.0, 3.0 }, NumberOfEpochs = 1 };
        var e = Assert.Throws<ArgumentException>(() => new FocalLossTrainer(ml, wrongLength).Fit(Keyed(ml, Rows(20, "a", "b"))));
        StringAssert.Contains(e.Message, "Alpha");
        StringAssert.Contains(e.Message, "2 key values");
    }

    [TestMethod]
    public void ALossThatDivergesStopsWithAdviceAndNoModel()
    {
        var ml = new MLContext(seed: 1);
        var options = new FocalLossTrainer.Options { Optimizer = FocalOptimizer.Sgd, LearningRate = 1e30, LearningRateSchedule = LearningRateSchedule.Constant, NumberOfEpochs = 50 };
        var e = Assert.Throws<InvalidOperationException>(() => new FocalLossTrainer(ml, options).Fit(ShippedData.GlassWithKeyLabel(ml)));
        StringAssert.Contains(e.Message, "diverged");
        StringAssert.Contains(e.Message, "Lower the learning rate");
    }

    [TestMethod]
    public void CudaWithoutAGpuIsAClearErrorOrAnExplicitFallback()
    {
        if (TorchSharp.torch.cuda.is_available()) Assert.Inconclusive("This machine has CUDA.");
        var ml = new MLContext(seed: 1) { FallbackToCpu = false };
        IDataView data = Keyed(ml, Rows(20, "a", "b"));
        var e = Assert.Throws<ArgumentException>(() => new FocalLossTrainer(ml, new FocalLossTrainer.Options { Device = "cuda", NumberOfEpochs = 1 }).Fit(data));
        StringAssert.Contains(e.Message, "Device");
        StringAssert.Contains(e.Message, "MLContext.FallbackToCpu is false");
        // The trainer's own option overrides the context's.
        new FocalLossTrainer(ml, new FocalLossTrainer.Options { Device = "cuda", FallBackToCpu = true, NumberOfEpochs = 1 }).Fit(data);
    }

    [TestMethod]
    public void TheTrainersFollowMlContextsGpuSettingsAsMicrosoftMlTorchSharpDoes()
    {
        if (TorchSharp.torch.cuda.is_available()) Assert.Inconclusive("This machine has CUDA.");
        // GpuDeviceId set, FallbackToCpu left at ML.NET's default (false): an error that names the context's settings,
        // for both trainers.
        var ml = new MLContext(seed: 1) { GpuDeviceId = 0 };
        IDataView data = Keyed(ml, Rows(20, "a", "b"));
        var multiclass = Assert.Throws<ArgumentException>(() => ml.MulticlassClassification.Trainers.FocalLoss(numberOfEpochs: 1).Fit(data));
        StringAssert.Contains(multiclass.Message, "MLContext.GpuDeviceId asks for CUDA (cuda:0)");
        StringAssert.Contains(multiclass.Message, "MLContext.FallbackToCpu is false");
        var binaryData = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 20).Select(i => new BinaryRow { Features = new float[] { i, i % 3 }, Label = i % 2 == 0 }));
        var binary = Assert.Throws<ArgumentException>(() => ml.BinaryClassification.Trainers.FocalLoss(numberOfEpochs: 1).Fit(binaryData));
        StringAssert.Contains(binary.Message, "MLContext.GpuDeviceId");

        // With the context's fallback: train on the CPU, with a warning that names both settings.
        ml.FallbackToCpu = true;
        var warnings = new List<string>();
        ml.Log += (_, e) => { if (e.Kind == Runtime.ChannelMessageKind.Warning) lock (warnings) warnings.Add(e.Message); };
        ml.MulticlassClassification.Trainers.FocalLoss(numberOfEpochs: 1).Fit(data);
        Assert.IsTrue(warnings.Any(w => w.Contains("MLContext.GpuDeviceId asks for CUDA (cuda:0)") && w.Contains("MLContext.FallbackToCpu is true")),
            string.Join("\n", warnings));

        // The trainer's Device overrides the context: "cpu" trains without a word about CUDA.
        warnings.Clear();
        new FocalLossTrainer(ml, new FocalLossTrainer.Options { Device = "cpu", NumberOfEpochs = 1 }).Fit(data);
        Assert.IsFalse(warnings.Any(w => w.Contains("CUDA")), string.Join("\n", warnings));

        ml.GpuDeviceId = -1;
        StringAssert.Contains(Assert.Throws<ArgumentException>(() => ml.MulticlassClassification.Trainers.FocalLoss(numberOfEpochs: 1).Fit(data)).Message, "0 or more");
    }

    private sealed class BinaryRow
    {
        [VectorType(2)]
        public float[] Features { get; set; } = Array.Empty<float>();

        public bool Label { get; set; }
    }
}
