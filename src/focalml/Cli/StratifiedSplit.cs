using System;
using System.Collections;

namespace Microsoft.ML.FocalLoss.Cli;

/// <summary>
/// A seeded split that puts every class on both sides: each class contributes its share, at least one row each way.
/// It holds one index array per class and two bit masks, nothing more, so it stays small at millions of rows.
/// </summary>
internal static class StratifiedSplit
{
    public static (BitArray Train, BitArray Test) Of(int[] classIndex, int classes, double testFraction, int seed)
    {
        if (!(testFraction > 0 && testFraction < 1)) throw new CliException($"--test-fraction must lie in (0, 1); got {testFraction}.");
        var counts = new int[classes];
        foreach (int c in classIndex) if (c >= 0) counts[c]++;
        var rows = new int[classes][];
        for (int c = 0; c < classes; c++) rows[c] = new int[counts[c]];
        var filled = new int[classes];
        for (int i = 0; i < classIndex.Length; i++)
            if (classIndex[i] >= 0) rows[classIndex[i]][filled[classIndex[i]]++] = i;

        var random = new Random(seed);
        var train = new BitArray(classIndex.Length);
        var test = new BitArray(classIndex.Length);
        for (int c = 0; c < classes; c++)
        {
            int[] members = rows[c];
            random.Shuffle(members);
            int testCount = members.Length < 2 ? 0 : Math.Clamp((int)Math.Round(members.Length * testFraction), 1, members.Length - 1);
            for (int j = 0; j < members.Length; j++) (j < testCount ? test : train)[members[j]] = true;
            rows[c] = null!; // freed class by class
        }
        return (train, test);
    }
}
