using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss.Training;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.FocalLoss.Tests.Training;

/// <summary>mlContext.Model.Save, then Load in a fresh process, gives the same scores bit for bit.</summary>
[TestClass]
public sealed class ModelSaveLoadTests
{
    private static string GlassCsv => Path.Combine(AppContext.BaseDirectory, "Data", "Glass.csv");

    [TestMethod]
    public void MulticlassModelLoadsInANewProcessWithIdenticalScores()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ShippedData.Glass(ml);
        ITransformer model = ml.Transforms.Conversion.MapValueToKey("Label", "Type")
            .Append(new FocalLossTrainer(ml, new FocalLossTrainer.Options { NumberOfEpochs = 10, HiddenLayerSizes = new[] { 16, 8 }, Activation = HiddenActivation.SiLU }))
            .Fit(data);
        using var temp = new TempFolder("focalml-model");
        string dir = temp.Path;
        string path = Path.Combine(dir, "model.zip");
        ml.Model.Save(model, data.Schema, path);
        string[] expected = model.Transform(data).GetColumn<float[]>("Score")
            .Select(v => string.Join(" ", v.Select(x => x.ToString("R", CultureInfo.InvariantCulture)))).ToArray();
        CollectionAssert.AreEqual(expected, ScoreInChildProcess(path, GlassCsv, 0, 9, "Score", dir, "Type 9"));
    }

    [TestMethod]
    public void BinaryModelLoadsInANewProcessWithIdenticalScores()
    {
        var ml = new MLContext(seed: 2);
        IDataView data = ShippedData.Pima(ml);
        ITransformer model = ml.BinaryClassification.Trainers.FocalLoss(numberOfEpochs: 5).Fit(data);
        using var temp = new TempFolder("focalml-model");
        string dir = temp.Path;
        string path = Path.Combine(dir, "model.zip");
        ml.Model.Save(model, data.Schema, path);
        string[] expected = model.Transform(data).GetColumn<float>("Probability").Select(x => x.ToString("R", CultureInfo.InvariantCulture)).ToArray();
        CollectionAssert.AreEqual(expected, ScoreInChildProcess(path, Path.Combine(AppContext.BaseDirectory, "Data", "PimaIndiansDiabetes.csv"), 0, 8, "Probability", dir));
    }

    [TestMethod]
    public void TruncatedOrCorruptModelFilesGiveAClearException()
    {
        var ml = new MLContext(seed: 3);
        IDataView data = ShippedData.Glass(ml);
        ITransformer model = ml.Transforms.Conversion.MapValueToKey("Label", "Type").Append(ml.MulticlassClassification.Trainers.FocalLoss(numberOfEpochs: 2)).Fit(data);
        using var temp = new TempFolder("focalml-model");
        string dir = temp.Path;
        string path = Path.Combine(dir, "model.zip");
        ml.Model.Save(model, data.Schema, path);
        byte[] bytes = File.ReadAllBytes(path);

        string truncated = Path.Combine(dir, "truncated.zip");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        Exception e1 = Assert.Throws<Exception>(() => ml.Model.Load(truncated, out _));
        Console.WriteLine($"truncated: {e1.GetType().Name}: {e1.Message}");
        Assert.IsFalse(string.IsNullOrWhiteSpace(e1.Message));

        string notAModel = Path.Combine(dir, "text.zip");
        File.WriteAllText(notAModel, "this is not a model");
        Exception e2 = Assert.Throws<Exception>(() => ml.Model.Load(notAModel, out _));
        Console.WriteLine($"not a model: {e2.GetType().Name}: {e2.Message}");
    }

    [TestMethod]
    public void ATruncatedNetworkInsideAValidZipThrowsADecodeErrorNotACrash()
    {
        var ml = new MLContext(seed: 4);
        IDataView data = ShippedData.Pima(ml);
        ITransformer model = ml.BinaryClassification.Trainers.FocalLoss(numberOfEpochs: 1).Fit(data);
        using var temp = new TempFolder("focalml-model");
        string dir = temp.Path;
        string path = Path.Combine(dir, "model.zip");
        ml.Model.Save(model, data.Schema, path);
        using (var zip = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Update))
        {
            // The predictor's stream is the one that names our loader; cut it in half.
            var entry = zip.Entries.Single(e => e.Name == "Model.key" && Contains(ReadAll(e), "FocalLossBinaryModel"));
            byte[] bytes = ReadAll(entry);
            string name = entry.FullName;
            entry.Delete();
            using var stream = zip.CreateEntry(name).Open();
            stream.Write(bytes, 0, bytes.Length / 2);
        }
        Exception e = Assert.Throws<Exception>(() => ml.Model.Load(path, out _));
        Console.WriteLine(e.ToString().Split('\n')[0]);
        Assert.IsTrue(e is FormatException or InvalidDataException or InvalidOperationException, e.GetType().Name);
        // ML.NET checks the stream against its header before our loader runs, and reports a decode error.
        Exception root = e;
        while (root.InnerException is not null) root = root.InnerException;
        Assert.IsInstanceOfType<FormatException>(root, root.ToString());
    }

    [TestMethod]
    public void ACraftedCountGivesADecodeErrorNamingThePartNotAHugeAllocation()
    {
        var ml = new MLContext(seed: 5);
        IDataView data = ShippedData.GlassWithKeyLabel(ml);
        ITransformer model = new FocalLossTrainer(ml, new FocalLossTrainer.Options { NumberOfEpochs = 1 }).Fit(data);
        using var temp = new TempFolder("focalml-model");
        string path = Path.Combine(temp.Path, "model.zip");
        ml.Model.Save(model, data.Schema, path);
        using (var zip = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Update))
        {
            var entry = zip.Entries.Single(e => e.Name == "Model.key" && Contains(ReadAll(e), "FocalLossMulticlassModel"));
            byte[] bytes = ReadAll(entry);
            // The feature scaling opens the payload: the feature count (9) and the clip bound (3.0f).
            byte[] scalingStart = { 9, 0, 0, 0, 0, 0, 0x40, 0x40 };
            int at = bytes.AsSpan().IndexOf(scalingStart);
            Assert.IsTrue(at > 0, "the scaling header is in the stream");
            BitConverter.GetBytes(int.MaxValue).CopyTo(bytes, at);
            string name = entry.FullName;
            entry.Delete();
            using var stream = zip.CreateEntry(name).Open();
            stream.Write(bytes);
        }
        long before = GC.GetTotalAllocatedBytes();
        Exception e = Assert.Throws<Exception>(() => ml.Model.Load(path, out _));
        Console.WriteLine(e.ToString());
        Assert.IsTrue(GC.GetTotalAllocatedBytes() - before < 100_000_000, "no allocation sized by the crafted count");
        // ML.NET wraps what a loader throws; inside is its decode error, which names the part.
        Exception? decode = e;
        while (decode is not null && decode is not FormatException) decode = decode.InnerException;
        Assert.IsNotNull(decode, e.ToString());
        StringAssert.Contains(decode.Message, "focal loss model is corrupt");
        StringAssert.Contains(decode.Message, "feature count");
    }

    private static byte[] ReadAll(System.IO.Compression.ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    // The loader signature is stored as UTF-16 text in the model header's string table.
    private static bool Contains(byte[] bytes, string text) =>
        bytes.AsSpan().IndexOf(System.Text.Encoding.Unicode.GetBytes(text)) >= 0 || bytes.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(text)) >= 0;

    /// <summary>Loads <paramref name="model"/> in a fresh process (test/Microsoft.ML.FocalLoss.ModelLoadCheck) and returns its scores as text.</summary>
    internal static string[] ScoreInChildProcess(string model, string csv, int firstFeature, int featureCount, string column, string dir, string textColumn = "")
    {
        string output = Path.Combine(dir, "scores.txt");
        (int code, string log) = ProcessRunner.Run("dotnet",
            $"\"{BuildInfo.ModelLoadCheck}\" \"{model}\" \"{csv}\" {firstFeature} {featureCount} {column} \"{output}\" {textColumn}", dir, TimeSpan.FromMinutes(2));
        Assert.AreEqual(0, code, log);
        return File.ReadAllLines(output);
    }
}
