// Peak memory of one training epoch as rows grow, streaming against in-memory, each run in its own process so its
// peak resident set (VmHWM) is its own. Rows are generated on the fly by the IDataView, so the data itself costs
// nothing: what grows is what the trainer holds.
// Run: dotnet run -c Release --project benchmarks/StreamingMemory [-- --large 10000000]
using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss;
using Microsoft.ML.FocalLoss.Training;

const int Features = 16;
if (args.Length == 3 && args[0] == "--child")
{
    RunChild(Enum.Parse<TrainingDataMode>(args[1]), long.Parse(args[2], CultureInfo.InvariantCulture));
    return;
}

long small = 100_000, large = BenchmarkArgs.Int(args, "--large", 10_000_000);
Console.WriteLine($"one epoch, {Features} features, 10 classes, MLP 32, batch 1024, shuffle buffer 65,536 rows");
Console.WriteLine($"{"mode",-10} {"rows",12} {"peak RSS MB",12} {"seconds",8}");
var streamingSmall = Child(TrainingDataMode.Streaming, small);
var streamingLarge = Child(TrainingDataMode.Streaming, large);
var memorySmall = Child(TrainingDataMode.InMemory, small);
var memoryLarge = Child(TrainingDataMode.InMemory, Math.Min(large, 2_000_000));
Console.WriteLine();
Console.WriteLine($"streaming: peak at {large:N0} rows / peak at {small:N0} rows = {streamingLarge / streamingSmall:F2}x (flat is 1.0)");
Console.WriteLine($"in memory: peak at {Math.Min(large, 2_000_000):N0} rows / peak at {small:N0} rows = {memoryLarge / memorySmall:F2}x (for contrast)");

double Child(TrainingDataMode mode, long rows)
{
    var info = new ProcessStartInfo("dotnet", $"\"{typeof(Program).Assembly.Location}\" --child {mode} {rows}") { RedirectStandardOutput = true };
    using var process = Process.Start(info)!;
    string output = process.StandardOutput.ReadToEnd().Trim();
    process.WaitForExit();
    string[] parts = output.Split('\n').Last().Split(' ');
    double megabytes = double.Parse(parts[0], CultureInfo.InvariantCulture), seconds = double.Parse(parts[1], CultureInfo.InvariantCulture);
    Console.WriteLine($"{mode,-10} {rows,12:N0} {megabytes,12:F0} {seconds,8:F1}");
    return megabytes;
}

static void RunChild(TrainingDataMode mode, long rows)
{
    var clock = Stopwatch.StartNew();
    var ml = new MLContext(seed: 1);
    IDataView data = ml.Data.LoadFromEnumerable(Generate(rows));
    ml.MulticlassClassification.Trainers.FocalLoss(new FocalLossTrainer.Options
    {
        TrainingDataMode = mode, NumberOfEpochs = 1, BatchSize = 1024, HiddenLayerSizes = new[] { 32 }, NumberOfThreads = 2,
    }).Fit(data);
    string status = File.ReadAllText("/proc/self/status");
    double peakKb = double.Parse(status.Split('\n').First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    Console.WriteLine(FormattableString.Invariant($"{peakKb / 1024:F1} {clock.Elapsed.TotalSeconds:F2}"));
}

// Deterministic rows from the row index: the class has weight 2^-c, the features a class-dependent shift.
static System.Collections.Generic.IEnumerable<Row> Generate(long rows)
{
    var random = new Random(7);
    var features = new float[Features];
    for (long i = 0; i < rows; i++)
    {
        int c = 0;
        while (c < 9 && random.NextDouble() < 0.5) c++;
        for (int f = 0; f < Features; f++) features[f] = (float)(random.NextDouble() + (f == c ? 1.0 : 0.0));
        yield return new Row { Label = (uint)c, Features = features }; // keys are 0-based here
    }
}

internal sealed class Row
{
    [KeyType(10)]
    public uint Label { get; set; }

    [VectorType(16)]
    public float[] Features { get; set; } = Array.Empty<float>();
}
