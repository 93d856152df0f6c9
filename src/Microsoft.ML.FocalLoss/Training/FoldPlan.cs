using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.FocalLoss.Training;

/// <summary>
/// Which training rows each network learns from and which it is validated on. Row r is held out by member
/// <c>Fold[r]</c> (if that is a member) and trained on by every other member; −1 means every member trains on it.
/// </summary>
internal sealed class FoldPlan
{
    private FoldPlan(int members, int[] fold, string description)
    {
        Members = members;
        Fold = fold;
        Description = description;
    }

    public int Members { get; }

    public int[] Fold { get; }

    /// <summary>For the log: how rows were held out.</summary>
    public string Description { get; }

    /// <summary>True when some training rows are held out for validation.</summary>
    public bool HoldsOut => Fold.Any(f => f >= 0);

    /// <summary>
    /// Stratified k-fold: the rows, shuffled within each class and taken class after class, are dealt to the folds in
    /// turn from a random fold. Every class spreads evenly, and fold sizes differ by at most one, so with at least
    /// as many rows as folds every network has rows to train on.
    /// </summary>
    public static FoldPlan CrossFit(int[] labels, int folds, Random random)
    {
        var fold = new int[labels.Length];
        int next = random.Next(folds);
        foreach (int[] rows in ByClass(labels, random))
            foreach (int row in rows) fold[row] = next++ % folds;
        return new FoldPlan(folds, fold, $"{folds}-fold cross-fitting: {folds} networks, each validated on the fold it does not train on");
    }

    /// <summary>One network; a stratified share of each class (at least one row where the class has two) is held out.</summary>
    public static FoldPlan HoldOut(int[] labels, double fraction, Random random)
    {
        var fold = new int[labels.Length];
        Array.Fill(fold, -1);
        foreach (int[] rows in ByClass(labels, random))
        {
            int held = rows.Length < 2 ? 0 : Math.Clamp((int)Math.Round(rows.Length * fraction), 1, rows.Length - 1);
            for (int i = 0; i < held; i++) fold[rows[i]] = 0;
        }
        return new FoldPlan(1, fold, FormattableString.Invariant($"one network, {fraction:P0} of the rows (stratified) held out"));
    }

    /// <summary>One network trained on every row; validation, if any, comes from elsewhere.</summary>
    public static FoldPlan None(int rows, string description)
    {
        var fold = new int[rows];
        Array.Fill(fold, -1);
        return new FoldPlan(1, fold, description);
    }

    /// <summary>The rows member <paramref name="member"/> trains on.</summary>
    public int[] TrainingRows(int member) => Enumerable.Range(0, Fold.Length).Where(r => Fold[r] != member).ToArray();

    /// <summary>The rows member <paramref name="member"/> is validated on.</summary>
    public int[] HeldOutRows(int member) => Enumerable.Range(0, Fold.Length).Where(r => Fold[r] == member).ToArray();

    private static IEnumerable<int[]> ByClass(int[] labels, Random random)
    {
        foreach (var group in Enumerable.Range(0, labels.Length).GroupBy(r => labels[r]).OrderBy(g => g.Key))
        {
            int[] rows = group.ToArray();
            random.Shuffle(rows);
            yield return rows;
        }
    }
}
