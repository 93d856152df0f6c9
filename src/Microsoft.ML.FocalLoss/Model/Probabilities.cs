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

    /// <summary>The logistic function without overflow for large |x|.</summary>
    public static float Sigmoid(float x) => x >= 0 ? 1 / (1 + MathF.Exp(-x)) : MathF.Exp(x) / (1 + MathF.Exp(x));
}
