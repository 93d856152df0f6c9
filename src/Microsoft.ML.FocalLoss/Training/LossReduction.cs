using Microsoft.ML.FocalLoss.Loss;
using static TorchSharp.torch;

namespace Microsoft.ML.FocalLoss.Training;

/// <summary>Reduces per-row losses with α_t and optional example weights w, as <see cref="FocalLossReduction"/> defines, one value per member.</summary>
internal static class LossReduction
{
    /// <summary>
    /// Over the last dimension of [K, B] tensors: Sum: Σ w α l. Mean: Σ w α l / Σ w. WeightedMean: Σ w α l / Σ w α.
    /// Returns [K].
    /// </summary>
    public static Tensor PerMember(Tensor rowLosses, Tensor rowAlpha, Tensor? rowWeights, FocalLossReduction reduction)
    {
        Tensor weight = rowWeights is null ? rowAlpha : rowAlpha.mul(rowWeights);
        Tensor weighted = rowLosses.mul(weight);
        return reduction switch
        {
            FocalLossReduction.Sum => weighted.sum(-1),
            FocalLossReduction.Mean => rowWeights is null ? weighted.mean(new long[] { -1 }) : weighted.sum(-1).div(rowWeights.sum(-1).clamp_min(KeptScalars.Epsilon)),
            _ => weighted.sum(-1).div(weight.sum(-1).clamp_min(KeptScalars.Epsilon)),
        };
    }
}
