using Microsoft.ML.FocalLoss.Loss;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.FocalLoss.Training;

/// <summary>
/// Each member's reduced focal loss on its rows of a batch, and a surrogate whose gradient with respect to the
/// logits is the gradient of the members' summed losses.
/// </summary>
/// <remarks>
/// The row losses and their gradients come in closed form from <see cref="TrainingTask.RowLosses"/>, without autograd;
/// each row's gradient is scaled by its share of the reduction, G, and the surrogate Σ G · logits, with G held
/// constant, puts exactly G on the logits in two autograd nodes. On the small tables this library trains, a step
/// costs what its calls cost: the loss composed from tensor ops was about a dozen autograd nodes, and a TorchSharp
/// custom autograd function spends tens of microseconds on its own bookkeeping per call.
/// The reductions, over each member's rows, with α the class weight and w the example weight (1 when absent):
/// Sum: Σ w α l. Mean: Σ w α l / Σ w. WeightedMean: Σ w α l / Σ w α.
/// </remarks>
internal static class MemberLoss
{
    /// <param name="task">The per-row loss and α.</param>
    /// <param name="logits">[K, B, outputs]: member k's logits for its rows.</param>
    /// <param name="labels">[K, B] class indices.</param>
    /// <param name="rowWeights">[K, B] example weights, or null.</param>
    /// <param name="reduction">Sum, Mean or WeightedMean.</param>
    /// <returns>
    /// Each member's loss, [K], outside the graph; and when the logits require a gradient, the surrogate scalar to
    /// call backward on (its value is not the loss).
    /// </returns>
    public static (Tensor Losses, Tensor? Surrogate) Compute(TrainingTask task, Tensor logits, Tensor labels, Tensor? rowWeights, FocalLossReduction reduction)
    {
        long members = logits.shape[0], rows = logits.shape[1];
        bool gradients = logits.requires_grad;
        using var scope = NewDisposeScope();
        using Scalar rowCount = ((double)rows).ToScalar();
        Tensor losses, scaled;
        using (no_grad())
        {
            Tensor flatLogits = logits.detach().reshape(members * rows, -1), flatLabels = labels.reshape(-1);
            (Tensor rowLosses, Tensor? rowGradients) = task.RowLosses(flatLogits, flatLabels, gradients);
            Tensor alpha = task.RowAlpha(flatLabels, flatLogits).view(members, rows);
            Tensor weight = rowWeights is null ? alpha : alpha.mul(rowWeights);
            Tensor share = reduction switch
            {
                FocalLossReduction.Sum => weight,
                FocalLossReduction.Mean when rowWeights is null => weight.div(rowCount),
                FocalLossReduction.Mean => weight.div(rowWeights.sum(-1, keepdim: true).clamp_min(KeptScalars.Epsilon)),
                _ => weight.div(weight.sum(-1, keepdim: true).clamp_min(KeptScalars.Epsilon)),
            };
            losses = rowLosses.view(members, rows).mul(share).sum(-1);
            scaled = gradients ? rowGradients!.view(members, rows, -1).mul_(share.unsqueeze(-1)) : share;
        }
        Tensor? surrogate = gradients ? logits.mul(scaled).sum() : null;
        return (losses.MoveToOuterDisposeScope(), surrogate?.MoveToOuterDisposeScope());
    }
}
