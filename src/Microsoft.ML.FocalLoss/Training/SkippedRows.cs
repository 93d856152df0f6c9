namespace Microsoft.ML.FocalLoss.Training;

/// <summary>Rows a pass over the data left out, by cause.</summary>
/// <param name="NonFiniteFeatures">Rows with a NaN or infinite feature.</param>
/// <param name="MissingLabels">Rows whose label key is missing.</param>
/// <param name="BadWeights">Rows with a NaN, infinite or negative example weight.</param>
internal sealed record SkippedRows(long NonFiniteFeatures, long MissingLabels, long BadWeights)
{
    public long Total => NonFiniteFeatures + MissingLabels + BadWeights;
}
