using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace ImbalancedSuite;

/// <summary>
/// Summaries of a run: per metric, each task's mean ± standard deviation over seeds for every contender, the focal
/// defaults against the best built-in on that metric (paired by seed, with a win/tie/loss verdict), and then the
/// targets of the quality issue.
/// </summary>
internal static class SuiteReport
{
    private const int FitSeconds = 5;

    public static void Write(TextWriter output, ResultsFile results, SuiteTask[] tasks, int[] seeds, IReadOnlyList<Contender> contenders, string focal)
    {
        Contender[] builtIns = contenders.Where(c => c.IsBuiltIn).ToArray();
        for (int metric = 0; metric < SplitMetrics.Names.Length; metric++)
        {
            bool time = metric == FitSeconds;
            output.WriteLine();
            output.WriteLine($"### {SplitMetrics.Names[metric]} ({(SplitMetrics.HigherIsBetter[metric] ? "higher" : "lower")} is better; mean ± sd over seeds {string.Join(",", seeds)})");
            output.WriteLine();
            string last = builtIns.Length == 0 ? "" : time ? $" {focal} / LightGbm |" : $" {focal} − best built-in |";
            output.WriteLine("| task | " + string.Join(" | ", contenders.Select(c => c.Name)) + " |" + last);
            output.WriteLine("|---|" + string.Concat(contenders.Select(_ => "---|")) + (last.Length > 0 ? "---|" : ""));
            var comparisons = new List<Comparison>();
            foreach (SuiteTask task in tasks)
            {
                string line = $"| {task.Name} | {string.Join(" | ", contenders.Select(c => Cell(results.Of(task.Name, c.Name, seeds), metric)))} |";
                if (time && Ratio(results, task, seeds, focal, "LightGbm") is double ratio) line += FormattableString.Invariant($" {ratio:0.0}× |");
                else if (!time && builtIns.Length > 0 && Compare(results, task, seeds, focal, builtIns, metric) is Comparison comparison)
                {
                    comparisons.Add(comparison);
                    line += FormattableString.Invariant($" {comparison.Difference:+0.000;−0.000;0.000} ({comparison.Best}, {comparison.Verdict}) |");
                }
                else if (last.Length > 0) line += " |";
                output.WriteLine(line);
            }
            if (comparisons.Count > 0)
            {
                output.WriteLine();
                output.WriteLine(FormattableString.Invariant(
                    $"{focal} against the best built-in per task: mean difference {comparisons.Average(c => c.Difference):+0.000;−0.000;0.000}, worst {Worst(comparisons, metric):+0.000;−0.000;0.000}; ") +
                    $"wins {comparisons.Count(c => c.Verdict == "win")}, ties {comparisons.Count(c => c.Verdict == "tie")}, losses {comparisons.Count(c => c.Verdict == "loss")} " +
                    "(a tie is a mean paired difference within two standard errors).");
            }
        }
        if (builtIns.Length > 0) Targets(output, results, tasks, seeds, focal, builtIns, contenders.Any(c => c.Name == "cross-entropy"));
    }

    /// <summary>Per task with results, <paramref name="focal"/>'s mean minus the best built-in's on the metric, paired by seed.</summary>
    public static (string Task, double Gap, string Verdict)[] BuiltInGaps(ResultsFile results, SuiteTask[] tasks, int[] seeds, string focal, Contender[] builtIns, int metric) =>
        tasks.Select(t => (t.Name, Comparison: Compare(results, t, seeds, focal, builtIns, metric)))
            .Where(t => t.Comparison is not null).Select(t => (t.Name, t.Comparison!.Difference, t.Comparison.Verdict)).ToArray();

    /// <summary>Per task with results for both, <paramref name="a"/>'s mean minus <paramref name="b"/>'s on the metric.</summary>
    public static (string Task, double Gap, string Verdict)[] Gaps(ResultsFile results, SuiteTask[] tasks, int[] seeds, string a, string b, int metric) =>
        tasks.Select(t => (t.Name, Pair: Paired(results, t, Common(results, t, seeds, new[] { a, b }), a, b, metric)))
            .Where(t => t.Pair is not null).Select(t => (t.Name, t.Pair!.Value.Difference, t.Pair.Value.Verdict)).ToArray();

