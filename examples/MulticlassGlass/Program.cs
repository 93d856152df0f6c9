// Multiclass classification on imbalanced data: UCI Glass, 6 classes from 76 rows down to 9 (8.4 : 1).
// Shows MapValueToKey → FocalLossTrainer → MapKeyToValue, the one-vs-rest AUROC report that ML.NET's multiclass
// metrics lack, and a comparison with FastTree (one-versus-all) on the same stratified split.
// Run: dotnet run --project examples/MulticlassGlass
using System;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss;
using Microsoft.ML.FocalLoss.Training;

var ml = new MLContext(seed: 1);
IDataView all = ml.Data.LoadFromTextFile<GlassRow>(Path.Combine(AppContext.BaseDirectory, "data", "Glass.csv"), separatorChar: ',', hasHeader: true, allowQuoting: true);

// A stratified 70/30 split keeps the rare classes (9 to 17 rows) on both sides.
var random = new Random(1);
var groups = ml.Data.CreateEnumerable<GlassRow>(all, reuseRowObject: false).GroupBy(r => r.Type).Select(g => g.OrderBy(_ => random.Next()).ToArray()).ToArray();
IDataView train = ml.Data.LoadFromEnumerable(groups.SelectMany(g => g.Skip((int)Math.Round(g.Length * 0.3))));
IDataView test = ml.Data.LoadFromEnumerable(groups.SelectMany(g => g.Take((int)Math.Round(g.Length * 0.3))));

// The pipeline: text class → key → focal loss network → predicted class as text.
var focal = ml.Transforms.Conversion.MapValueToKey("Label", "Type")
    .Append(new FocalLossTrainer(ml, new FocalLossTrainer.Options
    {
        Gamma = 2,                      // down-weight the easy rows
        // ClassWeighting defaults to Balanced: α_c = n / (C · n_c), logged at the start of training
        NumberOfEpochs = 300,
        BatchSize = 32,
        HiddenLayerSizes = new[] { 32, 32 },
    }))
    .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedType", "PredictedLabel"));
var fastTree = ml.Transforms.Conversion.MapValueToKey("Label", "Type")
    .Append(ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastTree(
        new Microsoft.ML.Trainers.FastTree.FastTreeBinaryTrainer.Options { UnbalancedSets = true })))
    .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedType", "PredictedLabel"));

foreach ((string name, IEstimator<ITransformer> pipeline) in new[] { ("focal loss", (IEstimator<ITransformer>)focal), ("FastTree", fastTree) })
{
    IDataView scored = pipeline.Fit(train).Transform(test);
    MulticlassClassificationMetrics metrics = ml.MulticlassClassification.Evaluate(scored);   // ML.NET: accuracy, log-loss
    var report = ml.MulticlassClassification.EvaluateReport(scored);                          // ours: per-class AUROC, AUPRC, recall
    Console.WriteLine($"{name}: micro accuracy {metrics.MicroAccuracy:F3}, macro accuracy {metrics.MacroAccuracy:F3}, " +
        $"macro AUROC {report.Auroc.MacroAuroc:F3}, one-vs-one AUROC {report.Auroc.OneVsOneMacroAuroc:F3}");
    Console.WriteLine(report.ToText());
}

internal sealed class GlassRow
{
    [LoadColumn(0, 8), VectorType(9)]
    public float[] Features { get; set; } = Array.Empty<float>();

    [LoadColumn(9)]
    public string Type { get; set; } = "";
}
