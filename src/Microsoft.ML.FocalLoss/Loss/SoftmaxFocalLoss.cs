using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.FocalLoss.Loss;

/// <summary>A <see cref="nn.Module"/> for <see cref="FocalLossFunctional.Softmax"/>: call it with logits and integer targets.</summary>
public sealed class SoftmaxFocalLoss : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>Creates the loss. Defaults: no α, γ = 2, <see cref="FocalLossReduction.WeightedMean"/>.</summary>
    public SoftmaxFocalLoss(
        ClassAlpha? alpha = null,
        double gamma = 2.0,
        FocalLossReduction reduction = FocalLossReduction.WeightedMean,
        long? ignoreIndex = null)
        : base(nameof(SoftmaxFocalLoss))
    {
        Alpha = alpha ?? ClassAlpha.None;
        Gamma = gamma;
        Reduction = reduction;
        IgnoreIndex = ignoreIndex;
    }

    /// <summary>
    /// The loss of yatengLG/Focal-Loss-Pytorch's <c>focal_loss(alpha, gamma, num_classes, size_average)</c>:
    /// a scalar α means class 0 (background) gets α and the rest 1 - α; the mean is a plain mean.
    /// </summary>
    public static SoftmaxFocalLoss LikeFocalLossPytorch(double? alpha = null, double gamma = 2, bool sizeAverage = true) =>
        new(alpha is double a ? ClassAlpha.BackgroundVersusRest(a) : ClassAlpha.None, gamma,
            sizeAverage ? FocalLossReduction.Mean : FocalLossReduction.Sum);

    /// <summary>
    /// The loss of yatengLG/Focal-Loss-Pytorch's <c>focal_loss</c> with a list α: one weight per class, in class
    /// order; the mean is a plain mean of α_t · FL over the targets (or the sum without <paramref name="sizeAverage"/>).
    /// </summary>
    public static SoftmaxFocalLoss LikeFocalLossPytorch(IReadOnlyList<double> alpha, double gamma = 2, bool sizeAverage = true) =>
        new(ClassAlpha.PerClass((alpha ?? throw new ArgumentNullException(nameof(alpha))).ToArray()), gamma,
            sizeAverage ? FocalLossReduction.Mean : FocalLossReduction.Sum);

    /// <summary>The class weights α.</summary>
    public ClassAlpha Alpha { get; }

    /// <summary>The focusing parameter γ.</summary>
    public double Gamma { get; }

    /// <summary>The reduction.</summary>
    public FocalLossReduction Reduction { get; }

    /// <summary>The target value that adds no loss, if any.</summary>
    public long? IgnoreIndex { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor logits, Tensor targets) =>
        FocalLossFunctional.Softmax(logits, targets, Alpha, Gamma, Reduction, IgnoreIndex);
}
