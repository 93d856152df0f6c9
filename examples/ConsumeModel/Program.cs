// Use a model that `focalml train --out` wrote, in any ML.NET app, Model Builder style: load the zip, make a
// PredictionEngine over a class with the CSV's own columns, and get back the class as the file names it and the
// probability of each class. The zip holds the whole pipeline (imputation, one-hot encoding, the focal loss networks,
// calibration, the decision rule and the mapping back to class names), so the app does no feature work.
// Run: dotnet run --project src/focalml -- train --out glass.zip
//      dotnet run --project examples/ConsumeModel -- glass.zip
using System;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss;

if (args.Length != 1 || !File.Exists(args[0]))
{
    Console.Error.WriteLine("usage: ConsumeModel <model.zip written by `focalml train --out` on the Glass data>");
    return 1;
}

var ml = new MLContext();
// Registers the focal loss model types with ML.NET's loader (any use of the library does; this line makes it explicit).
ml.ComponentCatalog.RegisterAssembly(typeof(FocalLossCatalog).Assembly);
ITransformer model = ml.Model.Load(args[0], out DataViewSchema inputSchema);
Console.WriteLine("model input columns: " + string.Join(", ", inputSchema.Select(c => $"{c.Name} ({c.Type})")));

var engine = ml.Model.CreatePredictionEngine<GlassRow, GlassPrediction>(model);
// Data row 151 of examples/data/Glass.csv, a type 3 glass (a class of 17 in 214 rows).
var row = new GlassRow { RI = 1.51665f, Na = 13.14f, Mg = 3.45f, Al = 1.76f, Si = 72.48f, K = 0.6f, Ca = 8.38f, Ba = 0, Fe = 0.17f };
GlassPrediction prediction = engine.Predict(row);

// The class names, in Score's order, are the Score column's slot names.
VBuffer<ReadOnlyMemory<char>> classNames = default;
engine.OutputSchema["Score"].GetSlotNames(ref classNames);
Console.WriteLine($"predicted type: {prediction.PredictedLabel}");
foreach ((ReadOnlyMemory<char> name, float p) in classNames.DenseValues().Zip(prediction.Score))
    Console.WriteLine($"  P(type {name}) = {p:0.000}");
Console.WriteLine($"probabilities sum to {prediction.Score.Sum():0.000}");
return 0;

/// <summary>A row of Glass.csv, column for column; the label (Type) may stay empty when predicting.</summary>
internal sealed class GlassRow
{
    public float RI { get; set; }
    public float Na { get; set; }
    public float Mg { get; set; }
    public float Al { get; set; }
    public float Si { get; set; }
    public float K { get; set; }
    public float Ca { get; set; }
    public float Ba { get; set; }
    public float Fe { get; set; }
    public string Type { get; set; } = "";
}

/// <summary>What the pipeline adds: the class as the CSV names it, and each class's calibrated probability.</summary>
internal sealed class GlassPrediction
{
    public string PredictedLabel { get; set; } = "";

    public float[] Score { get; set; } = Array.Empty<float>();
}
