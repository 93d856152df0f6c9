using System;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.FocalLoss.Loss;

/// <summary>
/// Focal loss functions, FL(p_t) = -α_t (1 - p_t)^γ log p_t (Lin et al., 2017), for TorchSharp tensors.
/// </summary>
public static class FocalLossFunctional
{
    /// <summary>
    /// The multiclass (softmax) focal loss.
    /// </summary>
    /// <param name="logits">Floating logits [B, C], or [B, N, C] with classes last (the detection layout).</param>
    /// <param name="targets">Integer class indices [B] or [B, N].</param>
    /// <param name="alpha">The class weights α; null means <see cref="ClassAlpha.None"/>.</param>
    /// <param name="gamma">The focusing parameter γ ≥ 0; γ = 0 with no α is cross-entropy.</param>
    /// <param name="reduction">How the per-target losses are reduced.</param>
    /// <param name="ignoreIndex">A target value (may be negative) whose rows add no loss and no gradient.</param>
    /// <returns>A scalar, or the per-target losses shaped like <paramref name="targets"/> for <see cref="FocalLossReduction.None"/>.</returns>
    public static Tensor Softmax(
        Tensor logits,
        Tensor targets,
        ClassAlpha? alpha = null,
        double gamma = 2.0,
        FocalLossReduction reduction = FocalLossReduction.WeightedMean,
        long? ignoreIndex = null)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(targets);
        CheckGamma(gamma);
        if (!logits.is_floating_point())
            throw new ArgumentException($"The logits must be a floating-point tensor; got {logits.dtype}.", nameof(logits));
        if (logits.dim() is not (2 or 3))
            throw new ArgumentException($"The logits must be shaped [B, C] or [B, N, C]; got {ShapeText(logits)}.", nameof(logits));
        if (!IsInteger(targets.dtype))
            throw new ArgumentException($"The targets must be integer class indices; got {targets.dtype}.", nameof(targets));
        long[] expected = logits.shape[..^1];
        if (!targets.shape.AsSpan().SequenceEqual(expected))
            throw new ArgumentException($"The targets must be shaped {ShapeText(expected)} to match logits {ShapeText(logits)}; got {ShapeText(targets)}.", nameof(targets));

        int classes = checked((int)logits.shape[^1]);
        alpha ??= ClassAlpha.None;
        using var scope = NewDisposeScope();
        Tensor? alphaTensor = alpha.IsNone ? null : tensor(alpha.Resolve(classes), logits.dtype, logits.device);
        Tensor flatLogits = logits.reshape(-1, classes);
        Tensor flatTargets = targets.reshape(-1).to_type(ScalarType.Int64);
        Tensor loss;
        try
        {
            loss = SoftmaxFocalLossFunction.apply(flatLogits, flatTargets, alphaTensor!, gamma, reduction, ignoreIndex);
        }
        catch (ExternalException e) when (e.Message.Contains("out of bounds", StringComparison.Ordinal))
        {
            throw new ArgumentOutOfRangeException(nameof(targets),
                $"Every target must be a class index in [0, {classes}){(ignoreIndex is long i ? $" or the ignore index {i}" : "")}. {FirstLine(e.Message)}");
        }
        if (reduction == FocalLossReduction.None)
            loss = loss.view(targets.shape);
        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The binary and multi-label (sigmoid) focal loss, with the semantics of <c>torchvision.ops.sigmoid_focal_loss</c>.
    /// </summary>
    /// <param name="logits">Floating logits of any shape.</param>
    /// <param name="targets">Targets in [0, 1] shaped like <paramref name="logits"/>.</param>
    /// <param name="alpha">Weight of the positive class, α_t = α·t + (1-α)(1-t); a negative value disables weighting.</param>
    /// <param name="gamma">The focusing parameter γ ≥ 0.</param>
    /// <param name="reduction">None, Mean or Sum.</param>
    /// <returns>A scalar, or a tensor shaped like <paramref name="logits"/> for <see cref="FocalLossReduction.None"/>.</returns>
    public static Tensor Sigmoid(
        Tensor logits,
        Tensor targets,
        double alpha = 0.25,
        double gamma = 2.0,
        FocalLossReduction reduction = FocalLossReduction.None)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(targets);
        CheckGamma(gamma);
        if (!double.IsFinite(alpha) || alpha > 1)
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "The sigmoid α must be at most 1; a negative α disables weighting.");
        if (reduction == FocalLossReduction.WeightedMean)
            throw new ArgumentException("The sigmoid focal loss supports None, Mean and Sum, as torchvision does.", nameof(reduction));
        if (!logits.is_floating_point())
            throw new ArgumentException($"The logits must be a floating-point tensor; got {logits.dtype}.", nameof(logits));
        if (!targets.shape.AsSpan().SequenceEqual(logits.shape))
            throw new ArgumentException($"The targets must be shaped like the logits {ShapeText(logits)}; got {ShapeText(targets)}.", nameof(targets));

        using var scope = NewDisposeScope();
        using Scalar gammaScalar = gamma.ToScalar(), alphaScalar = alpha.ToScalar(), complement = (1 - alpha).ToScalar();
        Tensor t = targets.to_type(logits.dtype);
        Tensor loss = nn.functional.binary_cross_entropy_with_logits(logits, t, reduction: nn.Reduction.None);
        if (gamma != 0)
        {
            // 1 - p_t as t·σ(-x) + (1-t)·σ(x): no cancellation when p_t → 1. The clamp keeps pow's derivative finite
            // for γ < 1; where it binds, the cross-entropy factor is already 0, so the loss is unchanged.
            Tensor oneMinusPt = t.mul(sigmoid(logits.neg())).add_(t.neg().add_(KeptScalars.One, KeptScalars.One).mul_(sigmoid(logits)), KeptScalars.One);
            Scalar tiny = logits.dtype == ScalarType.Float64 ? KeptScalars.TinyDouble : KeptScalars.TinyFloat; // smallest normals
            loss = loss.mul(oneMinusPt.clamp_min(tiny).pow(gammaScalar));
        }
        if (alpha >= 0)
            loss = loss.mul(t.mul(alphaScalar).add_(t.neg().add_(KeptScalars.One, KeptScalars.One).mul_(complement), KeptScalars.One));
        loss = reduction switch
        {
            FocalLossReduction.Mean => loss.mean(),
            FocalLossReduction.Sum => loss.sum(),
            _ => loss,
        };
        return loss.MoveToOuterDisposeScope();
    }

    private static void CheckGamma(double gamma)
    {
        if (!double.IsFinite(gamma) || gamma < 0)
            throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "γ (gamma) must be a finite number ≥ 0.");
    }

    private static bool IsInteger(ScalarType type) =>
        type is ScalarType.Int64 or ScalarType.Int32 or ScalarType.Int16 or ScalarType.Int8 or ScalarType.Byte;

    private static string ShapeText(Tensor t) => ShapeText(t.shape);

    private static string ShapeText(long[] shape) => "[" + string.Join(", ", shape) + "]";

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
