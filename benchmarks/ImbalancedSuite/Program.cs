// The imbalanced quality suite: the focal loss defaults against plain cross-entropy and ML.NET's FastTree, LightGbm
// (each with and without UnbalancedSets) and L-BFGS, on stratified splits of every task, several seeds each.
// Run: dotnet run -c Release --project benchmarks/ImbalancedSuite [-- --tasks glass,pima --seeds 1,2,3,4,5
//      --contenders focal,LightGbm --variant name:Gamma=0;ClassWeighting=None --results results.csv --rerun focal
//      --markdown report.md --note "how the runs were made" --report-only --merge other-results.csv
//      --merge-as name=scratch-results.csv]
// Seeds 1–5 report; the defaults were chosen on seeds 101–105, which this program accepts too. --tasks held-out runs
// the three tables added after the defaults were fixed (SuiteTasks.HeldOut) instead of the twelve. --merge (repeatable)
// reads another results file's rows into the report without writing them to --results: seed sets run apart, pooled.
// --merge-as name=file reads only that file's focal rows, as contender "name": a scratch build run in its own process.
// Every network contender beside the focal defaults (cross-entropy, variants, merged-as) is reported against them,
// paired by task and seed (VariantReport).
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using ImbalancedSuite;
using Microsoft.ML;

// An argument the program does not know ends the run before any training: a mistyped or wrongly quoted option
// ("--variant x:Gamma=0" as one argument) would otherwise be ignored and its contender silently left out.
string[] valued = { "--tasks", "--seeds", "--test-fraction", "--data", "--contenders", "--variant", "--rerun", "--results", "--merge", "--merge-as", "--markdown", "--note", "--focal" };
string[] flags = { "--log", "--report-only" };
for (int i = 0; i < args.Length; i++)
{
    if (valued.Contains(args[i]) && i + 1 < args.Length) i++;
    else if (!flags.Contains(args[i]))
    {
        Console.Error.WriteLine($"ImbalancedSuite: unknown argument '{args[i]}'{(valued.Contains(args[i]) ? " (it needs a value)" : "")}. Options: {string.Join(" ", valued.Select(v => v + " X"))} {string.Join(" ", flags)}.");
        return 2;
    }
}

string? Option(string name) => Array.IndexOf(args, name) is int at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;
IEnumerable<string> Options(string name) => args.Select((a, i) => (a, i)).Where(p => p.a == name && p.i + 1 < args.Length).Select(p => args[p.i + 1]);

SuiteTask[] tasks = SuiteTasks.Select(Option("--tasks"));
int[] seeds = (Option("--seeds") ?? "1,2,3,4,5").Split(',').Select(int.Parse).ToArray();
double testFraction = double.Parse(Option("--test-fraction") ?? "0.3", System.Globalization.CultureInfo.InvariantCulture);
string dataFolder = Option("--data") ?? Path.Combine(AppContext.BaseDirectory, "data");
var contenders = Contender.Standard();
contenders.AddRange(Options("--variant").Select(Contender.ParseVariant));
if (Option("--contenders") is string chosen)
{
    string[] names = chosen.Split(',');
    // The stacked contenders run only when named: they fit a second model five times per split.
    contenders.AddRange(Contender.Stacked());
    string[] known = contenders.Select(c => c.Name).ToArray();
    if (names.FirstOrDefault(n => !known.Contains(n)) is string unknown)
    {
        Console.Error.WriteLine($"ImbalancedSuite: --contenders names '{unknown}', which is none of {string.Join(", ", known)}.");
        return 2;
    }
    contenders = contenders.Where(c => names.Contains(c.Name) || Options("--variant").Any(v => v.StartsWith(c.Name + ":", StringComparison.Ordinal))).ToList();
}
var rerun = new HashSet<string>(Options("--rerun"));
string? resultsPath = Option("--results");
if (resultsPath is not null) Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(resultsPath))!);
var results = new ResultsFile(resultsPath);
foreach (string merged in Options("--merge")) results.Merge(merged);
var mergedAs = new List<string>();
foreach (string pair in Options("--merge-as"))
{
    int equals = pair.IndexOf('=');
    if (equals <= 0)
    {
        Console.Error.WriteLine($"ImbalancedSuite: --merge-as takes name=file, not '{pair}'.");
        return 2;
    }
    results.Merge(pair[(equals + 1)..], focalAs: pair[..equals]);
    mergedAs.Add(pair[..equals]);
}
// Output paths are checked before hours of training, not after.
foreach (string? output in new[] { resultsPath, Option("--markdown") })
{
    if (output is null) continue;
    string probe = output + ".probe";
    File.WriteAllText(probe, "");
    File.Delete(probe);
}

