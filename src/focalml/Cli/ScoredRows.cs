using System;
using Microsoft.ML.Data;

namespace Microsoft.ML.FocalLoss.Cli;

/// <summary>A scored data view as arrays: row-major class probabilities and the predicted class index per row.</summary>
internal static class ScoredRows
{
    /// <summary>
    /// Probabilities: the Score vector (multiclass) or [1 − p, p] from Probability (binary). Predictions from
    /// PredictedLabel as a trainer writes it (key or Boolean) or as a saved focalml model writes it (the class name).
    /// One pass, into arrays of the known row count.
    /// </summary>
    public static (float[] Probabilities, int[] Predicted) Read(IDataView scored, ClassLabels classes, int rows)
    {
        int k = classes.Names.Length;
        var probabilities = new float[(long)rows * k];
        var predicted = new int[rows];
        DataViewSchema.Column label = scored.Schema["PredictedLabel"];
        DataViewSchema.Column score = scored.Schema[classes.IsBinary ? "Probability" : "Score"];
        using DataViewRowCursor cursor = scored.GetRowCursor(new[] { label, score });
        Func<int> predict = label.Type switch
        {
            BooleanDataViewType => Getter<bool, int>(cursor, label, b => b ? 1 : 0),
            KeyDataViewType => Getter<uint, int>(cursor, label, key => (int)key - 1),
            TextDataViewType => Getter<ReadOnlyMemory<char>, int>(cursor, label, name => Array.IndexOf(classes.Names, name.ToString())),
            _ => throw new InvalidOperationException($"PredictedLabel of type {label.Type}"),
        };
        ValueGetter<float>? probability = classes.IsBinary ? cursor.GetGetter<float>(score) : null;
        ValueGetter<VBuffer<float>>? vector = classes.IsBinary ? null : cursor.GetGetter<VBuffer<float>>(score);
        float p = 0;
        VBuffer<float> values = default;
        int row = 0;
        while (cursor.MoveNext())
        {
            if (row == rows) throw new InvalidOperationException($"The scored data has more than the {rows} rows expected.");
            predicted[row] = predict();
            if (probability is not null)
            {
                probability(ref p);
                probabilities[2L * row] = 1 - p;
                probabilities[2L * row + 1] = p;
            }
            else
            {
                vector!(ref values);
                values.CopyTo(probabilities.AsSpan((int)((long)row * k), k));
            }
            row++;
        }
        if (row != rows) throw new InvalidOperationException($"The scored data has {row} rows, {rows} expected.");
        return (probabilities, predicted);
    }

    private static Func<TResult> Getter<TValue, TResult>(DataViewRowCursor cursor, DataViewSchema.Column column, Func<TValue, TResult> map)
    {
        ValueGetter<TValue> get = cursor.GetGetter<TValue>(column);
        TValue value = default!;
        return () =>
        {
            get(ref value);
            return map(value);
        };
    }
}
