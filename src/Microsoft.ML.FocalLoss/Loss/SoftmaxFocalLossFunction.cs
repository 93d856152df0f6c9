using System;
using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.FocalLoss.Loss;

/// <summary>
/// The softmax focal loss as one autograd node with its analytic gradient. Composing it from tensor ops costs
/// 8+ autograd nodes and stores their inputs; this keeps one log-softmax and one per-row coefficient.
/// </summary>
/// <remarks>
/// With q = log p_t, loss = -α_t (1 - e^q)^γ q; d loss / d q is <see cref="LogPtCoefficient"/> times α_t (the
/// tensor form of <see cref="FocalRowGradients.LogPtCoefficient"/>), and the gradient on the logits is that
/// coefficient · (onehot(t) - softmax).
/// </remarks>
internal sealed class SoftmaxFocalLossFunction : autograd.SingleTensorFunction<SoftmaxFocalLossFunction>
{
    private const string StateKey = "state";

    public override string Name => nameof(SoftmaxFocalLossFunction);

    /// <summary>Arguments: logits [N, C], int64 targets [N], α [C] or null, γ, reduction, ignore index or null.</summary>
    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var logits = (Tensor)vars[0];
        var targets = (Tensor)vars[1];
        var alpha = vars[2] as Tensor;
        var gamma = (double)vars[3];
        var reduction = (FocalLossReduction)vars[4];
        var ignoreIndex = (long?)vars[5];

        using var scope = NewDisposeScope();
        using Scalar gammaScalar = gamma.ToScalar();
        using Scalar? ignoredScalar = ignoreIndex is long ignored ? ignored.ToScalar() : null;
        Tensor logProbabilities = nn.functional.log_softmax(logits, 1);
        Tensor? valid = ignoredScalar is null ? null : targets.ne(ignoredScalar);
        // Ignored rows read class 0 so gather stays in range; their weight is zeroed below.
        Tensor safeTargets = valid is null ? targets : targets.masked_fill(valid.logical_not(), KeptScalars.Zero);
        Tensor index = safeTargets.unsqueeze(1);
        Tensor logPt = logProbabilities.gather(1, index).squeeze(1);
        Tensor oneMinusPt = logPt.expm1().neg_(); // exact near p_t = 1, where 1 - exp(q) cancels
        Tensor? weight = alpha?.index_select(0, safeTargets);
        if (valid is not null)
            weight = weight is null ? valid.to_type(logits.dtype) : weight.mul_(valid);
        Tensor? modulator = gamma == 0 ? null : oneMinusPt.pow(gammaScalar);

        Tensor loss = modulator is null ? logPt.neg() : modulator.mul(logPt).neg_();
        if (weight is not null) loss.mul_(weight);

        Tensor? denominator = Denominator(reduction, weight, valid, logits.shape[0], logits);
        Tensor result = reduction switch
        {
            FocalLossReduction.None => loss,
            FocalLossReduction.Sum => loss.sum(),
            _ => loss.sum().div_(denominator!),
        };

        if (logits.requires_grad)
        {
            Tensor rowGradient = LogPtCoefficient(logPt, oneMinusPt, modulator, gamma);
            if (weight is not null) rowGradient.mul_(weight);
            if (denominator is not null) rowGradient.div_(denominator);
            // Not save_for_backward: TorchSharp frees saved variables only when the managed node is finalized, so each
            // step would page-fault a fresh [N, C] buffer. Backward frees these at once and reuses the big one.
            ctx.save_data(StateKey, new SavedState(logProbabilities.DetachFromDisposeScope(), index.DetachFromDisposeScope(), rowGradient.DetachFromDisposeScope()));
        }
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>Returns the gradient for the logits and none for the other arguments.</summary>
    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput)
    {
        var state = (SavedState)ctx.get_data(StateKey);
        using var scope = NewDisposeScope();
        (Tensor logProbabilities, Tensor index, Tensor rowGradient) = state.Take();
        scope.Attach(logProbabilities, index, rowGradient);
        Tensor scale = rowGradient.mul(gradOutput).unsqueeze_(1);
        // The log-probabilities become the gradient in place: softmax · (-scale), plus scale at the target.
        Tensor gradient = logProbabilities.exp_().mul_(scale.neg());
        gradient.scatter_add_(1, index, scale);
        return new List<Tensor> { gradient.MoveToOuterDisposeScope(), null!, null!, null!, null!, null! };
    }

    /// <summary>What backward needs, owned by this node and handed over exactly once.</summary>
    private sealed class SavedState(Tensor logProbabilities, Tensor index, Tensor rowGradient)
    {
        private Tensor? _logProbabilities = logProbabilities;

        public (Tensor LogProbabilities, Tensor Index, Tensor RowGradient) Take()
        {
            Tensor taken = _logProbabilities
                ?? throw new InvalidOperationException("The softmax focal loss supports one backward pass per forward (retain_graph is not supported).");
            _logProbabilities = null;
            return (taken, index, rowGradient);
        }
    }

    /// <summary>
    /// d loss / d log p_t for q = log p_t: -(1-p_t)^γ (1 - γ p_t q / (1-p_t)). q / (1-p_t) tends to -1 as p_t → 1, so
    /// this stays finite for every γ ≥ 0, unlike autograd through pow(1 - p, γ), whose derivative is infinite at p = 1
    /// when γ &lt; 1.
    /// </summary>
    private static Tensor LogPtCoefficient(Tensor logPt, Tensor oneMinusPt, Tensor? modulator, double gamma)
    {
        if (modulator is null)
            return full_like(logPt, KeptScalars.MinusOne);
        using var scope = NewDisposeScope();
        using Scalar minusGamma = (-gamma).ToScalar();
        // q / (1-p): 0/0 only at p = 1 exactly, where the limit is -1.
        Tensor ratio = logPt.div(oneMinusPt).nan_to_num_(nan: -1.0);
        Tensor pt = oneMinusPt.neg().add_(KeptScalars.One, KeptScalars.One);
        Tensor inner = ratio.mul_(pt).mul_(minusGamma).add_(KeptScalars.One, KeptScalars.One);
        return inner.mul_(modulator).neg_().MoveToOuterDisposeScope();
    }

    /// <summary>The divisor of Mean and WeightedMean; an all-ignored batch divides 0 by 1 and so returns 0.</summary>
    private static Tensor? Denominator(FocalLossReduction reduction, Tensor? weight, Tensor? valid, long rows, Tensor like)
    {
        Tensor? counted = reduction switch
        {
            FocalLossReduction.Mean => valid?.sum(type: like.dtype),
            FocalLossReduction.WeightedMean => weight?.sum() ?? valid?.sum(type: like.dtype),
            _ => null,
        };
        if (counted is not null)
            return counted.masked_fill_(counted.eq(KeptScalars.Zero), KeptScalars.One);
        return reduction is FocalLossReduction.Mean or FocalLossReduction.WeightedMean
            ? tensor((double)rows, like.dtype, like.device)
            : null;
    }
}
