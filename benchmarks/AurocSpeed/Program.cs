// AUROC speed, in one run on the same data: ours, ML.NET's binary AreaUnderRocCurve, and scikit-learn's
// roc_auc_score (through Debian's /usr/bin/python3 with python3-sklearn, when present). Each of ours runs
// --repeat times; the best time is compared and the range printed.
// Run: dotnet run -c Release --project benchmarks/AurocSpeed [-- --binary-rows 10000000 --multiclass-rows 1000000 --repeat 3]
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss;
using Microsoft.ML.FocalLoss.Evaluation;

int binaryRows = BenchmarkArgs.Int(args, "--binary-rows", 10_000_000);
int multiclassRows = BenchmarkArgs.Int(args, "--multiclass-rows", 1_000_000);
int repeats = BenchmarkArgs.Int(args, "--repeat", 3);
const int Classes = 10;
var random = new Random(1);

// Binary: 1 : 9 imbalance, scores with ties on a 1/1024 grid.
var binaryLabels = new bool[binaryRows];
var binaryScores = new float[binaryRows];
for (int i = 0; i < binaryRows; i++)
{
    binaryLabels[i] = random.NextDouble() < 0.1;
    binaryScores[i] = MathF.Round((float)(BenchmarkArgs.Gaussian(random) + (binaryLabels[i] ? 1 : 0)) * 1024) / 1024;
}
// Multiclass: softmax probabilities with a signal on the true class.
var labels = new int[multiclassRows];
var scores = new float[multiclassRows * Classes];
for (int i = 0; i < multiclassRows; i++)
{
    labels[i] = random.NextDouble() < 0.5 ? 0 : random.Next(Classes);
    double sum = 0;
    for (int c = 0; c < Classes; c++) sum += scores[i * Classes + c] = MathF.Exp((float)BenchmarkArgs.Gaussian(random) + (c == labels[i] ? 1.5f : 0));
    for (int c = 0; c < Classes; c++) scores[i * Classes + c] /= (float)sum;
}

var results = new List<(string Name, double Seconds, double Value)>();
Console.WriteLine($"binary: {binaryRows:N0} rows; multiclass: {multiclassRows:N0} rows x {Classes} classes; {Environment.ProcessorCount} cores");

var ours = Time("ours binary (arrays)", () => BinaryRankingMetrics.Compute(binaryScores, binaryLabels).AreaUnderRocCurve);
var ml = new MLContext(seed: 0);
IDataView binaryData = ml.Data.LoadFromEnumerable(Enumerable.Range(0, binaryRows).Select(i => new BinaryRow { Label = binaryLabels[i], Score = binaryScores[i], Probability = binaryScores[i], PredictedLabel = binaryScores[i] > 0.5f }));
binaryData = ml.Data.Cache(binaryData);
// Fill the cache before timing, so neither evaluator pays for loading.
using (DataViewRowCursor cursor = binaryData.GetRowCursor(binaryData.Schema))
    while (cursor.MoveNext()) { }
var oursView = Time("ours binary (IDataView)", () => ml.BinaryClassification.EvaluateRanking(binaryData, scoreColumnName: "Probability").AreaUnderRocCurve);
var mlnet = Time("ML.NET BinaryClassification.Evaluate", () => ml.BinaryClassification.Evaluate(binaryData).AreaUnderRocCurve);
string[] names = Enumerable.Range(0, Classes).Select(c => $"{c}").ToArray();
Time("(warm-up) ours multiclass", () => MulticlassAurocMetrics.Compute(scores.AsSpan(0, Classes * 10_000), labels.AsSpan(0, 10_000), default, names).OneVsOneMacroAuroc);
// One-vs-rest only: the micro and one-vs-one averages are computed on first read, so reading the macro and
// weighted averages pays for nothing else.
var oursOvr = Time("ours multiclass one-vs-rest (macro, weighted)", () =>
{
    var m = MulticlassAurocMetrics.Compute(scores, labels, default, names);
    return m.MacroAuroc + 0 * m.WeightedAuroc;
});
var oursMulti = Time("ours multiclass all four (macro, weighted, micro, OvO)", () =>
{
    var m = MulticlassAurocMetrics.Compute(scores, labels, default, names);
    return m.MacroAuroc + 0 * (m.WeightedAuroc + m.MicroAuroc + m.OneVsOneMacroAuroc);
});

Dictionary<string, (double Seconds, double Value)> sklearn = RunScikitLearn();
Console.WriteLine();
Console.WriteLine("ratios (peer time / our time; > 1 means we are faster):");
Console.WriteLine($"  binary, ML.NET Evaluate / ours on the same IDataView: {mlnet.Seconds / oursView.Seconds:F2}x   (AUROC {mlnet.Value:F9} vs {oursView.Value:F9})");
if (sklearn.Count > 0)
{
    Console.WriteLine($"  binary, scikit-learn roc_auc_score / ours (arrays):   {sklearn["binary"].Seconds / ours.Seconds:F2}x   (AUROC {sklearn["binary"].Value:F9} vs {ours.Value:F9})");
    double sklearnAll = new[] { "ovr-macro", "ovr-weighted", "micro", "ovo-macro" }.Sum(k => sklearn[k].Seconds);
    Console.WriteLine($"  multiclass, scikit-learn OvR macro / ours OvR:         {sklearn["ovr-macro"].Seconds / oursOvr.Seconds:F2}x   (macro {sklearn["ovr-macro"].Value:F9} vs {oursOvr.Value:F9})");
    Console.WriteLine($"  multiclass, scikit-learn all four averages / ours:    {sklearnAll / oursMulti.Seconds:F2}x");
}
else Console.WriteLine("  scikit-learn: not run (needs /usr/bin/python3 with python3-sklearn)");

(double Seconds, double Value) Time(string name, Func<double> run)
{
    var times = new List<double>();
    double value = double.NaN;
    for (int r = 0; r < repeats; r++)
    {
        var stopwatch = Stopwatch.StartNew();
        value = run();
        times.Add(stopwatch.Elapsed.TotalSeconds);
    }
    Console.WriteLine($"{name,-56} {times.Min(),8:F3} s (range {times.Min():F3}–{times.Max():F3})   value {value:F9}");
    return (times.Min(), value);
}

Dictionary<string, (double, double)> RunScikitLearn()
{
    var found = new Dictionary<string, (double, double)>();
    if (!PythonPeer.IsAvailable) return found;
    string folder = Directory.CreateTempSubdirectory("auroc-bench").FullName;
    try
    {
        PythonPeer.Write(folder, "binary_scores.f32", binaryScores);
        PythonPeer.Write(folder, "binary_labels.u8", binaryLabels.Select(b => (byte)(b ? 1 : 0)).ToArray());
        PythonPeer.Write(folder, "multiclass_scores.f32", scores);
        PythonPeer.Write(folder, "multiclass_labels.i32", labels);
        foreach (string line in PythonPeer.Run("sklearn_auroc.py", folder, Classes) ?? Array.Empty<string>())
        {
            string[] parts = line.Split(' ');
            double seconds = double.Parse(parts[1], CultureInfo.InvariantCulture);
            found[parts[0]] = (seconds, double.Parse(parts[2], CultureInfo.InvariantCulture));
            Console.WriteLine($"{"scikit-learn " + parts[0],-48} {seconds,8:F3} s   value {parts[2]}");
        }
        return found;
    }
    finally
    {
        Directory.Delete(folder, true);
    }
}

internal sealed class BinaryRow
{
    public bool Label { get; set; }
    public float Score { get; set; }
    public float Probability { get; set; }
    public bool PredictedLabel { get; set; }
}
