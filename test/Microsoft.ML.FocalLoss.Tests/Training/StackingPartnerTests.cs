using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss.Model;
using Microsoft.ML.FocalLoss.Training;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.FocalLoss.Tests.Training;

/// <summary>
/// <see cref="FocalLossTrainerOptionsBase.StackingPartner"/>: a tree model stacked with the networks on the folds'
/// held-out rows. The scores are the calibrated pool of the model's own parts, the weight minimises the held-out
/// log-loss, and the model saves, loads in a fresh process and refuses what it cannot do, naming the option.
/// </summary>
[TestClass]
public sealed class StackingPartnerTests
{
    private static string GlassCsv => Path.Combine(AppContext.BaseDirectory, "Data", "Glass.csv");

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public void MulticlassScoresAreTheCalibratedPoolOfTheNetworksAndThePartnersFoldModels()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ShippedData.Glass(ml);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", "Type")
            .Append(new FocalLossTrainer(ml, new FocalLossTrainer.Options { NumberOfEpochs = 40, StackingPartner = new MLContext(seed: 2).MulticlassClassification.Trainers.LightGbm() }));
        var model = pipeline.Fit(data);
        FocalLossModelParameters parameters = model.LastTransformer.Model;
        StackingPartner partner = parameters.Partner ?? throw new AssertFailedException("no partner in the model");
        Assert.HasCount(5, partner.Models);
        Assert.AreEqual(partner.Weight, parameters.StackingWeight);
        int classes = parameters.NumberOfClasses;

        // Reference: each network alone, uncalibrated (its log-softmax is its logits up to a constant per row, which
        // calibration's softmax ignores), and the partner's score (held to ML.NET's own scoring below).
        var networks = parameters.Network.Members.Select(m => new RowScorer(new NetworkEnsemble(parameters.Network.Scaling, new[] { m }), ProbabilityCalibration.Identity(classes))).ToArray();
        PartnerScorer partners = partner.CreateScorer();
        float[][] features = data.GetColumn<float[]>("Features").ToArray();
        float[][] scores = model.Transform(data).GetColumn<float[]>("Score").ToArray();
        double worst = 0;
        var p = new float[classes];
        var s = new float[classes];
        for (int i = 0; i < features.Length; i++)
        {
            var x = new VBuffer<float>(features[i].Length, features[i]);
            partners.Scores(x, s);
            var expected = new double[classes];
            foreach (RowScorer network in networks)
            {
                network.Probabilities(x, p);
                var u = new double[classes];
                for (int c = 0; c < classes; c++)
                {
                    double pooled = partner.Weight * Math.Log(p[c]) + (1 - partner.Weight) * s[c];
                    u[c] = pooled / parameters.Temperature + parameters.CalibrationBias[c];
                }
                double max = u.Max(), sum = u.Sum(v => Math.Exp(v - max));
                for (int c = 0; c < classes; c++) expected[c] += Math.Exp(u[c] - max) / sum / networks.Length;
            }
            for (int c = 0; c < classes; c++) worst = Math.Max(worst, Math.Abs(expected[c] - scores[i][c]));
        }
        Assert.IsLessThan(2e-5, worst, $"largest difference {worst}");
        Assert.IsTrue(partner.Weight is > 0 and < 1, $"on Glass the trees and the networks both count; w = {partner.Weight}");

