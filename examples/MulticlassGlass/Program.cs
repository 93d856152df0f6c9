// Multiclass classification on imbalanced data: UCI Glass, 6 classes from 76 rows down to 9 (8.4 : 1).
// Shows MapValueToKey → FocalLossTrainer → MapKeyToValue with the default options, what the trainer tuned (the
// calibration and the decision rule), the per-class report that ML.NET's multiclass metrics lack, and a comparison
// with FastTree and LightGbm (both with UnbalancedSets) and with focal stacked with FastTree (StackingPartner) on
// the same stratified split, then by stratified 5-fold cross-validation, which tests every row once.
// Run: dotnet run --project examples/MulticlassGlass
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss;
using Microsoft.ML.FocalLoss.Evaluation;
using Microsoft.ML.FocalLoss.Model;
using Microsoft.ML.FocalLoss.Training;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

var ml = new MLContext(seed: 1);
IDataView all = ml.Data.LoadFromTextFile<GlassRow>(Path.Combine(AppContext.BaseDirectory, "data", "Glass.csv"), separatorChar: ',', hasHeader: true, allowQuoting: true);

// A stratified 70/30 split keeps the rare classes (9 to 17 rows) on both sides; ML.NET's TrainTestSplit sends each
// row one way or the other at random.
var split = ml.Data.StratifiedTrainTestSplit(all, testFraction: 0.3, labelColumnName: "Type", seed: 1);

// The defaults need no tuning: γ = 2, balanced class weights, five cross-fitted networks that stop early on their
// held-out folds, temperature scaling on those folds, and a decision rule tuned there for macro-F1.
IEstimator<ITransformer> Pipeline(IEstimator<ITransformer> trainer) => ml.Transforms.Conversion.MapValueToKey("Label", "Type")
    .Append(trainer)
    .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedType", "PredictedLabel"));
var contenders = new List<(string Name, IEstimator<ITransformer> Pipeline)>
{
    ("focal loss", Pipeline(ml.MulticlassClassification.Trainers.FocalLoss())),
    ("FastTree", Pipeline(ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options { UnbalancedSets = true })))),
    ("LightGbm", Pipeline(ml.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options { UnbalancedSets = true }))),
    // Glass is a table where trees are strong: StackingPartner pools FastTree (its defaults, one-versus-all) with the
    // networks on their held-out folds, in one model.
    ("focal+FT", Pipeline(ml.MulticlassClassification.Trainers.FocalLoss(new FocalLossTrainer.Options
    {
        StackingPartner = ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastTree()),
    }))),
};

Console.WriteLine($"{"",-11} {"macro-F1",9} {"min recall",11} {"macro AUROC",12} {"log-loss",9} {"ECE",6}");
foreach ((string name, IEstimator<ITransformer> pipeline) in contenders)
{
    ITransformer model = pipeline.Fit(split.TrainSet);
    IDataView scored = model.Transform(split.TestSet);
    // EvaluateReport reads PredictedLabel, so it measures the tuned rule; ML.NET's Evaluate scores the argmax of Score.
    ClassificationReport report = ml.MulticlassClassification.EvaluateReport(scored);
    float[] probabilities = scored.GetColumn<float[]>("Score").SelectMany(s => s).ToArray();
    int[] labels = scored.GetColumn<uint>("Label").Select(k => (int)k - 1).ToArray();
    CalibrationMetrics calibration = CalibrationMetrics.Compute(probabilities, labels, report.Classes.Count);
    Console.WriteLine($"{name,-11} {report.MacroAverage.F1,9:F3} {report.Classes.Min(c => c.Recall),11:F3} {report.Auroc.MacroAuroc,12:F3} {calibration.LogLoss,9:F3} {calibration.ExpectedCalibrationError,6:F3}");
    if (((IEnumerable<ITransformer>)model).OfType<FocalLossPredictionTransformer>().FirstOrDefault() is { } focal)
    {
        FocalLossModelParameters parameters = focal.Model;
        Console.WriteLine($"  {parameters.NumberOfNetworks} networks; temperature {parameters.Temperature:F2}; decision offsets ({parameters.DecisionObjective}) "
            + string.Join(" ", parameters.DecisionOffsets.Select(o => o.ToString("+0.00;-0.00")))
            + (parameters.StackingWeight is float w ? $"; stacked, the networks' share w = {w:F2}" : ""));
        if (parameters.StackingWeight is null) Console.WriteLine(report.ToText());
    }
}
Console.WriteLine("65 test rows: a rare class has 3 to 5 of them, so one row moves its recall by 0.2 or more.");

// Stratified 5-fold cross-validation: each contender trains five times and is scored on the fold it did not see.
// The folds are the same for every contender, so the differences pair by fold.
var folds = ml.Data.StratifiedCrossValidationSplit(all, numberOfFolds: 5, labelColumnName: "Type", seed: 1);
double[][] macroF1 = contenders.Select(c => folds.Select(f => ml.MulticlassClassification.EvaluateReport(c.Pipeline.Fit(f.TrainSet).Transform(f.TestSet)).MacroAverage.F1).ToArray()).ToArray();
Console.WriteLine();
Console.WriteLine("5-fold stratified cross-validation, macro-F1 (mean ± sd over the folds; focal's difference per fold ± its standard error):");
for (int k = 0; k < contenders.Count; k++)
{
    double[] paired = macroF1[0].Zip(macroF1[k], (a, b) => a - b).ToArray();
    Console.WriteLine($"{contenders[k].Name,-11} {macroF1[k].Average():F3} ± {Sd(macroF1[k]):F3}"
        + (k == 0 ? "" : $"   focal − {contenders[k].Name}: {paired.Average():+0.000;-0.000} ± {Sd(paired) / Math.Sqrt(paired.Length):F3}"));
}

static double Sd(double[] x) => Math.Sqrt(x.Sum(v => (v - x.Average()) * (v - x.Average())) / (x.Length - 1));

internal sealed class GlassRow
{
    [LoadColumn(0, 8), VectorType(9)]
    public float[] Features { get; set; } = Array.Empty<float>();

    [LoadColumn(9)]
    public string Type { get; set; } = "";
}