    /// <summary>The targets of the quality issue, each with the tasks that miss it.</summary>
    private static void Targets(TextWriter output, ResultsFile results, SuiteTask[] tasks, int[] seeds, string focal, Contender[] builtIns, bool hasCrossEntropy)
    {
        var recall = BuiltInGaps(results, tasks, seeds, focal, builtIns, 1);
        var f1 = BuiltInGaps(results, tasks, seeds, focal, builtIns, 0);
        var auroc = BuiltInGaps(results, tasks, seeds, focal, builtIns, 2);
        if (recall.Length == 0) return;
        output.WriteLine();
        output.WriteLine($"### Targets ({focal}, means over seeds)");
        output.WriteLine();
        // A run restricted with --contenders compares with fewer built-ins than the standard set; say which.
        string[] missing = Contender.Standard().Where(c => c.IsBuiltIn).Select(c => c.Name).Except(builtIns.Select(c => c.Name)).ToArray();
        if (missing.Length > 0)
        {
            output.WriteLine($"Best built-in among {string.Join(", ", builtIns.Select(c => c.Name))} only: {string.Join(", ", missing)} not in this run.");
            output.WriteLine();
        }
        string Misses((string Task, double Gap, string Verdict)[] rows, Func<double, bool> fails)
        {
            // A gap that rounds to 0.000 gets a fourth decimal, so a listed miss never reads as "0.000"; the paired
            // test's verdict says whether the miss is beyond noise.
            string list = string.Join(", ", rows.Where(r => fails(r.Gap)).Select(r => r.Task + " " + (Math.Abs(r.Gap) < 0.0005
                ? r.Gap.ToString("+0.0000;−0.0000", CultureInfo.InvariantCulture)
                : r.Gap.ToString("+0.000;−0.000", CultureInfo.InvariantCulture)) + $" ({r.Verdict})"));
            return list.Length == 0 ? "none" : list;
        }
        Line(output, "min recall ≥ best built-in on every task", recall.All(r => r.Gap >= 0), $"{recall.Count(r => r.Gap >= 0)}/{recall.Length}; below: {Misses(recall, g => g < 0)}");
        Line(output, "macro-F1 ≥ best built-in − 0.01 on average", f1.Average(r => r.Gap) >= -0.01, FormattableString.Invariant($"mean {f1.Average(r => r.Gap):+0.000;−0.000;0.000}"));
        Line(output, "macro-F1 never more than 0.03 behind", f1.All(r => r.Gap >= -0.03), $"more than 0.03 behind: {Misses(f1, g => g < -0.03)}");
        Line(output, "macro AUROC ≥ best built-in − 0.005 on average", auroc.Average(r => r.Gap) >= -0.005, FormattableString.Invariant($"mean {auroc.Average(r => r.Gap):+0.0000;−0.0000;0.0000}"));
        if (hasCrossEntropy)
        {
            var logLoss = Gaps(results, tasks, seeds, focal, "cross-entropy", 3);
            Line(output, "log-loss ≤ the cross-entropy network's", logLoss.All(r => r.Gap <= 0),
                FormattableString.Invariant($"{logLoss.Count(r => r.Gap <= 0)}/{logLoss.Length}, mean difference {logLoss.Average(r => r.Gap):+0.000;−0.000;0.000}; above: {Misses(logLoss, g => g > 0)}"));
        }
        var ratios = tasks.Select(t => (t.Name, Ratio: Ratio(results, t, seeds, focal, "LightGbm"))).Where(t => t.Ratio is not null).ToArray();
        string over = string.Join(", ", ratios.Where(r => r.Ratio > 10).Select(r => FormattableString.Invariant($"{r.Name} {r.Ratio:0.0}×")));
        if (ratios.Length > 0)
            Line(output, "fit time within 10× LightGbm's", ratios.All(r => r.Ratio <= 10),
                $"{ratios.Count(r => r.Ratio <= 10)}/{ratios.Length}; over: {(over.Length == 0 ? "none" : over)}");
    }

