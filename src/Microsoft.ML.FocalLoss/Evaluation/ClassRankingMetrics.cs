namespace Microsoft.ML.FocalLoss.Evaluation;

/// <summary>One class's one-vs-rest ranking metrics.</summary>
/// <param name="ClassName">The class, named by the label's key value.</param>
/// <param name="Auroc">One-vs-rest AUROC; NaN when the class has no positive or no negative rows.</param>
/// <param name="AveragePrecision">One-vs-rest average precision; NaN when the class has no rows.</param>
/// <param name="Support">Rows of this class.</param>
/// <param name="WeightedSupport">Total example weight of this class (equals <paramref name="Support"/> without weights).</param>
public sealed record ClassRankingMetrics(string ClassName, double Auroc, double AveragePrecision, long Support, double WeightedSupport);
