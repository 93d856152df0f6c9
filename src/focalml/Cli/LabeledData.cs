using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Microsoft.ML.FocalLoss.Cli;

/// <summary>
/// A CSV as a feature matrix and class labels. Every column but the label must be numeric and becomes a feature;
/// a text column is rejected by name (encode it first). Empty cells are missing values (NaN), which the trainer
/// skips and counts.
/// </summary>
internal sealed class LabeledData
{
    private LabeledData(string[] featureNames, float[][] features, string[]? labels)
    {
        FeatureNames = featureNames;
        Features = features;
        Labels = labels;
    }

    public string[] FeatureNames { get; }

    public float[][] Features { get; }

    /// <summary>The label text per row; null when the data has no label column (prediction).</summary>
    public string[]? Labels { get; }

    public int Count => Features.Length;

    /// <summary>The given rows, in that order.</summary>
    public LabeledData Select(int[] rows) =>
        new(FeatureNames, rows.Select(r => Features[r]).ToArray(), Labels is null ? null : rows.Select(r => Labels[r]).ToArray());

    /// <summary>Features are all columns but the label.</summary>
    public static LabeledData ForTraining(CsvTable table, string labelColumn)
    {
        int label = table.ColumnIndex(labelColumn, "label");
        string[] featureNames = table.Header.Where((_, i) => i != label).ToArray();
        if (featureNames.Length == 0) throw new CliException($"{table.Path}: there are no feature columns beside the label '{labelColumn}'.");
        return new LabeledData(featureNames, ReadFeatures(table, featureNames), table.Rows.Select(r => r[label]).ToArray());
    }

    /// <summary>Features are the columns the model was trained on; the label is read when asked for.</summary>
    public static LabeledData ForModel(CsvTable table, IReadOnlyList<string> featureNames, string? labelColumn)
    {
        string[] missing = featureNames.Where(f => Array.IndexOf(table.Header, f) < 0).ToArray();
        if (missing.Length > 0)
            throw new CliException($"{table.Path}: the model needs feature column(s) {string.Join(", ", missing)}, which the file does not have.");
        string[]? labels = labelColumn is null ? null : table.Rows.Select(r => r[table.ColumnIndex(labelColumn, "label")]).ToArray();
        return new LabeledData(featureNames.ToArray(), ReadFeatures(table, featureNames), labels);
    }

    private static float[][] ReadFeatures(CsvTable table, IReadOnlyList<string> names)
    {
        int[] columns = names.Select(n => Array.IndexOf(table.Header, n)).ToArray();
        var text = new List<string>();
        var features = new float[table.Rows.Count][];
        for (int r = 0; r < table.Rows.Count; r++)
        {
            features[r] = new float[columns.Length];
            for (int f = 0; f < columns.Length; f++)
            {
                string cell = table.Rows[r][columns[f]];
                if (cell.Length == 0 || cell.Equals("NA", StringComparison.OrdinalIgnoreCase)) features[r][f] = float.NaN;
                else if (float.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out float value)) features[r][f] = value;
                else if (!text.Contains(names[f])) text.Add(names[f]);
            }
        }
        if (text.Count > 0)
            throw new CliException($"{table.Path}: column(s) {string.Join(", ", text)} hold text; focalml uses numeric feature columns only. Encode or drop them, or name one as --label.");
        return features;
    }
}
