// What flushing subnormal floats to zero buys a default fit: the binary trainer with default options on the shipped
// letter data (Z against the rest, 20,000 rows, 26 : 1), fitted with the flush on and off in turn in one process.
// Prints each fit's seconds and epochs, the ratio off / on per pair, and how far the two models' probabilities differ.
// Run: dotnet run -c Release --project benchmarks/DenormalSpeed [-- --repeat 3]
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss;
using Microsoft.ML.FocalLoss.Training;

int repeats = BenchmarkArgs.Int(args, "--repeat", 3);
var ml = new MLContext(seed: 1);
IDataView data = ml.Data.Cache(ShippedLetters.LetterZ(ml));
bool[] labels = data.GetColumn<bool>("Label").ToArray();
Console.WriteLine($"letter-z: {labels.Length:N0} rows, {labels.Count(l => l):N0} positive; default options; {repeats} pairs, order alternating");

(double Seconds, int Epochs, float[] Probabilities) Fit(bool flush)
{
    DenormalFlush.Enabled = flush;
    var rates = new List<double>();
    // A fresh context per fit: each fit draws its seed from the context's random stream.
    var trainer = new MLContext(seed: 1).BinaryClassification.Trainers.FocalLoss(new BinaryFocalLossTrainer.Options { EpochCallback = r => rates.Add(r.RowsPerSecond) });
    var clock = Stopwatch.StartNew();
    var model = trainer.Fit(data);
    double seconds = clock.Elapsed.TotalSeconds;
    DenormalFlush.Enabled = true;
    Console.WriteLine($"    flush {(flush ? "on " : "off")}: rows/s, epochs 2-10 {rates.Skip(1).Take(9).Average():N0}, last 10 {rates.TakeLast(10).Average():N0}");
    return (seconds, rates.Count, model.Transform(data).GetColumn<float>("Probability").ToArray());
}

Fit(true); // the first fit in a process pays one-time costs (native library, JIT)
var ratios = new List<double>();
var on = new List<double>();
var off = new List<double>();
double largestDifference = 0;
for (int r = 0; r < repeats; r++)
{
    var pair = r % 2 == 0 ? new[] { true, false } : new[] { false, true };
    var fits = pair.ToDictionary(f => f, Fit);
    on.Add(fits[true].Seconds);
    off.Add(fits[false].Seconds);
    ratios.Add(fits[false].Seconds / fits[true].Seconds);
    largestDifference = Math.Max(largestDifference, fits[true].Probabilities.Zip(fits[false].Probabilities, (a, b) => Math.Abs(a - b)).Max());
    Console.WriteLine($"  pair {r + 1}: flush on {fits[true].Seconds:F2} s ({fits[true].Epochs} epochs), off {fits[false].Seconds:F2} s ({fits[false].Epochs} epochs), off / on {ratios[^1]:F2}x");
}
Console.WriteLine($"fit seconds, flush on:  {on.Average():F2} ({on.Min():F2}–{on.Max():F2})");
Console.WriteLine($"fit seconds, flush off: {off.Average():F2} ({off.Min():F2}–{off.Max():F2})");
Console.WriteLine($"off / on: {ratios.Average():F2}x ({ratios.Min():F2}–{ratios.Max():F2}); largest |Δ probability| between the paired models: {largestDifference:G3}");
