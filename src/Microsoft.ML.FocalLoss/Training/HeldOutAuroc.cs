using System;
using System.Numerics;
using Microsoft.ML.FocalLoss.Evaluation;

namespace Microsoft.ML.FocalLoss.Training;

/// <summary>
/// The macro one-vs-rest AUROC that early stopping reads after every epoch, equal bit for bit to
/// <see cref="MulticlassAurocMetrics"/>' MacroAuroc (the evaluator's row filter and pair counting), without what that
/// evaluator adds (average precision, parallel classes, a copy of every row). On a few hundred held-out rows that
/// setup, run for five networks every epoch, was a tenth of a small multiclass fit. A class with few positives
/// (or few other rows) counts its pairs directly, comparing each of its few scores with all the others' in vector
/// registers, instead of sorting every row's score: most classes of a many-class table are rare.
/// </summary>
internal static class HeldOutAuroc
{
    /// <summary>Up to this many rows on the smaller side, pairs are counted directly; above it, the rows are sorted.</summary>
    private const int DirectCountLimit = 64;

    /// <param name="scores">Row-major scores, rows × <paramref name="classes"/>.</param>
    /// <param name="labels">The class index of each row.</param>
    /// <param name="classes">The number of classes.</param>
    public static double Macro(ReadOnlySpan<float> scores, ReadOnlySpan<int> labels, int classes)
    {
        // Rows with a NaN score are left out of every class, as the evaluator leaves them out.
        var rows = new int[labels.Length];
        int kept = 0;
        for (int i = 0; i < labels.Length; i++)
            if (!RowFilter.AnyNaN(scores.Slice(i * classes, classes))) rows[kept++] = i;

        // One class's scores, positives from the front and the rest from the back. Row order does not change an
        // AUROC (ties are grouped by score, and the counts are exact), so both ways read this one array.
        var column = new float[kept];
        bool[]? positive = null;
        double sum = 0;
        int defined = 0;
        for (int c = 0; c < classes; c++)
        {
            int p = 0, n = 0;
            for (int k = 0; k < kept; k++)
            {
                float score = scores[rows[k] * classes + c];
                if (labels[rows[k]] == c) column[p++] = score;
                else column[kept - 1 - n++] = score;
            }
            if (p == 0 || n == 0) continue; // undefined, as the evaluator leaves it out
            if (Math.Min(p, n) <= DirectCountLimit) sum += CountedAuroc(column.AsSpan(0, p), column.AsSpan(p));
            else
            {
                positive ??= new bool[kept];
                positive.AsSpan(0, p).Fill(true);
                positive.AsSpan(p).Fill(false);
                sum += ScoreGroups.Build(column, positive, default).Auroc();
            }
            defined++;
        }
        return defined == 0 ? double.NaN : sum / defined;
    }

    /// <summary>
    /// P(positive &gt; negative) + ½ P(tie) over all pairs, as <see cref="ScoreGroups.Auroc"/> computes it: twice the
    /// area is an integer, so the count is exact and the one division rounds as the evaluator's does. Float equality
    /// ties −0 with +0, as the evaluator's keys do.
    /// </summary>
    private static double CountedAuroc(ReadOnlySpan<float> positives, ReadOnlySpan<float> negatives)
    {
        bool fewPositives = positives.Length <= negatives.Length;
        ReadOnlySpan<float> few = fewPositives ? positives : negatives, many = fewPositives ? negatives : positives;
        long twiceArea = 0;
        foreach (float score in few)
        {
            (int above, int equal) = Count(many, score);
            // A positive wins against the negatives below it; a negative loses to the positives above it.
            twiceArea += 2L * (fewPositives ? many.Length - above - equal : above) + equal;
        }
        return twiceArea / 2.0 / ((double)positives.Length * negatives.Length);
    }

    /// <summary>How many of <paramref name="values"/> are above <paramref name="score"/>, and how many equal it.</summary>
    private static (int Above, int Equal) Count(ReadOnlySpan<float> values, float score)
    {
        var target = new Vector<float>(score);
        Vector<int> above = Vector<int>.Zero, equal = Vector<int>.Zero; // −1 per lane and match
        int i = 0, width = Vector<float>.Count;
        for (; i + width <= values.Length; i += width)
        {
            var v = new Vector<float>(values[i..]);
            above += Vector.GreaterThan(v, target);
            equal += Vector.Equals(v, target);
        }
        int countAbove = -Vector.Sum(above), countEqual = -Vector.Sum(equal);
        for (; i < values.Length; i++)
        {
            if (values[i] > score) countAbove++;
            else if (values[i] == score) countEqual++;
        }
        return (countAbove, countEqual);
    }
}