    private static void Line(TextWriter output, string target, bool met, string detail) =>
        output.WriteLine($"- [{(met ? "met" : "missed")}] {target}: {detail}");

    private sealed record Comparison(string Best, double Difference, string Verdict);

    /// <summary>The focal defaults against the built-in with the best mean on this task, paired by seed.</summary>
    private static Comparison? Compare(ResultsFile results, SuiteTask task, int[] seeds, string focal, Contender[] builtIns, int metric)
    {
        bool higher = SplitMetrics.HigherIsBetter[metric];
        int[] common = Common(results, task, seeds, builtIns.Select(b => b.Name).Append(focal));
        if (common.Length == 0) return null;
        var best = builtIns.Select(b => (b.Name, Mean: results.Of(task.Name, b.Name, common).Average(m => m[metric])))
            .OrderBy(b => higher ? -b.Mean : b.Mean).First();
        (double mean, string verdict) = Paired(results, task, common, focal, best.Name, metric)!.Value;
        return new Comparison(best.Name, mean, verdict);
    }

    /// <summary>
    /// <paramref name="a"/> minus <paramref name="b"/> on the metric, the mean of the per-seed differences, and whether
    /// it is a win, tie or loss for <paramref name="a"/>: a tie is within two standard errors of those differences.
    /// </summary>
    private static (double Difference, string Verdict)? Paired(ResultsFile results, SuiteTask task, int[] common, string a, string b, int metric)
    {
        if (common.Length == 0) return null;
        double[] differences = results.Of(task.Name, a, common).Zip(results.Of(task.Name, b, common), (x, y) => x[metric] - y[metric]).ToArray();
        double mean = Exact(differences.Average());
        double standardError = differences.Length > 1 ? StandardDeviation(differences) / Math.Sqrt(differences.Length) : 0;
        string verdict = Math.Abs(mean) <= 2 * standardError || mean == 0 ? "tie" : (mean > 0) == SplitMetrics.HigherIsBetter[metric] ? "win" : "loss";
        return (mean, verdict);
    }

    /// <summary>
    /// 0 for a difference of rounding size: per-seed differences that cancel (+0.1 and −0.1) leave about 1e-17, which
    /// would count a tie of means as "below".
    /// </summary>
    private static double Exact(double difference) => Math.Abs(difference) < 1e-12 ? 0 : difference;

    private static double? Ratio(ResultsFile results, SuiteTask task, int[] seeds, string a, string b)
    {
        int[] common = Common(results, task, seeds, new[] { a, b });
        return common.Length == 0 ? null : results.Of(task.Name, a, common).Average(m => m.Seconds) / results.Of(task.Name, b, common).Average(m => m.Seconds);
    }

    private static int[] Common(ResultsFile results, SuiteTask task, int[] seeds, IEnumerable<string> contenders) =>
        seeds.Where(s => contenders.All(c => results.Of(task.Name, c, new[] { s }).Length == 1)).ToArray();

    private static double Worst(List<Comparison> comparisons, int metric) =>
        SplitMetrics.HigherIsBetter[metric] ? comparisons.Min(c => c.Difference) : comparisons.Max(c => c.Difference);

    private static string Cell(SplitMetrics[] values, int metric)
    {
        if (values.Length == 0) return "";
        double[] v = values.Select(m => m[metric]).ToArray();
        string format = metric == FitSeconds ? "0.00" : "0.000";
        return v.Average().ToString(format, CultureInfo.InvariantCulture) + (v.Length > 1 ? " ± " + StandardDeviation(v).ToString(format, CultureInfo.InvariantCulture) : "");
    }

    internal static double StandardDeviation(double[] values)
    {
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, values.Length - 1));
    }
}
