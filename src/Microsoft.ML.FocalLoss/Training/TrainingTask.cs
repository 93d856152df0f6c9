using System;
using Microsoft.ML.FocalLoss.Evaluation;
using Microsoft.ML.FocalLoss.Loss;

namespace Microsoft.ML.FocalLoss.Training;

/// <summary>What the network learns: the output width, the per-row focal loss, α per row, and validation AUROC.</summary>
internal abstract class TrainingTask
{
    protected TrainingTask(double gamma) => Gamma = gamma;

    public double Gamma { get; }

    public abstract int Outputs { get; }

    /// <summary>
    /// The focal loss of each row before α, [N], and (unless <paramref name="gradients"/> is empty) its gradient
    /// with respect to the row's logits, [N, Outputs], in closed form (<see cref="FocalRowGradients"/>). Logits
    /// [N, Outputs] row-major, labels [N].
    /// </summary>
    public abstract void RowLosses(ReadOnlySpan<float> logits, ReadOnlySpan<long> labels, Span<double> losses, Span<float> gradients);

    /// <summary>α_t of a row with this label.</summary>
    public abstract double Alpha(long label);

    /// <summary>The macro one-vs-rest AUROC of logits (row-major) against class indices.</summary>
    public abstract double MacroAuroc(float[] logits, int[] labels);
}

/// <summary>Multiclass: softmax focal loss with per-class α, or with a per-class shift of the logits.</summary>
internal sealed class SoftmaxTask : TrainingTask
{
    private readonly double[] _alpha;
    private readonly float[] _logitShift;

    /// <param name="gamma">γ.</param>
    /// <param name="alpha">α per class, multiplying each row's loss.</param>
    /// <param name="logitShift">Added to the logits inside the loss only (logit adjustment); null for none.</param>
    public SoftmaxTask(double gamma, double[] alpha, double[]? logitShift = null) : base(gamma)
    {
        _alpha = alpha;
        _logitShift = logitShift is null ? Array.Empty<float>() : Array.ConvertAll(logitShift, v => (float)v);
    }

    public override int Outputs => _alpha.Length;

    public override void RowLosses(ReadOnlySpan<float> logits, ReadOnlySpan<long> labels, Span<double> losses, Span<float> gradients) =>
        FocalRowGradients.Softmax(logits, Outputs, labels, Gamma, _logitShift, losses, gradients);

    public override double Alpha(long label) => _alpha[label];

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

    public override void RowLosses(ReadOnlySpan<float> logits, ReadOnlySpan<long> labels, Span<double> losses, Span<float> gradients) =>
        FocalRowGradients.Binary(logits, labels, Gamma, _logitShift, losses, gradients);

    public override double Alpha(long label) => _alpha < 0 ? 1 : label == 1 ? _alpha : 1 - _alpha;

    public override double MacroAuroc(float[] logits, int[] labels)
    {
        var positive = Array.ConvertAll(labels, y => y == 1);
        return BinaryRankingMetrics.Compute(logits, positive).AreaUnderRocCurve;
    }
}
