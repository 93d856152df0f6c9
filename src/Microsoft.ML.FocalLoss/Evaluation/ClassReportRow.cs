namespace Microsoft.ML.FocalLoss.Evaluation;

/// <summary>One row of a <see cref="ClassificationReport"/>: a class, or the macro or weighted average.</summary>
/// <param name="Name">The class name, or "macro avg" / "weighted avg".</param>
/// <param name="Precision">Correct predictions of the class among all predictions of it (0 when it is never predicted).</param>
/// <param name="Recall">Correct predictions of the class among its rows (0 when it has none).</param>
/// <param name="F1">The harmonic mean of precision and recall (0 when both are 0).</param>
/// <param name="Support">Rows of the class, by example weight when weights are given; the total on average rows.</param>
/// <param name="Auroc">One-vs-rest AUROC; NaN when undefined.</param>
/// <param name="Auprc">One-vs-rest average precision (area under the precision–recall curve).</param>
public sealed record ClassReportRow(string Name, double Precision, double Recall, double F1, double Support, double Auroc, double Auprc);
