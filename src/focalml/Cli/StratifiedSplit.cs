using System;
using System.Collections;
using System.Collections.Generic;

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

    /// <summary>
    /// Stratified k-fold: each row's fold (−1 for a row without a class). Each class's rows are shuffled and dealt
    /// to the folds in turn, so every fold holds ⌊n/k⌋ or ⌈n/k⌉ of a class of n rows; the fold that gets a class's
    /// spare rows moves on from class to class, so the folds' sizes differ by at most one row too.
    /// </summary>
    public static int[] Folds(int[] classIndex, int classes, int folds, int seed)
    {
        if (folds < 2) throw new ArgumentOutOfRangeException(nameof(folds), folds, "Cross-validation needs at least two folds.");
        var rows = new List<int>[classes];
        for (int c = 0; c < classes; c++) rows[c] = new List<int>();
        for (int i = 0; i < classIndex.Length; i++)
            if (classIndex[i] >= 0) rows[classIndex[i]].Add(i);

        var random = new Random(seed);
        var fold = new int[classIndex.Length];
        Array.Fill(fold, -1);
        int next = 0;
        for (int c = 0; c < classes; c++)
        {
            int[] members = rows[c].ToArray();
            random.Shuffle(members);
            foreach (int row in members)
            {
                fold[row] = next;
                next = (next + 1) % folds;
            }
        }
        return fold;
    }

    /// <summary>The rows of fold <paramref name="f"/> (the test side) and the rest of the labelled rows (the training side).</summary>
    public static (BitArray Train, BitArray Test) Fold(int[] fold, int f)
    {
        var train = new BitArray(fold.Length);
        var test = new BitArray(fold.Length);
        for (int i = 0; i < fold.Length; i++)
        {
            if (fold[i] < 0) continue;
            (fold[i] == f ? test : train)[i] = true;
        }
        return (train, test);
    }
}
