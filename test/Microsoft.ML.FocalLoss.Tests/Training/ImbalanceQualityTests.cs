using System;
using System.Collections.Generic;
using System.Linq;
using ImbalancedSuite;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.FocalLoss.Tests.Training;

/// <summary>
/// The quality suite's headline on a subset that fits CI time: five small tasks (two multiclass, three binary, one
/// with text features and missing values) and three of the suite's seeds, the focal defaults against ML.NET's best
/// built-in per task (FastTree and LightGbm with and without UnbalancedSets, L-BFGS) and the plain cross-entropy
/// network. benchmarks/ImbalancedSuite runs all twelve tasks on five seeds; these bounds are looser than its
/// targets because three seeds of small test splits move more.
/// </summary>
[TestClass]
public sealed class ImbalanceQualityTests
{
    private static readonly string[] Tasks = { "glass", "vowel-lt", "pima", "house-votes", "ionosphere" };
    private static readonly int[] Seeds = { 1, 2, 3 };

    [TestMethod]
    public void FocalDefaultsHoldTheSuiteHeadlineOnASubset()
    {
        var contenders = Contender.Standard();
        string[] builtIns = contenders.Where(c => c.IsBuiltIn).Select(c => c.Name).ToArray();
        var results = new Dictionary<(string Task, string Contender), List<SplitMetrics>>();
        foreach (SuiteTask task in SuiteTasks.Select(string.Join(",", Tasks)))
        {
            TaskTable table = TaskTable.Load(new MLContext(seed: 0), task, ShippedData.Folder);
            foreach (int seed in Seeds)
            {
                (int[] train, int[] test) = StratifiedSplit.Of(table, 0.3, seed);
                foreach (Contender contender in contenders)
                {
                    var ml = new MLContext(seed: seed);
                    SplitMetrics metrics = SuiteRun.FitAndScore(ml, table, contender, train, test);
                    if (!results.TryGetValue((task.Name, contender.Name), out var list)) results[(task.Name, contender.Name)] = list = new List<SplitMetrics>();
                    list.Add(metrics);
                }
            }
        }

        double Mean(string task, string contender, int metric) => results[(task, contender)].Average(m => m[metric]);
        double BestBuiltIn(string task, int metric) => SplitMetrics.HigherIsBetter[metric]
            ? builtIns.Max(b => Mean(task, b, metric)) : builtIns.Min(b => Mean(task, b, metric));
        double Gap(int metric) => Tasks.Average(t => Mean(t, Contender.Focal, metric) - BestBuiltIn(t, metric));
        foreach (string task in Tasks)
            Console.WriteLine($"{task}: " + string.Join(", ", Enumerable.Range(0, 5).Select(m =>
                FormattableString.Invariant($"{SplitMetrics.Names[m]} {Mean(task, Contender.Focal, m):F3} (best built-in {BestBuiltIn(task, m):F3}, cross-entropy {Mean(task, "cross-entropy", m):F3})"))));
        double f1 = Gap(0), recall = Gap(1), auroc = Gap(2);
        double logLoss = Tasks.Average(t => Mean(t, Contender.Focal, 3) - Mean(t, "cross-entropy", 3));
        Console.WriteLine(FormattableString.Invariant($"focal − best built-in: macro-F1 {f1:+0.000;−0.000;0.000}, min recall {recall:+0.000;−0.000;0.000}, macro AUROC {auroc:+0.0000;−0.0000;0.0000}; log-loss − cross-entropy {logLoss:+0.000;−0.000;0.000}"));

        Assert.IsTrue(f1 >= -0.02, $"macro-F1 {f1:F3} behind the best built-in on average");
        Assert.IsTrue(recall >= -0.02, $"minimum recall {recall:F3} behind the best built-in on average");
        Assert.IsTrue(auroc >= -0.01, $"macro AUROC {auroc:F4} behind the best built-in on average");
        Assert.IsTrue(logLoss <= 0, $"log-loss {logLoss:F3} above the plain cross-entropy network's on average");
    }
}
