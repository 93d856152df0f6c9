namespace Microsoft.ML.FocalLoss.Loss;

/// <summary>How a focal loss reduces per-element losses to its result.</summary>
public enum FocalLossReduction
{
    /// <summary>No reduction: one loss per target, ignored targets give 0.</summary>
    None,

    /// <summary>The sum of the per-target losses.</summary>
    Sum,

    /// <summary>
    /// The plain mean over the targets that are not ignored, as yatengLG/Focal-Loss-Pytorch's <c>size_average=True</c>.
    /// </summary>
    Mean,

    /// <summary>
    /// Σ loss / Σ α_t over the targets that are not ignored, the normalisation of <c>CrossEntropyLoss(weight)</c>:
    /// with γ = 0 it is weighted cross-entropy exactly, and the loss scale does not change when α is rescaled.
    /// </summary>
    WeightedMean,
}
