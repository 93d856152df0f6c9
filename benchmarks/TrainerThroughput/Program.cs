// Training throughput of FocalLossTrainer against PyTorch (Debian's /usr/bin/python3 with python3-torch, when present):
// the same MLP, data, batch size, epochs and threads. Then scoring throughput of Transform against FastTree
// (one-versus-all) and LbfgsMaximumEntropy on the same data. Prints rows/s and ratios.
// Run: dotnet run -c Release --project benchmarks/TrainerThroughput [-- --rows 100000 --epochs 3 --threads 2]
using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss;
using Microsoft.ML.FocalLoss.Loss;
using Microsoft.ML.FocalLoss.Training;

int rows = BenchmarkArgs.Int(args, "--rows", 100_000), epochs = BenchmarkArgs.Int(args, "--epochs", 3), threads = BenchmarkArgs.Int(args, "--threads", 2);
const int Features = SyntheticTable.Features, Classes = SyntheticTable.Classes, Batch = 256;
int[] hidden = { 64, 64 };
const double LearningRate = 3e-3;
Console.WriteLine($"{rows:N0} rows x {Features} features, {Classes} classes (imbalanced), MLP {string.Join("x", hidden)}, batch {Batch}, {epochs} epochs, {threads} threads");

var table = new SyntheticTable(rows);
float[] features = table.Values;
long[] labels = table.Labels;
long[] counts = Enumerable.Range(0, Classes).Select(c => (long)labels.Count(y => y == c)).ToArray();
double[] alpha = ClassWeights.Balanced(counts);

var ml = new MLContext(seed: 1);
IDataView data = table.ToDataView(ml);

// Training: rows/s of the training loop itself (the mean over epochs after the first).
var reports = new System.Collections.Generic.List<EpochReport>();
var trainer = ml.MulticlassClassification.Trainers.FocalLoss(new FocalLossTrainer.Options
{
    HiddenLayerSizes = hidden, BatchSize = Batch, NumberOfEpochs = epochs, NumberOfThreads = threads, LearningRate = LearningRate,
    ClassWeighting = ClassWeighting.Balanced, Gamma = 2, EpochCallback = reports.Add,
    // One network on every row, as the PyTorch peer trains: no folds, no held-out rows.
    NumberOfFolds = 1, ValidationFraction = 0,
});
var model = trainer.Fit(data);
double ours = reports.Skip(epochs > 1 ? 1 : 0).Average(r => r.RowsPerSecond);
Console.WriteLine($"{"training, ours (FocalLossTrainer)",-44} {ours,12:N0} rows/s");
double? pytorch = RunPyTorch();
if (pytorch is double p)
{
    Console.WriteLine($"{"training, PyTorch (same network and loss)",-44} {p,12:N0} rows/s");
    Console.WriteLine($"{"ratio ours / PyTorch",-44} {ours / p,12:F2}x   (goal: >= 1)");
}
else Console.WriteLine("training, PyTorch: not run (needs /usr/bin/python3 with python3-torch)");

// Scoring: rows/s of Transform, cursoring the Score column, on the same data.
Console.WriteLine();
var lbfgs = ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy().Fit(data);
var fastTree = ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastTree(numberOfTrees: 50)).Fit(data);
double oursScoring = ScoringRate(model);
double lbfgsScoring = ScoringRate(lbfgs);
double fastTreeScoring = ScoringRate(fastTree);
Console.WriteLine($"{"scoring, ours (Transform)",-44} {oursScoring,12:N0} rows/s");
Console.WriteLine($"{"scoring, LbfgsMaximumEntropy",-44} {lbfgsScoring,12:N0} rows/s   ratio ours / LBFGS {oursScoring / lbfgsScoring:F2}x");
Console.WriteLine($"{"scoring, FastTree one-versus-all (50 trees)",-44} {fastTreeScoring,12:N0} rows/s   ratio ours / FastTree {oursScoring / fastTreeScoring:F2}x");

double ScoringRate(ITransformer transformer)
{
    double best = 0;
    for (int repeat = 0; repeat < 3; repeat++)
    {
        IDataView scored = transformer.Transform(data);
        var clock = Stopwatch.StartNew();
        using DataViewRowCursor cursor = scored.GetRowCursor(new[] { scored.Schema["Score"] });
        ValueGetter<VBuffer<float>> get = cursor.GetGetter<VBuffer<float>>(scored.Schema["Score"]);
        VBuffer<float> score = default;
        while (cursor.MoveNext()) get(ref score);
        best = Math.Max(best, rows / clock.Elapsed.TotalSeconds);
    }
    return best;
}

double? RunPyTorch()
{
    if (!PythonPeer.IsAvailable) return null;
    string folder = Directory.CreateTempSubdirectory("throughput").FullName;
    try
    {
        PythonPeer.Write(folder, "features.f32", features);
        PythonPeer.Write(folder, "labels.i64", labels);
        PythonPeer.Write(folder, "alpha.f64", alpha);
        string[]? lines = PythonPeer.Run("pytorch_focal_training.py", folder, rows, Features, Classes, string.Join(",", hidden), Batch, epochs, threads, LearningRate);
        if (lines is null) return null;
        double[] rates = lines.Select(l => double.Parse(l.Split(' ')[1], CultureInfo.InvariantCulture)).ToArray();
        return rates.Skip(rates.Length > 1 ? 1 : 0).Average();
    }
    finally
    {
        Directory.Delete(folder, true);
    }
}
