using System;
using Microsoft.ML.FocalLoss.Evaluation;

namespace Microsoft.ML.FocalLoss.Training;

/// <summary>
/// The macro one-vs-rest AUROC that early stopping reads after every epoch: the evaluator's own per-class
/// <see cref="ScoreGroups"/> and row filter, so it equals <see cref="MulticlassAurocMetrics"/>' MacroAuroc, without
/// what that evaluator adds (average precision, parallel classes, a copy of every row). On a few hundred held-out
/// rows that setup, run for five networks every epoch, was a tenth of a small multiclass fit.
/// </summary>
internal static class HeldOutAuroc
{
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

        var column = new float[kept];
        var positive = new bool[kept];
        double sum = 0;
        int defined = 0;
        for (int c = 0; c < classes; c++)
        {
            for (int k = 0; k < kept; k++)
            {
                column[k] = scores[rows[k] * classes + c];
                positive[k] = labels[rows[k]] == c;
            }
            double auroc = ScoreGroups.Build(column, positive, default).Auroc();
            if (double.IsNaN(auroc)) continue;
            sum += auroc;
            defined++;
        }
        return defined == 0 ? double.NaN : sum / defined;
    }
}
