using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss.Tests.Model;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static Microsoft.ML.FocalLoss.Tests.Cli.CliRun;

namespace Microsoft.ML.FocalLoss.Tests.Cli;

/// <summary>
/// A model `focalml train --out` saves converts with ML.NET's <c>ConvertToOnnx</c>, and ONNX Runtime gives the
/// probabilities and class names ML.NET gives: the imputation, the one-hot encoding, the network and the step that
/// names the predicted class.
/// </summary>
[TestClass]
public sealed class CliOnnxExportTests
{
    /// <summary>A colour (3 categories), a size with empty cells, and a label of two or three classes.</summary>
    private static string Table(string path, bool binary)
    {
        var random = new Random(4);
        var text = new StringBuilder("colour,size,label\n");
        for (int i = 0; i < 300; i++)
        {
            string colour = new[] { "red", "green", "blue" }[random.Next(3)];
            double size = random.NextDouble() * 10;
            string label = binary ? (colour == "red" && size > 4 ? "alarm" : "quiet") : (colour == "red" ? "a" : size > 5 ? "b" : "c");
            string cell = random.NextDouble() < 0.1 ? "" : size.ToString("F3", CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"{colour},{cell},{label}\n");
        }
        File.WriteAllText(path, text.ToString());
        return path;
    }

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void ASavedModelScoresTheSameInOnnxRuntime(bool binary)
    {
        using var temp = new TempFolder("focalml-onnx");
        string data = Table(Path.Combine(temp.Path, "table.csv"), binary), model = Path.Combine(temp.Path, "m.zip");
        Succeeds("train", "--data", data, "--label", "label", "--epochs", "10", "--out", model);

        var ml = new MLContext(seed: 1);
        ITransformer loaded = ml.Model.Load(model, out DataViewSchema schema);
        IDataView rows = ml.Data.LoadFromTextFile(data, new[]
        {
            new TextLoader.Column("colour", DataKind.String, 0),
            new TextLoader.Column("size", DataKind.Single, 1),
            new TextLoader.Column("label", DataKind.String, 2),
        }, separatorChar: ',', hasHeader: true);
        CollectionAssert.AreEqual(new[] { "colour", "size", "label" }, schema.Select(c => c.Name).ToArray());

        // Before 2026-11-30 ONNX Runtime refused a binary model's graph as cyclic: the class names were mapped onto
        // PredictedLabel in place, and ML.NET's converter wrote that mapping's output under its input's name.
        Dictionary<string, Array> onnx = OnnxScoring.Run(OnnxScoring.Convert(ml, loaded, rows), rows);
        IDataView scored = loaded.Transform(rows);
        float[] expected = binary ? scored.GetColumn<float>("Probability").ToArray() : scored.GetColumn<float[]>("Score").SelectMany(s => s).ToArray();
        var actual = (float[])onnx[binary ? "Probability.output" : "Score.output"];
        Assert.AreEqual(expected.Length, actual.Length);
        Assert.IsLessThan(1e-5, expected.Zip(actual, (a, b) => Math.Abs(a - b)).Max());
        CollectionAssert.AreEqual(scored.GetColumn<string>("PredictedLabel").ToArray(), (string[])onnx["PredictedLabel.output"], "the class names");
    }
}
