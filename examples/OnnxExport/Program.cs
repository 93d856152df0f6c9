// Export a focal loss pipeline to ONNX and serve it with ONNX Runtime, without ML.NET or TorchSharp at scoring time.
// The pipeline starts at the CSV's own columns (Concatenate → MapValueToKey → FocalLoss → MapKeyToValue), so the ONNX
// graph takes the nine measurements and returns the class name and the calibrated probabilities; the feature scaling,
// the five cross-fitted networks, the calibration and the decision rule are all inside it.
// With --stack the trainer is stacked with one-versus-all FastTree (StackingPartner), the strongest setting on the
// benchmark suite: the partner's fold models go into the same graph.
// Run: dotnet run --project examples/OnnxExport [-- [--stack] [model.onnx]]
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss;
using Microsoft.ML.FocalLoss.Training;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

bool stack = args.Contains("--stack");
string onnxPath = Path.GetFullPath(args.FirstOrDefault(a => a != "--stack") ?? "glass.onnx");
// Checked before training, so a bad path costs nothing.
if (!Directory.Exists(Path.GetDirectoryName(onnxPath)))
{
    Console.Error.WriteLine($"The folder of {onnxPath} does not exist.");
    return 1;
}

var ml = new MLContext(seed: 1);
IDataView glass = ml.Data.LoadFromTextFile<GlassRow>(Path.Combine(AppContext.BaseDirectory, "data", "Glass.csv"), separatorChar: ',', hasHeader: true, allowQuoting: true);
string[] measurements = { "RI", "Na", "Mg", "Al", "Si", "K", "Ca", "Ba", "Fe" };
var pipeline = ml.Transforms.Concatenate("Features", measurements)
    .Append(ml.Transforms.Conversion.MapValueToKey("Label", "Type"))
    .Append(ml.MulticlassClassification.Trainers.FocalLoss(new FocalLossTrainer.Options
    {
        StackingPartner = stack ? ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastTree()) : null,
    }))
    .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedType", "PredictedLabel"));
ITransformer model = pipeline.Fit(glass);

// ConvertToOnnx (Microsoft.ML.OnnxConverter) walks the pipeline; each step writes its part of the graph. The file is
// written under a temporary name and renamed, so an interrupted run never leaves half a model at onnxPath.
string temporary = onnxPath + ".tmp";
using (FileStream file = File.Create(temporary))
    ml.Model.ConvertToOnnx(model, glass, file);
File.Move(temporary, onnxPath, overwrite: true);
Console.WriteLine($"Wrote {onnxPath} ({new FileInfo(onnxPath).Length / 1024} KB)" + (stack ? ", the networks stacked with one-versus-all FastTree." : "."));

// Score one row both ways: ML.NET's PredictionEngine, and ONNX Runtime fed with the same nine values.
var engine = ml.Model.CreatePredictionEngine<GlassRow, GlassPrediction>(model);
GlassRow row = ml.Data.CreateEnumerable<GlassRow>(glass, reuseRowObject: false).Skip(150).First();
GlassPrediction expected = engine.Predict(row);

using var session = new InferenceSession(onnxPath);
Console.WriteLine("ONNX inputs:  " + string.Join(", ", session.InputMetadata.Select(i => $"{i.Key} [{string.Join(",", i.Value.Dimensions)}]")));
Console.WriteLine("ONNX outputs: " + string.Join(", ", session.OutputMetadata.Keys));
var inputs = new List<NamedOnnxValue>();
float[] values = { row.RI, row.Na, row.Mg, row.Al, row.Si, row.K, row.Ca, row.Ba, row.Fe };
for (int i = 0; i < measurements.Length; i++)
    inputs.Add(NamedOnnxValue.CreateFromTensor(measurements[i], new DenseTensor<float>(new[] { values[i] }, new[] { 1, 1 })));
// Every input of the graph must be fed; the label is not used for scoring.
inputs.Add(NamedOnnxValue.CreateFromTensor("Type", new DenseTensor<string>(new[] { "" }, new[] { 1, 1 })));
using (var results = session.Run(inputs))
{
    string predicted = results.Single(r => r.Name == "PredictedType.output").AsTensor<string>().Single();
    float[] probabilities = results.Single(r => r.Name == "Score.output").AsTensor<float>().ToArray();
    Console.WriteLine($"Row 150 (type {row.Type}): ML.NET predicts {expected.PredictedType}, ONNX Runtime {predicted}.");
    Console.WriteLine($"  ML.NET       P = {string.Join(" ", expected.Score.Select(p => p.ToString("0.0000")))}");
    Console.WriteLine($"  ONNX Runtime P = {string.Join(" ", probabilities.Select(p => p.ToString("0.0000")))}");
}

// The whole table: the largest probability difference and how many predictions differ.
IDataView scored = model.Transform(glass);
float[][] mlnetScores = scored.GetColumn<float[]>("Score").ToArray();
string[] mlnetTypes = scored.GetColumn<string>("PredictedType").ToArray();
GlassRow[] rows = ml.Data.CreateEnumerable<GlassRow>(glass, reuseRowObject: false).ToArray();
var batch = new List<NamedOnnxValue>();
for (int i = 0; i < measurements.Length; i++)
{
    int column = i;
    float[] columnValues = rows.Select(r => new[] { r.RI, r.Na, r.Mg, r.Al, r.Si, r.K, r.Ca, r.Ba, r.Fe }[column]).ToArray();
    batch.Add(NamedOnnxValue.CreateFromTensor(measurements[i], new DenseTensor<float>(columnValues, new[] { rows.Length, 1 })));
}
batch.Add(NamedOnnxValue.CreateFromTensor("Type", new DenseTensor<string>(rows.Select(r => r.Type).ToArray(), new[] { rows.Length, 1 })));
using (var results = session.Run(batch))
{
    float[] onnxScores = results.Single(r => r.Name == "Score.output").AsTensor<float>().ToArray();
    string[] onnxTypes = results.Single(r => r.Name == "PredictedType.output").AsTensor<string>().ToArray();
    int classes = mlnetScores[0].Length;
    double largest = mlnetScores.SelectMany((s, r) => s.Select((p, c) => Math.Abs(p - onnxScores[r * classes + c]))).Max();
    int differ = mlnetTypes.Zip(onnxTypes).Count(p => p.First != p.Second);
    Console.WriteLine($"All {rows.Length} rows: largest probability difference {largest:G3}; predictions that differ: {differ}.");
}
return 0;

/// <summary>One row of Glass.csv, column by column as the file has them.</summary>
internal sealed class GlassRow
{
    [LoadColumn(0)] public float RI { get; set; }
    [LoadColumn(1)] public float Na { get; set; }
    [LoadColumn(2)] public float Mg { get; set; }
    [LoadColumn(3)] public float Al { get; set; }
    [LoadColumn(4)] public float Si { get; set; }
    [LoadColumn(5)] public float K { get; set; }
    [LoadColumn(6)] public float Ca { get; set; }
    [LoadColumn(7)] public float Ba { get; set; }
    [LoadColumn(8)] public float Fe { get; set; }
    [LoadColumn(9)] public string Type { get; set; } = "";
}

/// <summary>What the pipeline adds: the class name and the calibrated probabilities (in key order).</summary>
internal sealed class GlassPrediction
{
    public string PredictedType { get; set; } = "";

    public float[] Score { get; set; } = Array.Empty<float>();
}
