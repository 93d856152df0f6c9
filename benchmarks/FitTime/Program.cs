// Default fit time against LightGbm on tables of the size the quality issue's fit-time target reaches (up to 50,000
// rows), which the shipped suite does not (its largest task has 20,000). On the speed benchmarks' synthetic table
// (32 features, 10 classes, 512 : 1), each size fits FocalLoss() with every option at its default, then LightGbm
// with and without UnbalancedSets, --repeat times in this process, alternating. Prints the seconds and the range
// of focal's time over LightGbm's.
// Run: dotnet run -c Release --project benchmarks/FitTime [-- --small 20000 --large 50000 --repeat 3]
using System;
using System.Diagnostics;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.FocalLoss;
using Microsoft.ML.Trainers.LightGbm;

int repeats = BenchmarkArgs.Int(args, "--repeat", 3);
int[] sizes = { BenchmarkArgs.Int(args, "--small", 20_000), BenchmarkArgs.Int(args, "--large", 50_000) };
Console.WriteLine($"synthetic table: {SyntheticTable.Features} features, {SyntheticTable.Classes} classes; {repeats} repeats; {Environment.ProcessorCount} cores");
Console.WriteLine($"{"rows",8} {"trainer",-16} {"seconds (each repeat)",-28} {"focal / this (range)",-20}");

foreach (int rows in sizes)
{
    var ml = new MLContext(seed: 1);
    IDataView data = new SyntheticTable(rows).ToDataView(ml);
    var trainers = new (string Name, Func<IEstimator<ITransformer>> Create)[]
    {
        ("focal defaults", () => ml.MulticlassClassification.Trainers.FocalLoss()),
        ("LightGbm", () => ml.MulticlassClassification.Trainers.LightGbm()),
        ("LightGbm-unbal", () => ml.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options { UnbalancedSets = true })),
    };
    // Warm-up on a slice, so the first timed fit pays no JIT or native loading.
    IDataView slice = ml.Data.TakeRows(data, 2_000);
    foreach (var (_, create) in trainers) create().Fit(slice);

    var seconds = trainers.Select(_ => new double[repeats]).ToArray();
    for (int r = 0; r < repeats; r++)
        for (int t = 0; t < trainers.Length; t++)
        {
            var clock = Stopwatch.StartNew();
            trainers[t].Create().Fit(data);
            seconds[t][r] = clock.Elapsed.TotalSeconds;
        }
    for (int t = 0; t < trainers.Length; t++)
    {
        string times = string.Join(" ", seconds[t].Select(s => s.ToString("F2")));
        double[] ratios = Enumerable.Range(0, repeats).Select(r => seconds[0][r] / seconds[t][r]).ToArray();
        string range = t == 0 ? "" : $"{ratios.Min():F1}x to {ratios.Max():F1}x";
        Console.WriteLine($"{rows,8:N0} {trainers[t].Name,-16} {times,-28} {range,-20}");
    }
}
