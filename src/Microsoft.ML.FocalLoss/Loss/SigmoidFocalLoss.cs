using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.FocalLoss.Loss;

/// <summary>A <see cref="nn.Module"/> for <see cref="FocalLossFunctional.Sigmoid"/>, as <c>torchvision.ops.sigmoid_focal_loss</c>.</summary>
public sealed class SigmoidFocalLoss : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>Creates the loss. Defaults as torchvision: α = 0.25, γ = 2, no reduction.</summary>
    public SigmoidFocalLoss(double alpha = 0.25, double gamma = 2.0, FocalLossReduction reduction = FocalLossReduction.None)
        : base(nameof(SigmoidFocalLoss))
    {
        Alpha = alpha;
        Gamma = gamma;
        Reduction = reduction;
    }

    /// <summary>The positive-class weight; negative disables weighting.</summary>
    public double Alpha { get; }

    /// <summary>The focusing parameter γ.</summary>
    public double Gamma { get; }

    /// <summary>The reduction: None, Mean or Sum.</summary>
    public FocalLossReduction Reduction { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor logits, Tensor targets) =>
        FocalLossFunctional.Sigmoid(logits, targets, Alpha, Gamma, Reduction);
}