var clock = Stopwatch.StartNew();
Console.WriteLine($"{tasks.Length} tasks, seeds {string.Join(",", seeds)}, contenders {string.Join(", ", contenders.Select(c => c.Name))}, test fraction {testFraction}");
foreach (SuiteTask task in tasks)
{
    TaskTable table = TaskTable.Load(new MLContext(seed: 0), task, dataFolder);
    int[] counts = Enumerable.Range(0, table.ClassNames.Length).Select(c => Enumerable.Range(0, table.Count).Count(r => table.ClassOf(r) == c)).ToArray();
    Console.WriteLine($"{task.Name}: {table.Count} rows, {table.Numeric[0].Length} numeric + {table.Categorical[0].Length} text columns, classes {string.Join(" ", counts)} ({counts.Max() / (double)counts.Min():0.#} : 1)");
    foreach (int seed in seeds)
    {
        (int[] trainRows, int[] testRows) = StratifiedSplit.Of(table, testFraction, seed);
        foreach (Contender contender in contenders)
        {
            if (!rerun.Contains(contender.Name) && results.TryGet(task.Name, seed, contender.Name, out _)) continue;
            if (args.Contains("--report-only")) continue;
            var ml = new MLContext(seed: seed);
            if (args.Contains("--log"))
                ml.Log += (_, e) => { if (e.Kind != Microsoft.ML.Runtime.ChannelMessageKind.Trace && !e.Message.StartsWith("Epoch", StringComparison.Ordinal)) Console.WriteLine("    " + e.Message); };
            SplitMetrics metrics = SuiteRun.FitAndScore(ml, table, contender, trainRows, testRows);
            results.Add(task.Name, seed, contender.Name, metrics);
            Console.WriteLine(FormattableString.Invariant(
                $"  seed {seed} {contender.Name,-16} F1 {metrics.MacroF1:F3}  min recall {metrics.MinRecall:F3}  AUROC {metrics.MacroAuroc:F4}  log-loss {metrics.LogLoss:F4}  ECE {metrics.Ece:F3}  {metrics.Seconds:F2} s"));
        }
    }
}
var report = new StringWriter();
SuiteReport.Write(report, results, tasks, seeds, contenders, Option("--focal") ?? Contender.Focal);
VariantReport.Write(report, results, tasks, seeds, contenders.Where(c => !c.IsBuiltIn).Select(c => c.Name).Concat(mergedAs).ToArray(), Option("--focal") ?? Contender.Focal);
Console.Write(report.ToString());
Console.WriteLine();
Console.WriteLine($"Suite time {clock.Elapsed.TotalMinutes:F1} min.");
if (Option("--markdown") is string markdown)
{
    // Written whole to a temporary file and renamed, so a reader never sees half a report.
    string temporary = markdown + ".tmp";
    File.WriteAllText(temporary, $"# Imbalanced quality suite\n\n`dotnet run -c Release --project benchmarks/ImbalancedSuite -- {string.Join(" ", args.Where((a, i) => a != "--note" && (i == 0 || args[i - 1] != "--note")))}`\n"
        + $"\n{tasks.Length} tasks, test fraction {testFraction}, seeds {string.Join(",", seeds)}.\n"
        + (Option("--note") is string note ? $"\n{note}\n" : "") + report);
    File.Move(temporary, markdown, overwrite: true);
}
return 0;
