using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Microsoft.ML.FocalLoss.Loss;

/// <summary>
/// The α of a softmax focal loss: one weight per class, applied as α_t to the loss of a target of class t.
/// </summary>
public sealed class ClassAlpha
{
    private readonly double _background;
    private readonly double[]? _perClass;

    private ClassAlpha(double background, double[]? perClass)
    {
        _background = background;
        _perClass = perClass;
    }

    /// <summary>No class weighting: α = 1 for every class.</summary>
    public static ClassAlpha None { get; } = new(double.NaN, null);

    /// <summary>
    /// The scalar α of yatengLG/Focal-Loss-Pytorch and RetinaNet: class 0 is the background and gets <paramref name="alpha"/>,
    /// every other class gets 1 - α. α must lie in (0, 1).
    /// </summary>
    public static ClassAlpha BackgroundVersusRest(double alpha)
    {
        if (!(alpha > 0 && alpha < 1))
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "The background α must lie in (0, 1); class 0 gets α and every other class 1 - α.");
        return new ClassAlpha(alpha, null);
    }

    /// <summary>One weight per class, indexed by class. Each must be finite and non-negative, and one must be positive.</summary>
    public static ClassAlpha PerClass(IEnumerable<double> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        double[] copy = weights.ToArray();
        if (copy.Length == 0)
            throw new ArgumentException("The per-class α needs one weight per class; none were given.", nameof(weights));
        for (int c = 0; c < copy.Length; c++)
        {
            if (!double.IsFinite(copy[c]) || copy[c] < 0)
                throw new ArgumentOutOfRangeException(nameof(weights), copy[c], $"The α of class {c} must be finite and non-negative.");
        }
        if (copy.All(w => w == 0))
            throw new ArgumentException("The per-class α is zero for every class, so every loss would be zero.", nameof(weights));
        return new ClassAlpha(double.NaN, copy);
    }

    /// <summary>True for <see cref="None"/>, where the loss skips the α multiplication entirely.</summary>
    public bool IsNone => _perClass is null && double.IsNaN(_background);

    /// <summary>The per-class weights for <paramref name="numberOfClasses"/> classes.</summary>
    /// <exception cref="ArgumentException">A per-class α whose length is not <paramref name="numberOfClasses"/>.</exception>
    public double[] Resolve(int numberOfClasses)
    {
        if (numberOfClasses < 1)
            throw new ArgumentOutOfRangeException(nameof(numberOfClasses), numberOfClasses, "A focal loss needs at least one class.");
        if (_perClass is not null)
        {
            if (_perClass.Length != numberOfClasses)
                throw new ArgumentException($"The per-class α has {_perClass.Length} weights, but the logits have {numberOfClasses} classes; give one weight per class.", "alpha");
            return (double[])_perClass.Clone();
        }
        var weights = new double[numberOfClasses];
        if (IsNone)
        {
            Array.Fill(weights, 1.0);
            return weights;
        }
        Array.Fill(weights, 1 - _background);
        weights[0] = _background;
        return weights;
    }

    /// <inheritdoc />
    public override string ToString() =>
        IsNone ? "None"
        : _perClass is null ? string.Create(CultureInfo.InvariantCulture, $"BackgroundVersusRest({_background})")
        : "PerClass(" + string.Join(", ", _perClass.Select(w => w.ToString("G6", CultureInfo.InvariantCulture))) + ")";
}
