using System;
using System.Numerics.Tensors;

namespace Microsoft.ML.FocalLoss.Loss;

/// <summary>
/// The focal loss of each row before α, and its gradient with respect to that row's logits, in closed form on
/// managed memory. The trainer computes every step's loss here: a batch is a few thousand numbers, and on the small
/// tables this library trains, the same loss as tensor ops cost two dozen native calls, more than its arithmetic.
/// Exponentials are float, as the network's are; sums, logarithms and the focal factor are double.
/// </summary>
internal static class FocalRowGradients
{
    /// <summary>
    /// Softmax: loss = -(1 - p_t)^γ log p_t per row of logits, after adding <paramref name="shift"/> to each row. The
    /// gradient is c · (onehot(t) - softmax) with c = d loss / d log p_t.
    /// </summary>
    /// <param name="logits">[N, C], row-major.</param>
    /// <param name="classes">C.</param>
    /// <param name="targets">[N] class indices.</param>
    /// <param name="gamma">γ ≥ 0.</param>
    /// <param name="shift">C values added to every row (logit adjustment), or empty.</param>
    /// <param name="losses">[N], written.</param>
    /// <param name="gradients">[N, C], written; or empty for losses only.</param>
    public static void Softmax(ReadOnlySpan<float> logits, int classes, ReadOnlySpan<long> targets, double gamma, ReadOnlySpan<float> shift,
        Span<double> losses, Span<float> gradients)
    {
        int rows = targets.Length;
        // The exponentials are computed in the gradient's memory, all rows in one vectorised call: per-row calls on
        // rows of a few classes cost more than their arithmetic. Until then, losses[r] holds the target's shifted logit.
        Span<float> e = gradients.IsEmpty ? new float[rows * classes] : gradients[..(rows * classes)];
        logits[..(rows * classes)].CopyTo(e);
        for (int r = 0; r < rows; r++)
        {
            Span<float> row = e.Slice(r * classes, classes);
            if (!shift.IsEmpty) TensorPrimitives.Add(row, shift, row);
            Add(row, -Max(row));
            losses[r] = row[(int)targets[r]];
        }
        TensorPrimitives.Exp(e, e);
        for (int r = 0; r < rows; r++)
        {
            int t = (int)targets[r];
            Span<float> row = e.Slice(r * classes, classes);
            double target = row[t], others = (double)Sum(row[..t]) + Sum(row[(t + 1)..]), sum = target + others;
            // 1 - p_t as the other classes' share, without the cancellation of 1 - p_t near p_t = 1; log p_t from the
            // same share while the target dominates, else directly (the target's exponential may underflow).
            double oneMinusPt = others / sum, pt = target / sum;
            double logPt = others <= target ? -Log1P(others / target) : losses[r] - Math.Log(sum);
            losses[r] = -Modulator(oneMinusPt, gamma) * logPt;
            if (gradients.IsEmpty) continue;
            double coefficient = LogPtCoefficient(logPt, pt, oneMinusPt, gamma);
            Multiply(row, (float)(-coefficient / sum));
            row[t] = (float)(coefficient * oneMinusPt);
        }
    }

    /// <summary>
    /// Binary, hard labels: with z the logit plus <paramref name="shift"/>, s = (2t - 1) z, p_t = σ(s) and
    /// q = 1 - p_t = σ(-s), loss = -q^γ log p_t and d loss / d z = (2t - 1) q^γ (γ p_t log p_t - q), finite for every
    /// γ ≥ 0 (no q^(γ-1)).
    /// </summary>
    /// <param name="logits">[N].</param>
    /// <param name="labels">[N], 0 or 1.</param>
    /// <param name="gamma">γ ≥ 0.</param>
    /// <param name="shift">Added to every logit (logit adjustment).</param>
    /// <param name="losses">[N], written.</param>
    /// <param name="gradients">[N], written; or empty for losses only.</param>
    public static void Binary(ReadOnlySpan<float> logits, ReadOnlySpan<long> labels, double gamma, double shift, Span<double> losses, Span<float> gradients)
    {
        for (int r = 0; r < labels.Length; r++)
        {
            double sign = labels[r] == 1 ? 1 : -1, s = sign * (logits[r] + shift);
            double e = Math.Exp(-Math.Abs(s)), denominator = 1 + e;
            double logPt = s >= 0 ? -Log1P(e) : s - Log1P(e);
            double q = s >= 0 ? e / denominator : 1 / denominator, pt = s >= 0 ? 1 / denominator : e / denominator;
            double modulator = Modulator(q, gamma);
            losses[r] = -modulator * logPt;
            if (!gradients.IsEmpty) gradients[r] = (float)(sign * modulator * (gamma * pt * logPt - q));
        }
    }

    /// <summary>
    /// d loss / d log p_t: -(1-p_t)^γ (1 - γ p_t log p_t / (1-p_t)). log p_t / (1-p_t) tends to -1 as p_t → 1, so this
    /// stays finite for every γ ≥ 0, unlike autograd through pow(1 - p, γ), whose derivative is infinite at p = 1 when
    /// γ &lt; 1.
    /// </summary>
    public static double LogPtCoefficient(double logPt, double pt, double oneMinusPt, double gamma)
    {
        if (gamma == 0) return -1;
        double ratio = oneMinusPt > 0 ? logPt / oneMinusPt : -1;
        return -Modulator(oneMinusPt, gamma) * (1 - gamma * pt * ratio);
    }

    // Row passes: TensorPrimitives pays for itself on rows of many classes; on rows of a few, a plain loop is faster
    // than the call. A NaN propagates through either, to the trainer's divergence check.
    private const int VectorRow = 16;

    private static float Max(Span<float> row)
    {
        if (row.Length >= VectorRow) return TensorPrimitives.Max(row);
        float max = row[0];
        for (int c = 1; c < row.Length; c++) max = float.IsNaN(row[c]) || row[c] > max ? row[c] : max;
        return max;
    }

    private static float Sum(Span<float> row)
    {
        if (row.Length >= VectorRow) return TensorPrimitives.Sum(row);
        float sum = 0;
        foreach (float value in row) sum += value;
        return sum;
    }

    private static void Add(Span<float> row, float value)
    {
        if (row.Length >= VectorRow) TensorPrimitives.Add(row, value, row);
        else for (int c = 0; c < row.Length; c++) row[c] += value;
    }

    private static void Multiply(Span<float> row, float value)
    {
        if (row.Length >= VectorRow) TensorPrimitives.Multiply(row, value, row);
        else for (int c = 0; c < row.Length; c++) row[c] *= value;
    }

    /// <summary>x^γ, with the common exponents exact and cheap.</summary>
    private static double Modulator(double x, double gamma) => gamma switch
    {
        0 => 1,
        1 => x,
        2 => x * x,
        _ => Math.Pow(x, gamma),
    };

    /// <summary>log(1 + x) for x ≥ 0, accurate where 1 + x rounds (.NET's double.LogP1 computes log(1 + x)).</summary>
    private static double Log1P(double x) => x < 1e-4 ? x * (1 - x * (0.5 - x / 3)) : Math.Log(1 + x);
}
