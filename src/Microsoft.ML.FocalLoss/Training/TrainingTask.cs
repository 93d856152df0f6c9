using System;
using Microsoft.ML.FocalLoss.Evaluation;
using Microsoft.ML.FocalLoss.Loss;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.FocalLoss.Training;

/// <summary>What the network learns: the output width, the per-row focal loss, α per row, and validation AUROC.</summary>
internal abstract class TrainingTask
{
    protected TrainingTask(double gamma) => Gamma = gamma;

    public double Gamma { get; }

    public abstract int Outputs { get; }

    /// <summary>
    /// The focal loss of each row before α, [N], and (when <paramref name="gradients"/>) its gradient with respect
    /// to the row's logits, [N, Outputs], from closed forms without autograd. Logits [N, Outputs], labels [N].
    /// </summary>
    public abstract (Tensor Losses, Tensor? Gradients) RowLosses(Tensor logits, Tensor labels, bool gradients);

    /// <summary>α_t of each row: shape [B].</summary>
    public abstract Tensor RowAlpha(Tensor labels, Tensor like);

    /// <summary>The macro one-vs-rest AUROC of logits (row-major) against class indices.</summary>
    public abstract double MacroAuroc(float[] logits, int[] labels);
}

/// <summary>Multiclass: softmax focal loss with per-class α, or with a per-class shift of the logits.</summary>
internal sealed class SoftmaxTask : TrainingTask
{
    private readonly double[] _alpha;
    private readonly double[]? _logitShift;

    /// <param name="gamma">γ.</param>
    /// <param name="alpha">α per class, multiplying each row's loss.</param>
    /// <param name="logitShift">Added to the logits inside the loss only (logit adjustment); null for none.</param>
    public SoftmaxTask(double gamma, double[] alpha, double[]? logitShift = null) : base(gamma)
    {
        _alpha = alpha;
        _logitShift = logitShift;
    }

    public override int Outputs => _alpha.Length;

    public override (Tensor Losses, Tensor? Gradients) RowLosses(Tensor logits, Tensor labels, bool gradients) =>
        FocalRowGradients.Softmax(_logitShift is null ? logits : logits.add(tensor(_logitShift, logits.dtype, logits.device), KeptScalars.One),
            labels, Gamma, gradients);

    public override Tensor RowAlpha(Tensor labels, Tensor like) =>
        tensor(_alpha, like.dtype, like.device).index_select(0, labels);

    /// <summary>On softmax probabilities, as evaluating the trained model ranks rows (logit ranks can differ).</summary>
    public override double MacroAuroc(float[] logits, int[] labels)
    {
        var probabilities = (float[])logits.Clone();
        for (int row = 0; row < labels.Length; row++)
            Model.Probabilities.Softmax(probabilities.AsSpan(row * Outputs, Outputs));
        return HeldOutAuroc.Macro(probabilities, labels, Outputs);
    }
}

/// <summary>Binary: sigmoid focal loss with α_t = α·t + (1-α)(1-t); α &lt; 0 means no weighting.</summary>
internal sealed class SigmoidTask : TrainingTask
{
    private readonly double _alpha;
    private readonly double _logitShift;

    /// <param name="gamma">γ.</param>
    /// <param name="alpha">The positive class's α; negative for none.</param>
    /// <param name="logitShift">Added to the logit inside the loss only (logit adjustment).</param>
    public SigmoidTask(double gamma, double alpha, double logitShift = 0) : base(gamma)
    {
        _alpha = alpha;
        _logitShift = logitShift;
    }

    public override int Outputs => 1;

    public override (Tensor Losses, Tensor? Gradients) RowLosses(Tensor logits, Tensor labels, bool gradients)
    {
        Tensor z = logits.squeeze(1);
        if (_logitShift != 0)
        {
            using Scalar shift = _logitShift.ToScalar();
            z = z.add(shift, KeptScalars.One);
        }
        (Tensor losses, Tensor? perRow) = FocalRowGradients.Binary(z, labels, Gamma, gradients);
        return (losses, perRow?.unsqueeze_(1));
    }

    public override Tensor RowAlpha(Tensor labels, Tensor like)
    {
        if (_alpha < 0) return ones(labels.shape[0], like.dtype, like.device);
        using Scalar slope = (2 * _alpha - 1).ToScalar(), intercept = (1 - _alpha).ToScalar();
        return labels.to_type(like.dtype).mul(slope).add_(intercept, KeptScalars.One);
    }

    public override double MacroAuroc(float[] logits, int[] labels)
    {
        var positive = Array.ConvertAll(labels, y => y == 1);
        return BinaryRankingMetrics.Compute(logits, positive).AreaUnderRocCurve;
    }
}
