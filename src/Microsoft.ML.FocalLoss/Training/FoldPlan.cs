using System;
using System.Collections;
using System.Linq;
using Microsoft.ML.FocalLoss.Evaluation;

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
    /// Stratified k-fold (<see cref="Stratification.Folds"/>): each class's rows, shuffled, are dealt to the folds in
    /// turn from a random fold. Every class spreads evenly, and fold sizes differ by at most one, so with at least as
    /// many rows as folds every network has rows to train on.
    /// </summary>
    public static FoldPlan CrossFit(int[] labels, int folds, Random random)
    {
        int first = random.Next(folds);
        int[] fold = Stratification.Folds(labels, labels.Max() + 1, folds, random, first);
        return new FoldPlan(folds, fold, $"{folds}-fold cross-fitting: {folds} networks, each validated on the fold it does not train on");
    }

    /// <summary>
    /// One network; a stratified share of each class (<see cref="Stratification.TrainTest"/>: at least one row where
    /// the class has two) is held out.
    /// </summary>
    public static FoldPlan HoldOut(int[] labels, double fraction, Random random)
    {
        (_, BitArray held) = Stratification.TrainTest(labels, labels.Max() + 1, fraction, random);
        int[] fold = Enumerable.Range(0, labels.Length).Select(r => held[r] ? 0 : -1).ToArray();
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
}
