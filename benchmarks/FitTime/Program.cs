// Default fit time against LightGbm on letter-z, the suite's task furthest over the fit-time target (10x LightGbm),
// and on tables of the size the target reaches (up to 50,000 rows), which the shipped suite does not. On letter-z
// and on the speed benchmarks' synthetic table (32 features, 10 classes, 512 : 1), each fits FocalLoss() with every
// option at its default, then LightGbm with and without UnbalancedSets, and focal's defaults with each epoch's
// held-out pass run as one call instead of in blocks of 512 rows (what the trainer did before), --repeat times in
// this process, alternating. Repeat r trains both focal fits with Seed = r, so that they make the same epochs and
// differ only in the held-out pass. Prints the seconds, and the range and median of focal's time over each of the
// others'.
// Run: dotnet run -c Release --project benchmarks/FitTime [-- --small 20000 --large 50000 --repeat 3]
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss;
using Microsoft.ML.FocalLoss.Training;
using Microsoft.ML.Trainers.LightGbm;

int repeats = BenchmarkArgs.Int(args, "--repeat", 3);
int[] sizes = { BenchmarkArgs.Int(args, "--small", 20_000), BenchmarkArgs.Int(args, "--large", 50_000) };
Console.WriteLine($"synthetic table: {SyntheticTable.Features} features, {SyntheticTable.Classes} classes; letter-z: LetterRecognition's first 14,000 rows, Z against the rest; {repeats} repeats; {Environment.ProcessorCount} cores");
Console.WriteLine($"{"rows",8} {"trainer",-16} {"seconds (each repeat)",-28} {"focal / this (range, median)",-20}");

var tables = new List<(string Name, bool Binary, Func<MLContext, IDataView> Load)> { ("letter-z", true, LetterZ) };
tables.AddRange(sizes.Select(rows => (rows.ToString("N0"), false, (Func<MLContext, IDataView>)(ml => new SyntheticTable(rows).ToDataView(ml)))));
foreach (var (name, binary, load) in tables)
{
    var ml = new MLContext(seed: 1);
    IDataView data = load(ml);
    var trainers = binary
        ? new (string Name, Func<int, IEstimator<ITransformer>> Create)[]
        {
            ("focal defaults", r => ml.BinaryClassification.Trainers.FocalLoss(new BinaryFocalLossTrainer.Options { Seed = r })),
            ("LightGbm", _ => ml.BinaryClassification.Trainers.LightGbm()),
            ("LightGbm-unbal", _ => ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options { UnbalancedSets = true })),
            ("focal, one call", r => ml.BinaryClassification.Trainers.FocalLoss(new BinaryFocalLossTrainer.Options { Seed = r, ValidationBlockRows = long.MaxValue })),
        }
        : new (string Name, Func<int, IEstimator<ITransformer>> Create)[]
        {
            ("focal defaults", r => ml.MulticlassClassification.Trainers.FocalLoss(new FocalLossTrainer.Options { Seed = r })),
            ("LightGbm", _ => ml.MulticlassClassification.Trainers.LightGbm()),
            ("LightGbm-unbal", _ => ml.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options { UnbalancedSets = true })),
            ("focal, one call", r => ml.MulticlassClassification.Trainers.FocalLoss(new FocalLossTrainer.Options { Seed = r, ValidationBlockRows = long.MaxValue })),
        };
    // Warm-up on a slice, so the first timed fit pays no JIT or native loading.
    IDataView slice = ml.Data.TakeRows(data, 2_000);
    foreach (var (_, create) in trainers) create(0).Fit(slice);

    var seconds = trainers.Select(_ => new double[repeats]).ToArray();
    for (int r = 0; r < repeats; r++)
        for (int t = 0; t < trainers.Length; t++)
        {
            var clock = Stopwatch.StartNew();
            trainers[t].Create(r + 1).Fit(data);
            seconds[t][r] = clock.Elapsed.TotalSeconds;
        }
    for (int t = 0; t < trainers.Length; t++)
    {
        string times = string.Join(" ", seconds[t].Select(s => s.ToString("F2")));
        double[] ratios = Enumerable.Range(0, repeats).Select(r => seconds[0][r] / seconds[t][r]).ToArray();
        double median = ratios.OrderBy(x => x).ElementAt(repeats / 2);
        string range = t == 0 ? "" : $"{ratios.Min():F2}x to {ratios.Max():F2}x, median {median:F2}x";
        Console.WriteLine($"{name,8} {trainers[t].Name,-16} {times,-28} {range,-20}");
    }
}

// The quality suite's letter-z task: the first 14,000 rows (about its 70% training split of 20,000).
static IDataView LetterZ(MLContext ml) => ml.Data.Cache(ShippedLetters.LetterZ(ml, 14_000));
