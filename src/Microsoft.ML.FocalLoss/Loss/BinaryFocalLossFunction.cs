using System;
using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.FocalLoss.Loss;

/// <summary>
/// The binary focal loss of hard 0/1 labels, per row and before α, as one autograd node with its analytic gradient.
/// Composed from tensor ops (<see cref="FocalLossFunctional.Sigmoid"/>, which also takes soft targets) it is about a
/// dozen autograd nodes, and on the small tables this library trains, a step costs what its calls cost.
/// </summary>
/// <remarks>
/// With s = (2t - 1) z the signed logit, p_t = σ(s), q = 1 - p_t = σ(-s): loss = -q^γ log p_t and
/// d loss / d s = q^γ (γ p_t log p_t - q), finite for every γ ≥ 0 (no q^(γ-1)); d loss / d z = (2t - 1) d loss / d s.
/// </remarks>
internal sealed class BinaryFocalLossFunction : autograd.SingleTensorFunction<BinaryFocalLossFunction>
{
    private const string StateKey = "gradient";

    public override string Name => nameof(BinaryFocalLossFunction);

    /// <summary>Arguments: logits [N], labels [N] (0 or 1, any numeric type), γ. Returns the per-row losses [N].</summary>
    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var logits = (Tensor)vars[0];
        var labels = (Tensor)vars[1];
        var gamma = (double)vars[2];

        using var scope = NewDisposeScope();
        using Scalar two = 2.0.ToScalar(), gammaScalar = gamma.ToScalar();
        Tensor sign = labels.to_type(logits.dtype).mul_(two).add_(KeptScalars.MinusOne, KeptScalars.One);
        Tensor signed = logits.mul(sign);
        Tensor logPt = nn.functional.logsigmoid(signed);
        Tensor q = signed.neg_().sigmoid_();
        Tensor? modulator = gamma == 0 ? null : q.pow(gammaScalar);
        Tensor loss = modulator is null ? logPt.neg() : modulator.mul(logPt).neg_();
        if (logits.requires_grad)
        {
            Tensor gradient = modulator is null
                ? q.neg().mul_(sign)
                : logPt.exp().mul_(logPt).mul_(gammaScalar).add_(q, KeptScalars.MinusOne).mul_(modulator).mul_(sign);
            ctx.save_data(StateKey, new SavedGradient(gradient.DetachFromDisposeScope()));
        }
        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>Returns the gradient for the logits and none for the labels and γ.</summary>
    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput)
    {
        using Tensor gradient = ((SavedGradient)ctx.get_data(StateKey)).Take();
        return new List<Tensor> { gradient.mul(gradOutput), null!, null! };
    }

    /// <summary>The row gradient, owned by this node and handed over exactly once.</summary>
    private sealed class SavedGradient(Tensor gradient)
    {
        private Tensor? _gradient = gradient;

        public Tensor Take()
        {
            Tensor taken = _gradient ?? throw new InvalidOperationException("The binary focal loss supports one backward pass per forward (retain_graph is not supported).");
            _gradient = null;
            return taken;
        }
    }
}
