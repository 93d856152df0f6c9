namespace Microsoft.ML.FocalLoss.Evaluation;

/// <summary>A point of the ROC curve: predicting positive when score ≥ <paramref name="Threshold"/>.</summary>
/// <param name="Threshold">The score threshold; +∞ for the first point (0, 0).</param>
/// <param name="FalsePositiveRate">The share of negatives (by weight) scored at or above the threshold.</param>
/// <param name="TruePositiveRate">The share of positives (by weight) scored at or above the threshold.</param>
public readonly record struct RocPoint(double Threshold, double FalsePositiveRate, double TruePositiveRate);
