namespace Microsoft.ML.FocalLoss.Training;

/// <summary>How raw features are scaled before the network; the statistics come from the training rows.</summary>
public enum FeatureScalingMode
{
    /// <summary>Subtract the mean and divide by the standard deviation.</summary>
    Standard,

    /// <summary>
    /// Subtract the median, divide by the interquartile range (as a normal spread, IQR / 1.349; the standard
    /// deviation where the IQR is 0), then clip smoothly to ±3 with z / √(1 + (z/3)²), as RealMLP does: outliers and
    /// heavy tails stay bounded.
    /// </summary>
    Robust,
}