        // A fresh process that references LightGbm, but has not touched it, loads the partner's models from the zip.
        using var temp = new TempFolder("focalml-stacked");
        string path = Path.Combine(temp.Path, "model.zip");
        ml.Model.Save(model, data.Schema, path);
        string[] text = scores.Select(v => string.Join(" ", v.Select(value => value.ToString("R", CultureInfo.InvariantCulture)))).ToArray();
        CollectionAssert.AreEqual(text, ModelSaveLoadTests.ScoreInChildProcess(path, GlassCsv, 0, 9, "Score", temp.Path, "Type 9"));
    }

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public void BinaryProbabilityIsTheMeanOfTheNetworksCalibratedPooledLogits()
    {
        var ml = new MLContext(seed: 3);
        IDataView data = ShippedData.Ionosphere(ml);
        var trainer = new BinaryFocalLossTrainer(ml, new BinaryFocalLossTrainer.Options { NumberOfEpochs = 30, StackingPartner = new MLContext(seed: 4).BinaryClassification.Trainers.FastTree() });
        var model = trainer.Fit(data);
        StackingPartner partner = model.Model.Partner ?? throw new AssertFailedException("no partner in the model");
        float[] probability = model.Transform(data).GetColumn<float>("Probability").ToArray();
        double worst = LargestDifferenceFromThePool(model.Model, data, probability);
        Assert.IsLessThan(2e-5, worst, $"largest difference {worst}");
        Assert.IsTrue(partner.Weight is > 0 and < 1, $"on Ionosphere the trees and the networks both count; w = {partner.Weight}");

        using var temp = new TempFolder("focalml-stacked");
        string path = Path.Combine(temp.Path, "model.zip");
        ml.Model.Save(model, data.Schema, path);
        CollectionAssert.AreEqual(probability.Select(v => v.ToString("R", CultureInfo.InvariantCulture)).ToArray(),
            ModelSaveLoadTests.ScoreInChildProcess(path, Path.Combine(AppContext.BaseDirectory, "Data", "Ionosphere.csv"), 0, 34, "Probability", temp.Path));

        // An app without the partner's package: the same zip, its first partner's loader and assembly renamed to ones
        // no app has (same lengths, so the header stays valid). Loading names the option and the missing assembly.
        string missing = Path.Combine(temp.Path, "missing.zip");
        File.Copy(path, missing);
        using (var zip = System.IO.Compression.ZipFile.Open(missing, System.IO.Compression.ZipArchiveMode.Update))
        {
            var entry = zip.Entries.Single(e => e.FullName.EndsWith("StackingPartner00/Predictor/Model.key", StringComparison.Ordinal));
            byte[] bytes;
            using (var stream = entry.Open())
            using (var copy = new MemoryStream())
            {
                stream.CopyTo(copy);
                bytes = copy.ToArray();
            }
            bytes = Replace(Replace(bytes, System.Text.Encoding.UTF8.GetBytes("FastTreeBinaryExec"), System.Text.Encoding.UTF8.GetBytes("FastTreeBinaryExeX")),
                System.Text.Encoding.Unicode.GetBytes("Microsoft.ML.FastTree"), System.Text.Encoding.Unicode.GetBytes("Microsoft.ML.FastTreX"));
            string name = entry.FullName;
            entry.Delete();
            using var rewritten = zip.CreateEntry(name).Open();
            rewritten.Write(bytes);
        }
        Exception error = Assert.Throws<Exception>(() => new MLContext(seed: 0).Model.Load(missing, out _));
        StringAssert.Contains(error.ToString(), "The model is stacked with a partner (StackingPartner) from Microsoft.ML.FastTreX, which this app cannot load");
    }

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public void WithOneNetworkThePartnerIsOneModelOfTheTrainingRows()
    {
        // With a ValidationSet (or NumberOfFolds = 1) one network trains, so the partner is one model too: fitted on the
        // training rows alone, as ML.NET's own FastTree fits them, and weighed on the held-out rows.
        var ml = new MLContext(seed: 8);
        IDataView data = ShippedData.Ionosphere(ml);
        var split = ml.Data.TrainTestSplit(data, 0.3, seed: 8);
        IEstimator<ITransformer> Partner() => new MLContext(seed: 9).BinaryClassification.Trainers.FastTree(numberOfTrees: 20);
        var validated = new BinaryFocalLossTrainer(ml, new BinaryFocalLossTrainer.Options { NumberOfEpochs = 30, StackingPartner = Partner() })
            .Fit(split.TrainSet, split.TestSet);
        StackingPartner partner = validated.Model.Partner ?? throw new AssertFailedException("no partner in the model");
        Assert.HasCount(1, partner.Models);
        var reference = (ITransformer)Partner().Fit(split.TrainSet);
        float[] expected = reference.Transform(data).GetColumn<float>("Probability").ToArray();
        float[][] features = data.GetColumn<float[]>("Features").ToArray();
        PartnerScorer scorer = partner.CreateScorer();
        var s = new float[1];
        for (int i = 0; i < features.Length; i++)
        {
            scorer.Scores(new VBuffer<float>(34, features[i]), s);
            Assert.AreEqual(ClampedLogit(expected[i]), s[0], 1e-4, $"row {i}");
        }
        float[] probability = validated.Transform(data).GetColumn<float>("Probability").ToArray();
        Assert.IsLessThan(2e-5, LargestDifferenceFromThePool(validated.Model, data, probability));

        // One network holding out a share of the rows: one partner model, and the same pool.
        var heldOut = new BinaryFocalLossTrainer(ml, new BinaryFocalLossTrainer.Options { NumberOfEpochs = 30, NumberOfFolds = 1, StackingPartner = Partner() })
            .Fit(split.TrainSet);
        Assert.HasCount(1, (heldOut.Model.Partner ?? throw new AssertFailedException("no partner in the model")).Models);
        Assert.HasCount(1, heldOut.Model.Network.Members);
        Assert.IsLessThan(2e-5, LargestDifferenceFromThePool(heldOut.Model, data, heldOut.Transform(data).GetColumn<float>("Probability").ToArray()));
    }

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public void APartnerThatReadsTheWeightColumnIsFittedOnTheRowsWeights()
    {
        // The trainer hands the partner its example weights under the trainer's weight column name; a partner told to
        // read that column fits as ML.NET's own FastTree fits the weighted rows.
        var ml = new MLContext(seed: 10);
        IDataView ionosphere = ShippedData.Ionosphere(ml);
        IDataView data = ml.Transforms.CustomMapping((FeatureRow input, WeightRow output) => output.Weight = 0.5f + Math.Abs(input.Features[2]), contractName: null)
            .Fit(ionosphere).Transform(ionosphere);
        var split = ml.Data.TrainTestSplit(data, 0.3, seed: 10);
        IEstimator<ITransformer> Partner() => new MLContext(seed: 11).BinaryClassification.Trainers.FastTree(exampleWeightColumnName: "Weight", numberOfTrees: 20);
        var model = new BinaryFocalLossTrainer(ml, new BinaryFocalLossTrainer.Options { NumberOfEpochs = 20, ExampleWeightColumnName = "Weight", StackingPartner = Partner() })
            .Fit(split.TrainSet, split.TestSet);
        PartnerScorer scorer = (model.Model.Partner ?? throw new AssertFailedException("no partner in the model")).CreateScorer();
        float[] weighted = ((ITransformer)Partner().Fit(split.TrainSet)).Transform(data).GetColumn<float>("Probability").ToArray();
        float[] unweighted = ((ITransformer)new MLContext(seed: 11).BinaryClassification.Trainers.FastTree(numberOfTrees: 20).Fit(split.TrainSet)).Transform(data)
            .GetColumn<float>("Probability").ToArray();
        float[][] features = data.GetColumn<float[]>("Features").ToArray();
        var s = new float[1];
        double worst = 0, fromUnweighted = 0;
        for (int i = 0; i < features.Length; i++)
        {
            scorer.Scores(new VBuffer<float>(34, features[i]), s);
            worst = Math.Max(worst, Math.Abs(ClampedLogit(weighted[i]) - s[0]));
            fromUnweighted = Math.Max(fromUnweighted, Math.Abs(ClampedLogit(unweighted[i]) - s[0]));
        }
        Assert.IsLessThan(1e-4, worst, $"largest difference from ML.NET's weighted FastTree {worst}");
        Assert.IsGreaterThan(0.01, fromUnweighted, "the weights change the partner");
    }

    /// <summary>A binary partner's score: the logit of ML.NET's probability, clamped as <see cref="PartnerScorer"/> clamps it.</summary>
    private static double ClampedLogit(float probability)
    {
        double q = Math.Clamp(probability, PartnerScorer.Floor, 1 - PartnerScorer.Floor);
        return Math.Log(q / (1 - q));
    }

    private sealed class FeatureRow
    {
        [VectorType(34)]
        public float[] Features { get; set; } = Array.Empty<float>();
    }

    private sealed class WeightRow
    {
        public float Weight { get; set; }
    }

    /// <summary>
    /// The largest difference between <paramref name="probability"/> and the pool recomputed from the model's parts: each
    /// network's logit and the partner's, mixed by w, calibrated, and averaged over the networks as probabilities.
    /// </summary>
    private static double LargestDifferenceFromThePool(BinaryFocalLossModelParameters parameters, IDataView data, float[] probability)
    {
        StackingPartner partner = parameters.Partner!;
        var networks = parameters.Network.Members.Select(m => new RowScorer(new NetworkEnsemble(parameters.Network.Scaling, new[] { m }), ProbabilityCalibration.Identity(1))).ToArray();
        PartnerScorer partners = partner.CreateScorer();
        float[][] features = data.GetColumn<float[]>("Features").ToArray();
        double worst = 0;
        var partnerLogit = new float[1];
        for (int i = 0; i < features.Length; i++)
        {
            var x = new VBuffer<float>(features[i].Length, features[i]);
            partners.Scores(x, partnerLogit);
            double s = partnerLogit[0], expected = 0;
            foreach (RowScorer network in networks)
            {
                double u = (partner.Weight * network.Logit(x) + (1 - partner.Weight) * s) / parameters.Temperature + parameters.CalibrationBias[0];
                expected += 1 / (1 + Math.Exp(-u)) / networks.Length;
            }
            worst = Math.Max(worst, Math.Abs(expected - probability[i]));
        }
        return worst;
    }

    /// <summary>The bytes with the one occurrence of <paramref name="from"/> replaced by <paramref name="to"/> of the same length.</summary>
    private static byte[] Replace(byte[] bytes, byte[] from, byte[] to)
    {
        int at = bytes.AsSpan().IndexOf(from);
        Assert.IsGreaterThanOrEqualTo(0, at, "the text to replace is in the model");
        byte[] copy = (byte[])bytes.Clone();
        to.CopyTo(copy, at);
        return copy;
    }

    [TestMethod]
    public void PartnerScoresAreTheLogOfMlNetsMeanProbabilities()
    {
        var ml = new MLContext(seed: 6);
        IDataView glass = ShippedData.GlassWithKeyLabel(ml);
        var halves = ml.Data.TrainTestSplit(glass, 0.5, seed: 6);
        var trainer = ml.MulticlassClassification.Trainers.LightGbm();
        var fitted = new[] { trainer.Fit(halves.TrainSet), trainer.Fit(halves.TestSet) };
        PartnerScorer scorer = PartnerScorer.Of(fitted.Select(f => (object)f.Model), 6);
        float[][] features = glass.GetColumn<float[]>("Features").ToArray();
        float[][][] probabilities = fitted.Select(f => f.Transform(glass).GetColumn<float[]>("Score").ToArray()).ToArray();
        var s = new float[6];
        for (int i = 0; i < features.Length; i++)
        {
            scorer.Scores(new VBuffer<float>(9, features[i]), s);
            for (int c = 0; c < 6; c++)
                Assert.AreEqual(Math.Log(Math.Max((probabilities[0][i][c] + probabilities[1][i][c]) / 2, PartnerScorer.Floor)), s[c], 1e-5, $"row {i}, class {c}");
        }

        IDataView pima = ShippedData.Pima(ml);
        var binary = ml.BinaryClassification.Trainers.FastTree().Fit(pima);
        PartnerScorer logit = PartnerScorer.Of(new object[] { binary.Model }, 1);
        float[] probability = binary.Transform(pima).GetColumn<float>("Probability").ToArray();
        float[][] rows = pima.GetColumn<float[]>("Features").ToArray();
        for (int i = 0; i < rows.Length; i++)
        {
            logit.Scores(new VBuffer<float>(8, rows[i]), s);
            Assert.AreEqual(ClampedLogit(probability[i]), s[0], 1e-4, $"row {i}");
        }
    }

    [TestMethod]
    public void TheWeightMinimisesTheHeldOutLogLossThatMlNetsEvaluatorGives()
    {
        // 600 held-out rows of 3 classes: the networks' logits carry some signal; one partner carries more, another none.
        var random = new Random(7);
        int n = 600, classes = 3;
        int[] labels = Enumerable.Range(0, n).Select(i => i % 5 == 0 ? 2 : i % 2).ToArray();
        float[] Logits(double signal) => Enumerable.Range(0, n * classes)
            .Select(j => (float)((j % classes == labels[j / classes] ? signal : 0) + Draws.Gaussian(random))).ToArray();
        var networks = new HeldOutScores(Logits(1.0), labels, Enumerable.Repeat(1f, n).ToArray(), classes);
        double[] alpha = { 1, 1, 2.5 };

        float[] strong = Logits(2.0);
        var informative = StackingFit.Fit(networks, strong, alpha, calibrate: true);
        Assert.IsTrue(informative.Weight is > 0 and < 0.5f, $"the stronger partner should weigh more than the networks; w = {informative.Weight}");
        Assert.IsLessThan(informative.NetworksLogLoss - 0.05, informative.LogLoss);
        var noise = StackingFit.Fit(networks, Logits(0.0), alpha, calibrate: true);
        Assert.IsGreaterThan(0.85f, noise.Weight, $"a partner of noise should weigh little; w = {noise.Weight}");

        // The reported loss is ML.NET's multiclass log-loss of the calibrated pool, and no grid weight does better.
        var ml = new MLContext(seed: 0);
        double Evaluated(float w)
        {
            HeldOutScores pooled = StackingFit.Pool(networks, strong, w);
            ProbabilityCalibration calibration = CalibrationFit.Fit(pooled, alpha.Select(a => Math.Pow(a, w)).ToArray());
            return ml.MulticlassClassification.Evaluate(ScoredView(ml, pooled, calibration, classes)).LogLoss;
        }
        Assert.AreEqual(Evaluated(informative.Weight), informative.LogLoss, 1e-6);
        for (int k = 0; k <= StackingFit.Steps; k++)
            Assert.IsGreaterThanOrEqualTo(informative.LogLoss - 1e-9, Evaluated((float)k / StackingFit.Steps), $"w = {k}/{StackingFit.Steps}");
    }

    [TestMethod]
    public void WhatStackingCannotDoIsRefusedNamingTheOption()
    {
        var ml = new MLContext(seed: 5);
        IDataView glass = ml.Transforms.Conversion.MapValueToKey("Label", "Type").Fit(ShippedData.Glass(ml)).Transform(ShippedData.Glass(ml));
        IDataView pima = ShippedData.Pima(ml);

        // A partner that reads other columns fails before any network trains.
        var elsewhere = ml.MulticlassClassification.Trainers.LightGbm(labelColumnName: "Class");
        StringAssert.Contains(Assert.Throws<Exception>(() => Fit(ml, glass, elsewhere)).Message, "StackingPartner");
        // A binary partner without a probability, and an estimator that is not a trainer.
        StringAssert.Contains(Assert.Throws<Exception>(() => new BinaryFocalLossTrainer(ml, new BinaryFocalLossTrainer.Options
            { NumberOfEpochs = 2, StackingPartner = ml.BinaryClassification.Trainers.SdcaNonCalibrated() }).Fit(pima)).Message, "gives no probability");
        StringAssert.Contains(Assert.Throws<Exception>(() => Fit(ml, glass, ml.Transforms.NormalizeMinMax("Features"))).Message, "must be a trainer");
        // A partner for the other task says which kind the trainer needs.
        StringAssert.Contains(Assert.Throws<Exception>(() => Fit(ml, glass, ml.BinaryClassification.Trainers.FastTree(numberOfTrees: 5))).Message,
            "is a binary trainer, and this trainer is multiclass: wrap it, as mlContext.MulticlassClassification.Trainers.OneVersusAll");
        StringAssert.Contains(Assert.Throws<Exception>(() => new BinaryFocalLossTrainer(ml, new BinaryFocalLossTrainer.Options
            { NumberOfEpochs = 2, StackingPartner = ml.MulticlassClassification.Trainers.LightGbm() }).Fit(pima)).Message, "is a multiclass trainer, and this trainer is binary");
        // One-versus-all without probabilities gives raw margins, which read as probabilities would be nonsense.
        StringAssert.Contains(Assert.Throws<Exception>(() => Fit(ml, glass, ml.MulticlassClassification.Trainers.OneVersusAll(
            ml.BinaryClassification.Trainers.FastTree(numberOfTrees: 5), useProbabilities: false))).Message, "raw scores, not probabilities");
        // No held-out rows to choose the weight on, and streamed rows.
        StringAssert.Contains(Assert.Throws<Exception>(() => new FocalLossTrainer(ml, new FocalLossTrainer.Options
            { NumberOfEpochs = 2, NumberOfFolds = 1, ValidationFraction = 0, StackingPartner = ml.MulticlassClassification.Trainers.LightGbm() }).Fit(glass)).Message, "needs held-out rows");
        StringAssert.Contains(Assert.Throws<Exception>(() => new FocalLossTrainer(ml, new FocalLossTrainer.Options
            { NumberOfEpochs = 2, NumberOfFolds = 1, TrainingDataMode = TrainingDataMode.Streaming, StackingPartner = ml.MulticlassClassification.Trainers.LightGbm() }).Fit(glass)).Message, "in memory");

    }

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public void StackedModelsExportToOnnxWithTheScoresMlNetGives()
    {
        var ml = new MLContext(seed: 8);
        IDataView glass = ShippedData.GlassWithKeyLabel(ml);
        // LightGbm's multiclass model goes through ML.NET's converter; one-versus-all FastTree's Platt probabilities are
        // computed from its sub-models' raw scores (ML.NET's converter writes them as ONNX's Sigmoid, which ONNX Runtime
        // approximates to an absolute error: 3.2e-3 in the pooled scores on Glass before, 1.8e-7 now).
        foreach (IEstimator<ITransformer> partner in new IEstimator<ITransformer>[]
                 {
                     ml.MulticlassClassification.Trainers.LightGbm(),
                     ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastTree()),
                 })
        {
            var fitted = new FocalLossTrainer(ml, new FocalLossTrainer.Options { NumberOfEpochs = 30, StackingPartner = partner }).Fit(glass);
            Assert.IsTrue(fitted.Model.StackingWeight is > 0 and < 1, $"both parts count; w = {fitted.Model.StackingWeight}");
            // Exported after a save and load, as an app that converts a model zip does: the partner's models are then
            // the ones ML.NET's loaders rebuilt.
            using var zip = new System.IO.MemoryStream();
            ml.Model.Save(fitted, glass.Schema, zip);
            zip.Position = 0;
            ITransformer model = ml.Model.Load(zip, out _);
            IDataView scored = model.Transform(glass);
            float[] expected = scored.GetColumn<float[]>("Score").SelectMany(v => v).ToArray();
            uint[] labels = scored.GetColumn<uint>("PredictedLabel").ToArray();
            var outputs = Model.OnnxScoring.Run(Model.OnnxScoring.Convert(ml, model, glass), glass);
            float[] actual = (float[])outputs["Score.output"];
            double worst = expected.Zip(actual, (x, y) => Math.Abs(x - y)).Max();
            Console.WriteLine($"{partner.GetType().Name}: largest Score difference {worst:G3}");
            Assert.IsLessThan(1e-5, worst, $"{partner.GetType().Name}: largest Score difference {worst}");
            CollectionAssert.AreEqual(labels, (uint[])outputs["PredictedLabel.output"], $"{partner.GetType().Name}: PredictedLabel");
        }

        // Binary: Probability and the decision (PredictedLabel is Score > 0). The partner's logit is taken in double, as
        // PartnerScorer takes it: in float, 1 − p lost its digits near 1 (FastTree 7.6e-5 in Probability, 1.2e-7 now).
        // In memory: the converter takes the data's columns as the graph's inputs, and the loader's CustomMapping has no ONNX form.
        IDataView loaded = ShippedData.Ionosphere(ml);
        var schema = SchemaDefinition.Create(typeof(IonosphereRow));
        schema[nameof(IonosphereRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 34);
        IDataView ionosphere = ml.Data.LoadFromEnumerable(loaded.GetColumn<float[]>("Features").Zip(loaded.GetColumn<bool>("Label"),
            (f, l) => new IonosphereRow { Features = f, Label = l }).ToArray(), schema);
        foreach (IEstimator<ITransformer> partner in new IEstimator<ITransformer>[] { ml.BinaryClassification.Trainers.FastTree(), ml.BinaryClassification.Trainers.LightGbm() })
        {
            var binary = new BinaryFocalLossTrainer(ml, new BinaryFocalLossTrainer.Options { NumberOfEpochs = 30, StackingPartner = partner }).Fit(ionosphere);
            Assert.IsTrue(binary.Model.StackingWeight is > 0 and < 1, $"both parts count; w = {binary.Model.StackingWeight}");
            IDataView binaryScored = binary.Transform(ionosphere);
            float[] probability = binaryScored.GetColumn<float>("Probability").ToArray();
            var binaryOutputs = Model.OnnxScoring.Run(Model.OnnxScoring.Convert(ml, binary, ionosphere), ionosphere);
            double binaryWorst = probability.Zip((float[])binaryOutputs["Probability.output"], (x, y) => Math.Abs(x - y)).Max();
            Console.WriteLine($"binary {partner.GetType().Name}: largest Probability difference {binaryWorst:G3}");
            Assert.IsLessThan(1e-5, binaryWorst, $"binary {partner.GetType().Name}: largest Probability difference {binaryWorst}");
            CollectionAssert.AreEqual(binaryScored.GetColumn<bool>("PredictedLabel").ToArray(), (bool[])binaryOutputs["PredictedLabel.output"], $"binary {partner.GetType().Name}: PredictedLabel");
        }
    }

    private static ITransformer Fit(MLContext ml, IDataView data, IEstimator<ITransformer> partner) =>
        new FocalLossTrainer(ml, new FocalLossTrainer.Options { NumberOfEpochs = 2, StackingPartner = partner }).Fit(data);

    /// <summary>The pooled rows as ML.NET's multiclass evaluator reads them: a key label, the probabilities, the argmax.</summary>
    private static IDataView ScoredView(MLContext ml, HeldOutScores pooled, ProbabilityCalibration calibration, int classes)
    {
        var rows = Enumerable.Range(0, pooled.Count).Select(i =>
        {
            float[] u = pooled.Logits.Skip(i * classes).Take(classes).ToArray();
            calibration.Apply(u);
            Probabilities.Softmax(u);
            return new ScoredRow { Label = (uint)pooled.Labels[i], Score = u, PredictedLabel = (uint)Array.IndexOf(u, u.Max()) };
        }).ToArray();
        var schema = SchemaDefinition.Create(typeof(ScoredRow));
        schema[nameof(ScoredRow.Label)].ColumnType = new KeyDataViewType(typeof(uint), classes);
        schema[nameof(ScoredRow.PredictedLabel)].ColumnType = new KeyDataViewType(typeof(uint), classes);
        schema[nameof(ScoredRow.Score)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, classes);
        return ml.Data.LoadFromEnumerable(rows, schema);
    }

    private sealed class IonosphereRow
    {
        public float[] Features = Array.Empty<float>();
        public bool Label;
    }

    private sealed class ScoredRow
    {
        public uint Label;
        public float[] Score = Array.Empty<float>();
        public uint PredictedLabel;
    }
}
