using System;

namespace Microsoft.ML.FocalLoss.Evaluation;

/// <summary>The rows an evaluation can use: a finite score and a finite, non-negative weight.</summary>
internal readonly struct RowFilter
{
    private readonly int[]? _kept; // null when every row is kept

    private RowFilter(int[]? kept, int count)
    {
        _kept = kept;
        Count = count;
    }

    public int Count { get; }

    public static RowFilter Keep<T>(ReadOnlySpan<T> scores, ReadOnlySpan<float> weights) where T : System.Numerics.IFloatingPointIeee754<T>
    {
        int bad = 0;
        for (int i = 0; i < scores.Length; i++)
            if (!IsUsable(scores[i], weights.IsEmpty ? 1 : weights[i])) bad++;
        if (bad == 0) return new RowFilter(null, scores.Length);
        var kept = new int[scores.Length - bad];
        for (int i = 0, k = 0; i < scores.Length; i++)
            if (IsUsable(scores[i], weights.IsEmpty ? 1 : weights[i])) kept[k++] = i;
        return new RowFilter(kept, kept.Length);
    }

    public static bool IsUsable<T>(T score, float weight) where T : System.Numerics.IFloatingPointIeee754<T> => !T.IsNaN(score) && IsUsableWeight(weight);

    /// <summary>True when a row of scores or probabilities has a NaN, which leaves the row out.</summary>
    public static bool AnyNaN<T>(ReadOnlySpan<T> values) where T : System.Numerics.IFloatingPointIeee754<T>
    {
        foreach (T v in values)
            if (T.IsNaN(v)) return true;
        return false;
    }

    /// <summary>An example weight counts when it is finite and not negative; the trainers skip rows by the same rule.</summary>
    public static bool IsUsableWeight(float weight) => float.IsFinite(weight) && weight >= 0;

    public ReadOnlySpan<T> Select<T>(ReadOnlySpan<T> values)
    {
        if (_kept is null || values.IsEmpty) return values;
        var selected = new T[_kept.Length];
        for (int k = 0; k < _kept.Length; k++) selected[k] = values[_kept[k]];
        return selected;
    }
}
