namespace Microsoft.ML.FocalLoss.Evaluation;

/// <summary>One bin of a reliability diagram.</summary>
/// <param name="Lower">The exclusive lower bound of the bin's confidence.</param>
/// <param name="Upper">The inclusive upper bound.</param>
/// <param name="Weight">The rows in the bin (by example weight when weights are given).</param>
/// <param name="MeanConfidence">The mean top probability of the bin's rows; NaN for an empty bin.</param>
/// <param name="Accuracy">The share of the bin's rows whose top class is the true one; NaN for an empty bin.</param>
public sealed record ReliabilityBin(double Lower, double Upper, double Weight, double MeanConfidence, double Accuracy);
