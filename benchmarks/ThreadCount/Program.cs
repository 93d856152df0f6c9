// Training speed by thread count, on a quiet machine and on one kept busy by other processes: the trainer's own
// choice (NumberOfThreads unset) against 1 and 2 threads, the same fit each time. Also where the first epoch of the
// first fit in a process spends its extra time. Prints rows/s (mean over the epochs after the first) and ratios.
// Run: dotnet run -c Release --project benchmarks/ThreadCount [-- --rows 100000 --epochs 4 --repeat 3 --busy 2]
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss;
using Microsoft.ML.FocalLoss.Training;
using static TorchSharp.torch;

int rows = BenchmarkArgs.Int(args, "--rows", 100_000), epochs = BenchmarkArgs.Int(args, "--epochs", 4);
int repeats = BenchmarkArgs.Int(args, "--repeat", 3), busyProcesses = BenchmarkArgs.Int(args, "--busy", Environment.ProcessorCount);
Console.WriteLine($"{rows:N0} rows x {SyntheticTable.Features} features, {SyntheticTable.Classes} classes, MLP 64x64, batch 256, {epochs} epochs; {Environment.ProcessorCount} cores; busy = {busyProcesses} spinning processes");

// The first epoch's extra cost, in parts: loading the native library, then the first fit, then a second fit.
var clock = Stopwatch.StartNew();
using (Tensor warm = ones(1)) { }
double nativeLoad = clock.Elapsed.TotalSeconds;

IDataView data = new SyntheticTable(rows).ToDataView(new MLContext(seed: 1));

(double RowsPerSecond, double FirstEpochSeconds, string Threads) Fit(int? threads)
{
    var reports = new List<EpochReport>();
    var times = new List<double>();
    var epochClock = Stopwatch.StartNew();
    string chosen = "?";
    var context = new MLContext(seed: 1);
    context.Log += (_, e) => { if (e.Message.Contains("thread(s)")) chosen = e.Message[(e.Message.LastIndexOf(", ", StringComparison.Ordinal) + 2)..]; };
    context.MulticlassClassification.Trainers.FocalLoss(new FocalLossTrainer.Options
    {
        HiddenLayerSizes = new[] { 64, 64 }, BatchSize = 256, NumberOfEpochs = epochs, NumberOfThreads = threads,
        NumberOfFolds = 1, ValidationFraction = 0,
        EpochCallback = r => { reports.Add(r); times.Add(epochClock.Elapsed.TotalSeconds); epochClock.Restart(); },
    }).Fit(data);
    return (reports.Skip(1).Average(r => r.RowsPerSecond), times[0], chosen);
}

clock.Restart();
var first = Fit(1);
var second = Fit(1);
Console.WriteLine($"first epoch: native library load {nativeLoad:F2} s before any fit; first fit {first.FirstEpochSeconds:F2} s, second fit {second.FirstEpochSeconds:F2} s; later epochs {rows / first.RowsPerSecond:F2} s");
Console.WriteLine("(reported throughput leaves out each fit's first epoch)");
Console.WriteLine();

var settings = new (string Name, int? Threads)[] { ("chosen by the trainer", null), ("1 thread", 1), ("2 threads", 2) };
var results = new Dictionary<(string, bool), List<double>>();
foreach (bool busy in new[] { false, true })
{
    List<Process> spinners = busy ? Enumerable.Range(0, busyProcesses).Select(_ => Process.Start("/bin/sh", new[] { "-c", "while :; do :; done" })).ToList() : new List<Process>();
    try
    {
        for (int r = 0; r < repeats; r++)
            foreach (var (name, threads) in settings)
            {
                var fit = Fit(threads);
                if (!results.TryGetValue((name, busy), out var list)) results[(name, busy)] = list = new List<double>();
                list.Add(fit.RowsPerSecond);
                if (r == 0) Console.WriteLine($"  {(busy ? "busy" : "quiet")}: {name} used {fit.Threads}");
            }
    }
    finally
    {
        foreach (Process spinner in spinners) { spinner.Kill(); spinner.Dispose(); }
    }
}

Console.WriteLine();
Console.WriteLine($"{"threads",-24} {"quiet rows/s (range)",-32} {"busy rows/s (range)",-32} busy / quiet");
foreach (var (name, _) in settings)
{
    var quiet = results[(name, false)];
    var busy = results[(name, true)];
    Console.WriteLine($"{name,-24} {$"{quiet.Average():N0} ({quiet.Min():N0}–{quiet.Max():N0})",-32} {$"{busy.Average():N0} ({busy.Min():N0}–{busy.Max():N0})",-32} {busy.Average() / quiet.Average():F2}x");
}
foreach (bool busy in new[] { false, true })
    Console.WriteLine($"{(busy ? "busy" : "quiet")}: 1 thread / 2 threads {results[("1 thread", busy)].Average() / results[("2 threads", busy)].Average():F2}x");
