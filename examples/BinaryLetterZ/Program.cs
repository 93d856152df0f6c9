// Binary classification on imbalanced data: the letter Z against the 25 other letters (1 : 26) of UCI Letter
// Recognition. Shows Concatenate → FocalLoss with the default options, ML.NET's BinaryClassification.Evaluate, what
// the defaults add over a plain cross-entropy network, LightGbm for comparison, saving and loading the model, and a
// PredictionEngine.
// Run: dotnet run --project examples/BinaryLetterZ
using System;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss;
using Microsoft.ML.FocalLoss.Loss;
using Microsoft.ML.FocalLoss.Training;

var ml = new MLContext(seed: 1);
string path = Path.Combine(AppContext.BaseDirectory, "data", "LetterRecognition.csv");

// 1. Load typed rows; the label "is it a Z?" is computed once, here, so the saved model needs no label column.
IDataView csv = ml.Data.LoadFromTextFile<LetterCsv>(path, separatorChar: ',', hasHeader: true, allowQuoting: true);
var rows = ml.Data.CreateEnumerable<LetterCsv>(csv, reuseRowObject: false)
    .Select(r => new LetterRow { Label = r.Letter == "Z", Box = r.Box, Statistics = r.Statistics }).ToList();
IDataView data = ml.Data.LoadFromEnumerable(rows);
var split = ml.Data.TrainTestSplit(data, testFraction: 0.25, seed: 1);
Console.WriteLine($"Letter Z vs rest: {rows.Count(r => r.Label)} Z among {rows.Count} rows");

// 2. The pipeline users write: features are scaled inside the trainer, so no normaliser is needed. The defaults:
//    γ = 2, α from balanced class weights, five cross-fitted networks, calibrated probabilities and a threshold tuned
//    for macro-F1 on the held-out folds. The plain network trains the same way without any of the imbalance parts.
var features = ml.Transforms.Concatenate("Features", "Box", "Statistics");
var focal = features.Append(ml.BinaryClassification.Trainers.FocalLoss());
var plain = features.Append(ml.BinaryClassification.Trainers.FocalLoss(new BinaryFocalLossTrainer.Options
{
    Gamma = 0, ClassWeighting = ClassWeighting.None, DecisionObjective = DecisionObjective.Argmax, CalibrateProbabilities = false,
}));
var lightGbm = features.Append(ml.BinaryClassification.Trainers.LightGbm(new Microsoft.ML.Trainers.LightGbm.LightGbmBinaryTrainer.Options { UnbalancedSets = true }));

Console.WriteLine($"{"",-14} {"AUROC",7} {"AUPRC",7} {"pAUROC@0.01",12} {"F1",6} {"recall Z",9} {"precision Z",12} {"log-loss",9}");
ITransformer? model = null;
foreach ((string name, IEstimator<ITransformer> trainer) in new[] { ("cross-entropy", (IEstimator<ITransformer>)plain), ("LightGbm", lightGbm), ("focal", focal) })
{
    model = trainer.Fit(split.TrainSet);
    IDataView scored = model.Transform(split.TestSet);
    // ML.NET's own evaluator: the focal model's Score is a margin whose sign is its tuned decision, so F1, recall and
    // precision here are those of PredictedLabel. EvaluateRanking adds the partial AUROC at ≤ 1 % false positives.
    CalibratedBinaryClassificationMetrics m = ml.BinaryClassification.Evaluate(scored);
    double partial = ml.BinaryClassification.EvaluateRanking(scored, maxFalsePositiveRate: 0.01).PartialAreaUnderRocCurve;
    Console.WriteLine($"{name,-14} {m.AreaUnderRocCurve,7:F4} {m.AreaUnderPrecisionRecallCurve,7:F4} {partial,12:F4} {m.F1Score,6:F3} {m.PositiveRecall,9:F3} {m.PositivePrecision,12:F3} {m.LogLoss,9:F4}");
}
var parameters = ((ISingleFeaturePredictionTransformer<Microsoft.ML.FocalLoss.Model.BinaryFocalLossModelParameters>)((System.Collections.Generic.IEnumerable<ITransformer>)model!).Last()).Model;
Console.WriteLine($"focal: {parameters.NumberOfNetworks} networks, temperature {parameters.Temperature:F2}, threshold on the calibrated logit {parameters.DecisionThreshold:+0.00;-0.00} ({parameters.DecisionObjective})");

// 3. Save, load, and predict one row: the model is an ordinary ML.NET zip.
string modelPath = Path.Combine(Path.GetTempPath(), "letter-z.zip");
ml.Model.Save(model!, data.Schema, modelPath);
ITransformer loaded = ml.Model.Load(modelPath, out _);
var engine = ml.Model.CreatePredictionEngine<LetterRow, ZPrediction>(loaded);
LetterRow aZ = ml.Data.CreateEnumerable<LetterRow>(split.TestSet, reuseRowObject: false).First(r => r.Label);
ZPrediction p = engine.Predict(aZ);
Console.WriteLine($"saved to {modelPath}; a held-out Z scores probability {p.Probability:F3}, predicted Z: {p.PredictedLabel}");

internal sealed class LetterCsv
{
    [LoadColumn(0)]
    public string Letter { get; set; } = "";

    // x-box, y-box, width, high, onpix: where the letter sits and how big it is.
    [LoadColumn(1, 5), VectorType(5)]
    public float[] Box { get; set; } = Array.Empty<float>();

    // Pixel moments and edge counts.
    [LoadColumn(6, 16), VectorType(11)]
    public float[] Statistics { get; set; } = Array.Empty<float>();
}

internal sealed class LetterRow
{
    public bool Label { get; set; }

    [VectorType(5)]
    public float[] Box { get; set; } = Array.Empty<float>();

    [VectorType(11)]
    public float[] Statistics { get; set; } = Array.Empty<float>();
}

internal sealed class ZPrediction
{
    public bool PredictedLabel { get; set; }
    public float Probability { get; set; }
}
