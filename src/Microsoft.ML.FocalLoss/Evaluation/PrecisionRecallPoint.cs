namespace Microsoft.ML.FocalLoss.Evaluation;

/// <summary>A point of the precision–recall curve: predicting positive when score ≥ <paramref name="Threshold"/>.</summary>
/// <param name="Threshold">The score threshold.</param>
/// <param name="Precision">Positives among the rows at or above the threshold (by weight).</param>
/// <param name="Recall">The share of positives at or above the threshold (by weight).</param>
public readonly record struct PrecisionRecallPoint(double Threshold, double Precision, double Recall);
