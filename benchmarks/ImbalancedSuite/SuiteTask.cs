using System;

namespace ImbalancedSuite;

/// <summary>
/// One imbalanced classification task: a shipped CSV, its label, and how the task derives from it.
/// </summary>
/// <param name="Name">Short name used on the command line and in tables.</param>
/// <param name="File">The CSV in examples/data.</param>
/// <param name="Label">The label column.</param>
/// <param name="Positive">For a binary task, the label value that is the positive class (one-vs-rest when the data has more classes); null for multiclass.</param>
/// <param name="Imbalance">
/// Null keeps the data's own class counts. For a binary task, the positive class is subsampled to negatives / Imbalance.
/// For a multiclass task, classes are subsampled to a long-tailed profile (Cui et al. 2019): the class of rank r (in
/// name order) keeps n_max · Imbalance^(−r / (C − 1)) rows.
/// </param>
/// <param name="Categorical">Columns read as text and one-hot encoded; every other column is numeric.</param>
internal sealed record SuiteTask(string Name, string File, string Label, string? Positive, double? Imbalance, string[] Categorical)
{
    /// <summary>The fixed seed of the subsampling that derives a task; splits have their own seeds.</summary>
    public const int DerivationSeed = 20261129;

    public bool IsBinary => Positive is not null;

    public static SuiteTask Binary(string name, string file, string label, string positive, double? imbalance = null, params string[] categorical) =>
        new(name, file, label, positive, imbalance, categorical);

    public static SuiteTask Multiclass(string name, string file, string label, double? longTail = null) =>
        new(name, file, label, null, longTail, Array.Empty<string>());
}
