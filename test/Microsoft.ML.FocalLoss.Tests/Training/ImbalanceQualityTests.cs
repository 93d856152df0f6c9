using System;
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
        SuiteTask[] tasks = SuiteTasks.Select(string.Join(",", Tasks));
        var results = new ResultsFile(null);
        foreach (SuiteTask task in tasks)
        {
            TaskTable table = TaskTable.Load(new MLContext(seed: 0), task, ShippedData.Folder);
            foreach (int seed in Seeds)
            {
                (int[] train, int[] test) = StratifiedSplit.Of(table, 0.3, seed);
                foreach (Contender contender in contenders)
                    results.Add(task.Name, seed, contender.Name, SuiteRun.FitAndScore(new MLContext(seed: seed), table, contender, train, test));
            }
        }
        SuiteReport.Write(Console.Out, results, tasks, Seeds, contenders, Contender.Focal);

        Contender[] builtIns = contenders.Where(c => c.IsBuiltIn).ToArray();
        double Gap(int metric) => SuiteReport.BuiltInGaps(results, tasks, Seeds, Contender.Focal, builtIns, metric).Average(g => g.Gap);
        double f1 = Gap(0), recall = Gap(1), auroc = Gap(2);
        double logLoss = SuiteReport.Gaps(results, tasks, Seeds, Contender.Focal, "cross-entropy", 3).Average(g => g.Gap);

        Assert.IsTrue(f1 >= -0.02, $"macro-F1 {f1:F3} behind the best built-in on average");
        Assert.IsTrue(recall >= -0.02, $"minimum recall {recall:F3} behind the best built-in on average");
        Assert.IsTrue(auroc >= -0.01, $"macro AUROC {auroc:F4} behind the best built-in on average");
        Assert.IsTrue(logLoss <= 0, $"log-loss {logLoss:F3} above the plain cross-entropy network's on average");
    }
}
