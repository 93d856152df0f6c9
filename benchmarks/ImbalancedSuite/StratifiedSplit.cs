using System;
using System.Collections;
using System.Linq;
using Microsoft.ML.FocalLoss.Evaluation;

namespace ImbalancedSuite;

/// <summary>
/// A stratified train/test split: each class sends the same share of its rows (at least one) to the test set. It is
/// the library's stratification (what <c>StratifiedTrainTestSplit</c> and `focalml train` use) on the table's classes.
/// </summary>
internal static class StratifiedSplit
{
    public static (int[] Train, int[] Test) Of(TaskTable table, double testFraction, int seed)
    {
        int[] classOf = Enumerable.Range(0, table.Count).Select(table.ClassOf).ToArray();
        (BitArray train, BitArray test) = Stratification.TrainTest(classOf, table.ClassNames.Length, testFraction, new Random(seed));
        return (Rows(train), Rows(test));
    }

    private static int[] Rows(BitArray mask) => Enumerable.Range(0, mask.Length).Where(i => mask[i]).ToArray();
}
