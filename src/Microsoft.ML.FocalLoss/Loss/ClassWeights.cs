using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.FocalLoss.Loss;

/// <summary>
/// Per-class weights from label counts. C counts the classes that have rows. A class with no rows gets weight 0,
/// never NaN or ∞; <see cref="EmptyClasses"/> names them so a caller can warn.
/// </summary>
public static class ClassWeights
{
    /// <summary>The weights that <paramref name="method"/> gives for <paramref name="counts"/>.</summary>
    /// <param name="method">The weighting.</param>
    /// <param name="counts">Rows per class, indexed by class.</param>
    /// <param name="beta">β of <see cref="ClassWeighting.EffectiveNumber"/>, in [0, 1).</param>
    public static double[] Compute(ClassWeighting method, IReadOnlyList<long> counts, double beta = 0.999) => method switch
    {
        ClassWeighting.None => counts.Select(_ => 1.0).ToArray(),
        ClassWeighting.Balanced or ClassWeighting.LogitAdjusted => Balanced(counts),
        ClassWeighting.EffectiveNumber => EffectiveNumber(counts, beta),
        ClassWeighting.InverseSqrt => InverseSqrt(counts),
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown class weighting."),
    };

    /// <summary>n / (C · n_c), scikit-learn's <c>compute_class_weight("balanced")</c>: the row-weighted mean weight is 1.</summary>
    public static double[] Balanced(IReadOnlyList<long> counts)
    {
        (long total, int present) = Check(counts);
        return counts.Select(n => n == 0 ? 0.0 : total / ((double)present * n)).ToArray();
    }

    /// <summary>(1 - β) / (1 - β^n_c), normalised to sum to C (Cui et al. 2019). β = 0 gives equal weights; β → 1 tends to 1/n_c.</summary>
    public static double[] EffectiveNumber(IReadOnlyList<long> counts, double beta)
    {
        if (!(beta >= 0 && beta < 1))
            throw new ArgumentOutOfRangeException(nameof(beta), beta, "β (beta) of the effective number must lie in [0, 1).");
        (_, int present) = Check(counts);
        // 1 - β^n as -expm1(n·log β) keeps precision when β^n is close to 1.
        double logBeta = Math.Log(beta);
        double[] raw = counts.Select(n => n == 0 ? 0.0 : beta == 0 ? 1.0 : (1 - beta) / -ExpM1(n * logBeta)).ToArray();
        return Normalise(raw, present);
    }

    /// <summary>1 / √n_c, normalised to sum to C.</summary>
    public static double[] InverseSqrt(IReadOnlyList<long> counts)
    {
        (_, int present) = Check(counts);
        return Normalise(counts.Select(n => n == 0 ? 0.0 : 1 / Math.Sqrt(n)).ToArray(), present);
    }

    /// <summary>The classes with no rows, which every method weighs 0.</summary>
    public static int[] EmptyClasses(IReadOnlyList<long> counts) =>
        Enumerable.Range(0, counts.Count).Where(c => counts[c] == 0).ToArray();

    private static (long Total, int Present) Check(IReadOnlyList<long> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.Any(n => n < 0))
            throw new ArgumentException("Class counts must be non-negative.", nameof(counts));
        int present = counts.Count(n => n > 0);
        if (present == 0)
            throw new ArgumentException("Every class count is zero: there are no rows to weight.", nameof(counts));
        return (counts.Sum(), present);
    }

    private static double[] Normalise(double[] raw, int present)
    {
        double sum = raw.Sum();
        return raw.Select(w => w * present / sum).ToArray();
    }

    private static double ExpM1(double x) => Math.Abs(x) < 1e-5 ? x + x * x / 2 + x * x * x / 6 : Math.Exp(x) - 1;
}
