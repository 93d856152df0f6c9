using System;
using System.Linq;
using ImbalancedSuite;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.FocalLoss.Tests.Training;

/// <summary>
/// The quality suite's headline on a subset that fits CI time: five small tasks (two multiclass, three binary, one
/// with text features and missing values) on the suite's five seeds, the focal defaults against ML.NET's best
/// built-in per task (FastTree and LightGbm with and without UnbalancedSets, L-BFGS) and the plain cross-entropy
/// network. benchmarks/ImbalancedSuite runs all twelve tasks; these bounds are looser than its targets because
/// small test splits move more. Five seeds, not three: vowel-lt's rarest class has 3 test rows, and with three
/// seeds a change of random stream alone moved the subset's min recall gap by 0.025 (3e-3 → 0.01 learning rate:
/// −0.012 → −0.036 on seeds 1–3, −0.013 → 0.000 on seeds 1–5). On seeds 1–5 the plain cross-entropy network's
/// min recall gap is −0.048, which the bound rejects.
/// </summary>
[TestClass]
public sealed class ImbalanceQualityTests
{
    private static readonly string[] Tasks = { "glass", "vowel-lt", "pima", "house-votes", "ionosphere" };
    private static readonly int[] Seeds = { 1, 2, 3, 4, 5 };

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
