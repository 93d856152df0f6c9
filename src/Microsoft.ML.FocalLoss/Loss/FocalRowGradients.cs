using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.FocalLoss.Loss;

/// <summary>
/// The focal loss of each row before α, and its gradient with respect to that row's logits, in closed form and
/// without autograd. The trainer holds the gradient constant in a surrogate (see Training.MemberLoss), and the
/// softmax autograd function uses the same coefficient in its backward pass.
/// </summary>
internal static class FocalRowGradients
{
    /// <summary>
    /// Softmax: loss = -(1 - p_t)^γ log p_t per row of [N, C] logits and int64 targets [N]; the gradient is
    /// c · (onehot(t) - softmax) with c = d loss / d log p_t from <see cref="LogPtCoefficient"/>. Returns
    /// (losses [N], gradients [N, C] or null).
    /// </summary>
    public static (Tensor Losses, Tensor? Gradients) Softmax(Tensor logits, Tensor targets, double gamma, bool gradients)
    {
        using var scope = NewDisposeScope();
        using Scalar gammaScalar = gamma.ToScalar();
        Tensor logProbabilities = nn.functional.log_softmax(logits, 1);
        Tensor index = targets.unsqueeze(1);
        Tensor logPt = logProbabilities.gather(1, index).squeeze(1);
        Tensor oneMinusPt = logPt.expm1().neg_(); // exact near p_t = 1, where 1 - exp(q) cancels
        Tensor? modulator = gamma == 0 ? null : oneMinusPt.pow(gammaScalar);
        Tensor losses = modulator is null ? logPt.neg() : modulator.mul(logPt).neg_();
        if (!gradients) return (losses.MoveToOuterDisposeScope(), null);
        Tensor coefficient = LogPtCoefficient(logPt, oneMinusPt, modulator, gamma).unsqueeze_(1);
        // The log-probabilities become the gradient in place: softmax · (-c), plus c at the target.
        Tensor gradient = logProbabilities.exp_().mul_(coefficient.neg());
        gradient.scatter_add_(1, index, coefficient);
        return (losses.MoveToOuterDisposeScope(), gradient.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Binary, hard labels: with s = (2t - 1) z, p_t = σ(s) and q = 1 - p_t = σ(-s), loss = -q^γ log p_t and
    /// d loss / d z = (2t - 1) q^γ (γ p_t log p_t - q), finite for every γ ≥ 0 (no q^(γ-1)). Logits and labels [N];
    /// returns (losses [N], gradients [N] or null).
    /// </summary>
    public static (Tensor Losses, Tensor? Gradients) Binary(Tensor logits, Tensor labels, double gamma, bool gradients)
    {
        using var scope = NewDisposeScope();
        using Scalar two = 2.0.ToScalar(), gammaScalar = gamma.ToScalar();
        Tensor sign = labels.to_type(logits.dtype).mul_(two).add_(KeptScalars.MinusOne, KeptScalars.One);
        Tensor signed = logits.mul(sign);
        Tensor logPt = nn.functional.logsigmoid(signed);
        Tensor q = signed.neg_().sigmoid_();
        Tensor? modulator = gamma == 0 ? null : q.pow(gammaScalar);
        Tensor losses = modulator is null ? logPt.neg() : modulator.mul(logPt).neg_();
        if (!gradients) return (losses.MoveToOuterDisposeScope(), null);
        Tensor gradient = modulator is null
            ? q.neg_().mul_(sign)
            : logPt.exp().mul_(logPt).mul_(gammaScalar).add_(q, KeptScalars.MinusOne).mul_(modulator).mul_(sign);
        return (losses.MoveToOuterDisposeScope(), gradient.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// d loss / d log p_t for q = log p_t: -(1-p_t)^γ (1 - γ p_t q / (1-p_t)). q / (1-p_t) tends to -1 as p_t → 1, so
    /// this stays finite for every γ ≥ 0, unlike autograd through pow(1 - p, γ), whose derivative is infinite at p = 1
    /// when γ &lt; 1.
    /// </summary>
    public static Tensor LogPtCoefficient(Tensor logPt, Tensor oneMinusPt, Tensor? modulator, double gamma)
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
}
