using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace ImbalancedSuite;

/// <summary>
/// Every network contender beside the focal defaults (plain cross-entropy, --variant, --merge-as), against them,
/// paired by task and seed: the mean difference ± its standard error on each metric over all pairs, the ratio of total
/// fit time, how many pairs gave identical metrics, and per task the macro-F1, min recall and log-loss differences.
/// This is the comparison a candidate's rule is judged by.
/// </summary>
internal static class VariantReport
{
    private static readonly int[] QualityMetrics = { 0, 1, 2, 3, 4 };

    public static void Write(TextWriter output, ResultsFile results, SuiteTask[] tasks, int[] seeds, string[] contenders, string focal)
    {
        var others = contenders.Where(c => c != focal).Distinct()
            .Select(c => (Name: c, Pairs: Pairs(results, tasks, seeds, focal, c)))
            .Where(o => o.Pairs.Count > 0).ToArray();
        if (others.Length == 0) return;
        output.WriteLine();
        output.WriteLine($"### Network contenders against {focal} (paired by task and seed; mean difference ± standard error)");
        output.WriteLine();
        output.WriteLine("| contender | pairs | " + string.Join(" | ", QualityMetrics.Select(m => SplitMetrics.Names[m])) + " | fit time | identical |");
        output.WriteLine("|---|---|" + string.Concat(QualityMetrics.Select(_ => "---|")) + "---|---|");
        foreach (var (name, pairs) in others)
        {
            string cells = string.Join(" | ", QualityMetrics.Select(m => MeanAndError(pairs.Select(p => p.Other[m] - p.Focal[m]).ToArray())));
            double time = pairs.Sum(p => p.Other.Seconds) / pairs.Sum(p => p.Focal.Seconds);
            int identical = pairs.Count(p => QualityMetrics.All(m => p.Other[m] == p.Focal[m]));
            output.WriteLine(FormattableString.Invariant($"| {name} | {pairs.Count} | {cells} | {time:0.00}× | {identical} |"));
        }
        output.WriteLine();
        output.WriteLine($"Per task, mean difference from {focal} (macro-F1 / min recall / log-loss):");
        output.WriteLine();
        output.WriteLine("| task | " + string.Join(" | ", others.Select(o => o.Name)) + " |");
        output.WriteLine("|---|" + string.Concat(others.Select(_ => "---|")));
        foreach (SuiteTask task in tasks)
        {
            var cells = others.Select(o => o.Pairs.Where(p => p.Task == task.Name).ToArray()).Select(p => p.Length == 0 ? ""
                : string.Join(" / ", new[] { 0, 1, 3 }.Select(m => p.Average(x => x.Other[m] - x.Focal[m]).ToString("+0.000;−0.000;0.000", CultureInfo.InvariantCulture))));
            output.WriteLine($"| {task.Name} | {string.Join(" | ", cells)} |");
        }
    }

    private static List<(string Task, SplitMetrics Focal, SplitMetrics Other)> Pairs(ResultsFile results, SuiteTask[] tasks, int[] seeds, string focal, string other)
    {
        var pairs = new List<(string, SplitMetrics, SplitMetrics)>();
        foreach (SuiteTask task in tasks)
            foreach (int seed in seeds)
                if (results.TryGet(task.Name, seed, focal, out SplitMetrics f) && results.TryGet(task.Name, seed, other, out SplitMetrics o))
                    pairs.Add((task.Name, f, o));
        return pairs;
    }

    private static string MeanAndError(double[] differences)
    {
        double mean = differences.Average();
        double error = differences.Length > 1 ? SuiteReport.StandardDeviation(differences) / Math.Sqrt(differences.Length) : 0;
        return FormattableString.Invariant($"{mean:+0.0000;−0.0000;0.0000} ± {error:0.0000}");
    }
}
