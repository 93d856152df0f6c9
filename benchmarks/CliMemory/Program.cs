// Peak memory of `focalml train` as the CSV grows: 8 numeric features and a 1 : 9 binary label, from a small file to
// a 10,000,000-row one, each trained in its own process whose peak resident set (VmHWM) is read from /proc while it
// runs. One epoch each: memory does not grow with epochs, time does. The peer is the same command on the small file.
// Run: dotnet run -c Release --project benchmarks/CliMemory [-- --large 10000000 --small 100000]
using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;

int small = BenchmarkArgs.Int(args, "--small", 100_000), large = BenchmarkArgs.Int(args, "--large", 10_000_000);
string folder = Directory.CreateTempSubdirectory("focalml-climemory").FullName;
try
{
    Console.WriteLine("focalml train --epochs 1 on a CSV of 8 numeric features and a 1 : 9 label (no --compare)");
    Console.WriteLine($"{"rows",12} {"file MB",8} {"peak RSS MB",12} {"seconds",8}");
    var (smallPeak, _) = Measure(small);
    var (largePeak, largeFile) = Measure(large);
    Console.WriteLine();
    Console.WriteLine(FormattableString.Invariant($"peak at {large:N0} rows / peak at {small:N0} rows = {largePeak / smallPeak:F2}x (flat is 1.0)"));
    Console.WriteLine(FormattableString.Invariant($"peak at {large:N0} rows / file size = {largePeak / largeFile:F2}x; target: under 500 MB"));
}
finally
{
    Directory.Delete(folder, recursive: true);
}

(double PeakMb, double FileMb) Measure(int rows)
{
    string path = Path.Combine(folder, $"rows{rows}.csv");
    Write(path, rows);
    double fileMb = new FileInfo(path).Length / 1048576.0;
    string focalml = Path.Combine(AppContext.BaseDirectory, "focalml.dll");
    var info = new ProcessStartInfo("dotnet", $"\"{focalml}\" train --data \"{path}\" --label label --epochs 1 --threads 2")
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    };
    var clock = Stopwatch.StartNew();
    using var process = Process.Start(info)!;
    var output = new StringBuilder();
    process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
    process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    double peakKb = 0;
    // VmHWM only rises, so the last reading before the process ends is its peak (to within the polling interval).
    while (!process.HasExited)
    {
        try
        {
            string line = File.ReadLines($"/proc/{process.Id}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            peakKb = Math.Max(peakKb, double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or InvalidOperationException) { }
        Thread.Sleep(20);
    }
    process.WaitForExit();
    if (process.ExitCode != 0) throw new InvalidOperationException($"focalml failed on {rows} rows:\n{output}");
    double peakMb = peakKb / 1024;
    Console.WriteLine(FormattableString.Invariant($"{rows,12:N0} {fileMb,8:F0} {peakMb,12:F0} {clock.Elapsed.TotalSeconds,8:F0}"));
    File.Delete(path);
    return (peakMb, fileMb);
}

// Deterministic rows: the positive class (about 1 in 10) shifts three of the eight features.
static void Write(string path, int rows)
{
    var random = new Random(11);
    using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 20);
    writer.WriteLine("f0,f1,f2,f3,f4,f5,f6,f7,label");
    var line = new StringBuilder();
    for (int r = 0; r < rows; r++)
    {
        bool positive = random.NextDouble() < 0.1;
        line.Clear();
        for (int f = 0; f < 8; f++)
            line.Append((BenchmarkArgs.Gaussian(random) + (positive && f < 3 ? 1.0 : 0.0)).ToString("F4", CultureInfo.InvariantCulture)).Append(',');
        line.Append(positive ? "yes" : "no");
        writer.WriteLine(line);
    }
}
