using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.FocalLoss.Cli;

/// <summary>A seeded split that puts every class on both sides: each class contributes its share, at least one row each way.</summary>
internal static class StratifiedSplit
{
    public static (int[] Train, int[] Test) Of(int[] classIndex, double testFraction, int seed)
    {
        if (!(testFraction > 0 && testFraction < 1)) throw new CliException($"--test-fraction must lie in (0, 1); got {testFraction}.");
        var random = new Random(seed);
        var train = new List<int>();
        var test = new List<int>();
        foreach (var group in Enumerable.Range(0, classIndex.Length).Where(i => classIndex[i] >= 0).GroupBy(i => classIndex[i]).OrderBy(g => g.Key))
        {
            int[] rows = group.ToArray();
            random.Shuffle(rows);
            int testCount = rows.Length < 2 ? 0 : Math.Clamp((int)Math.Round(rows.Length * testFraction), 1, rows.Length - 1);
            test.AddRange(rows[..testCount]);
            train.AddRange(rows[testCount..]);
        }
        return (train.Order().ToArray(), test.Order().ToArray());
    }
}
