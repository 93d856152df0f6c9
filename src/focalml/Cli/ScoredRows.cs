using System;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.FocalLoss.Cli;

/// <summary>A scored data view as arrays: row-major class probabilities and the predicted class index per row.</summary>
internal static class ScoredRows
{
    /// <summary>
    /// Probabilities: the Score vector (multiclass) or [1 − p, p] from Probability (binary). Predictions from
    /// PredictedLabel as a trainer writes it (key or Boolean) or as a saved focalml model writes it (the class name).
    /// </summary>
    public static (float[] Probabilities, int[] Predicted) Read(IDataView scored, ClassLabels classes)
    {
        float[] probabilities = classes.IsBinary
            ? scored.GetColumn<float>("Probability").SelectMany(p => new[] { 1 - p, p }).ToArray()
            : scored.GetColumn<float[]>("Score").SelectMany(s => s).ToArray();
        DataViewType type = scored.Schema["PredictedLabel"].Type;
        int[] predicted = type switch
        {
            BooleanDataViewType => scored.GetColumn<bool>("PredictedLabel").Select(p => p ? 1 : 0).ToArray(),
            KeyDataViewType => scored.GetColumn<uint>("PredictedLabel").Select(k => (int)k - 1).ToArray(),
            TextDataViewType => scored.GetColumn<string>("PredictedLabel").Select(n => Array.IndexOf(classes.Names, n)).ToArray(),
            _ => throw new InvalidOperationException($"PredictedLabel of type {type}"),
        };
        return (probabilities, predicted);
    }
}
