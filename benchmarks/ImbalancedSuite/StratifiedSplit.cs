using System;
using System.Linq;

namespace ImbalancedSuite;

/// <summary>A stratified train/test split: each class sends the same share of its rows (at least one) to the test set.</summary>
internal static class StratifiedSplit
{
    public static (int[] Train, int[] Test) Of(TaskTable table, double testFraction, int seed)
    {
        var random = new Random(seed);
        var train = new System.Collections.Generic.List<int>();
        var test = new System.Collections.Generic.List<int>();
        foreach (var group in Enumerable.Range(0, table.Count).GroupBy(table.ClassOf).OrderBy(g => g.Key))
        {
            int[] rows = group.ToArray();
            random.Shuffle(rows);
            int testCount = Math.Clamp((int)Math.Round(rows.Length * testFraction), 1, rows.Length - 1);
            test.AddRange(rows[..testCount]);
            train.AddRange(rows[testCount..]);
        }
        train.Sort();
        test.Sort();
        return (train.ToArray(), test.ToArray());
    }
}
