using System;
using System.Collections;

namespace Microsoft.ML.FocalLoss.Evaluation;

/// <summary>
/// Stratified splits of rows by their stratum (a class; −1 leaves a row out of both sides). Each stratum's rows are
/// shuffled on their own, so every side holds its share of every stratum: a rare class cannot land on one side only,
/// as it can when rows are sent one way or the other at random. One index array per stratum and the masks are all it
/// holds, so it stays small at millions of rows.
/// </summary>
internal static class Stratification
{
    /// <summary>
    /// A train/test split: each stratum of n ≥ 2 rows sends round(n · testFraction) of them, at least one and at
    /// most n − 1, to the test side; a stratum of one row stays in training.
    /// </summary>
    public static (BitArray Train, BitArray Test) TrainTest(int[] stratum, int strata, double testFraction, Random random)
    {
        if (!(testFraction > 0 && testFraction < 1)) throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "The test fraction must lie in (0, 1).");
        int[][] rows = Members(stratum, strata);
        var train = new BitArray(stratum.Length);
        var test = new BitArray(stratum.Length);
        for (int s = 0; s < strata; s++)
        {
            int[] members = rows[s];
            random.Shuffle(members);
            int testCount = members.Length < 2 ? 0 : Math.Clamp((int)Math.Round(members.Length * testFraction), 1, members.Length - 1);
            for (int j = 0; j < members.Length; j++) (j < testCount ? test : train)[members[j]] = true;
            rows[s] = null!; // freed stratum by stratum
        }
        return (train, test);
    }

    /// <summary>
    /// K folds: each row's fold (−1 for a row left out). Each stratum's rows are shuffled and dealt to the folds in
    /// turn, starting from fold <paramref name="first"/>, so every fold holds ⌊n/k⌋ or ⌈n/k⌉ of a stratum of n rows;
    /// the fold that gets a stratum's spare rows moves on from stratum to stratum, so the folds' sizes differ by at
    /// most one row too.
    /// </summary>
    public static int[] Folds(int[] stratum, int strata, int folds, Random random, int first = 0)
    {
        if (folds < 2) throw new ArgumentOutOfRangeException(nameof(folds), folds, "Cross-validation needs at least two folds.");
        int[][] rows = Members(stratum, strata);
        var fold = new int[stratum.Length];
        Array.Fill(fold, -1);
        int next = first;
        for (int s = 0; s < strata; s++)
        {
            int[] members = rows[s];
            random.Shuffle(members);
            foreach (int row in members)
            {
                fold[row] = next;
                next = (next + 1) % folds;
            }
            rows[s] = null!;
        }
        return fold;
    }

    /// <summary>The rows of fold <paramref name="f"/> (the test side) and the rest of the rows in a fold (the training side).</summary>
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

    /// <summary>Each stratum's rows in their order.</summary>
    private static int[][] Members(int[] stratum, int strata)
    {
        var counts = new int[strata];
        foreach (int s in stratum) if (s >= 0) counts[s]++;
        var rows = new int[strata][];
        for (int s = 0; s < strata; s++) rows[s] = new int[counts[s]];
        var filled = new int[strata];
        for (int i = 0; i < stratum.Length; i++)
            if (stratum[i] >= 0) rows[stratum[i]][filled[stratum[i]]++] = i;
        return rows;
    }
}
