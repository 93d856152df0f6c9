using System;
using System.Numerics.Tensors;

namespace Microsoft.ML.FocalLoss.Model;

/// <summary>Logits to probabilities, as the trained losses define them.</summary>
internal static class Probabilities
{
    /// <summary>In-place softmax, shifted by the maximum so large logits do not overflow.</summary>
    public static void Softmax(Span<float> logits)
    {
        float max = TensorPrimitives.Max(logits);
        TensorPrimitives.Subtract(logits, max, logits);
        TensorPrimitives.Exp(logits, logits);
        TensorPrimitives.Divide(logits, TensorPrimitives.Sum(logits), logits);
    }

    /// <summary>log(1 + eˣ) without overflow for large |x|; −Softplus(−u) is log σ(u).</summary>
    public static double Softplus(double x) => x > 0 ? x + Math.Log(1 + Math.Exp(-x)) : Math.Log(1 + Math.Exp(x));

    /// <summary>The logistic function without overflow for large |x|.</summary>
    public static float Sigmoid(float x) => x >= 0 ? 1 / (1 + MathF.Exp(-x)) : MathF.Exp(x) / (1 + MathF.Exp(x));
}
