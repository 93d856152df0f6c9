using Microsoft.ML.FocalLoss.Loss;
using static TorchSharp.torch;

namespace Microsoft.ML.FocalLoss.Training;

/// <summary>Reduces per-row losses with α_t and optional example weights w, as <see cref="FocalLossReduction"/> defines.</summary>
internal static class LossReduction
{
    /// <summary>Sum: Σ w α l. Mean: Σ w α l / Σ w. WeightedMean: Σ w α l / Σ w α.</summary>
    public static Tensor Reduce(Tensor rowLosses, Tensor rowAlpha, Tensor? rowWeights, FocalLossReduction reduction)
    {
        Tensor weight = rowWeights is null ? rowAlpha : rowAlpha.mul(rowWeights);
        Tensor total = rowLosses.mul(weight).sum();
        return reduction switch
        {
            FocalLossReduction.Sum => total,
            FocalLossReduction.Mean => rowWeights is null ? total.div(rowLosses.shape[0]) : total.div(rowWeights.sum().clamp_min(1e-12)),
            _ => total.div(weight.sum().clamp_min(1e-12)),
        };
    }
}
