using System;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Microsoft.ML.FocalLoss.Loss;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.FocalLoss.Training;

/// <summary>
/// Each member's reduced focal loss on its rows of a batch, and the gradient of the members' summed losses with
/// respect to the logits, for <c>logits.backward(gradient)</c>.
/// </summary>
/// <remarks>
/// The row losses and their gradients come in closed form from <see cref="TrainingTask.RowLosses"/>, computed in
/// managed memory, and each row's gradient is scaled by its share of the reduction. A step then adds no autograd node
/// and two native calls for its loss: on the small tables this library trains, a step costs what its calls cost, and
/// the same loss as tensor ops took about two dozen (a TorchSharp custom autograd function, tens of microseconds of
/// bookkeeping more).
/// The reductions, over each member's rows, with α the class weight and w the example weight (1 when absent):
/// Sum: Σ w α l. Mean: Σ w α l / Σ w. WeightedMean: Σ w α l / Σ w α.
/// </remarks>
internal static class MemberLoss
{
    private const double Epsilon = 1e-12;

    /// <param name="task">The per-row loss and α.</param>
    /// <param name="logits">[K, B, outputs] float: member k's logits for its rows.</param>
    /// <param name="labels">[K, B] int64 class indices.</param>
    /// <param name="rowWeights">[K, B] float example weights, or null.</param>
    /// <param name="reduction">Sum, Mean or WeightedMean.</param>
    /// <param name="withGradient">Whether to return the gradient; null: when the logits require one.</param>
    /// <returns>
    /// Each member's loss; and, when asked for, d(Σ losses) / d logits, [K, B, outputs], on the logits' device.
    /// </returns>
    public static (double[] Losses, Tensor? Gradient) Compute(TrainingTask task, Tensor logits, Tensor labels, Tensor? rowWeights, FocalLossReduction reduction,
        bool? withGradient = null)
    {
        int members = (int)logits.shape[0], rows = (int)logits.shape[1], outputs = task.Outputs;
        using var scope = NewDisposeScope();
        ReadOnlySpan<float> z = HostView.Floats(logits);
        ReadOnlySpan<long> y = HostView.Longs(labels);
        ReadOnlySpan<float> w = rowWeights is null ? default : HostView.Floats(rowWeights);
        Tensor? gradient = withGradient ?? logits.requires_grad ? empty(new long[] { members, rows, outputs }, ScalarType.Float32, CPU) : null;
        Span<float> g = gradient is null ? default : HostView.WritableFloats(gradient);
        var rowLosses = new double[members * rows];
        task.RowLosses(z, y, rowLosses, g);

        var losses = new double[members];
        var share = new double[rows];
        for (int k = 0; k < members; k++)
        {
            double weightSum = 0, exampleWeightSum = 0;
            for (int i = 0; i < rows; i++)
            {
                int at = k * rows + i;
                double exampleWeight = w.IsEmpty ? 1 : w[at];
                share[i] = task.Alpha(y[at]) * exampleWeight;
                weightSum += share[i];
                exampleWeightSum += exampleWeight;
            }
            double divisor = reduction switch
            {
                FocalLossReduction.Sum => 1,
                FocalLossReduction.Mean => w.IsEmpty ? rows : Math.Max(exampleWeightSum, Epsilon),
                _ => Math.Max(weightSum, Epsilon),
            };
            for (int i = 0; i < rows; i++)
            {
                int at = k * rows + i;
                double rowShare = share[i] / divisor;
                losses[k] += rowShare * rowLosses[at];
                if (!g.IsEmpty)
                {
                    Span<float> rowGradient = g.Slice(at * outputs, outputs);
                    TensorPrimitives.Multiply(rowGradient, (float)rowShare, rowGradient);
                }
            }
        }
        return (losses, gradient?.to(logits.device).MoveToOuterDisposeScope());
    }
}
