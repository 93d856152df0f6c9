using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace Microsoft.ML.FocalLoss.Cli.Data;

/// <summary>
/// The saved model's first part, from the CSV's own columns to one Features vector: numeric columns with missing
/// values imputed by the training mean (plus a 0/1 indicator where training had any), text categories one-hot.
/// </summary>
internal static class FeaturePipeline
{
    public const string FeaturesColumn = "Features";

    /// <summary>The TextLoader types of the model's input columns.</summary>
    public static IEnumerable<(string Name, DataKind Kind)> InputColumns(IEnumerable<FeatureColumn> features) =>
        features.Select(f => (f.Name, f.Kind == FeatureKind.Numeric ? DataKind.Single : DataKind.String));

    public static IEstimator<ITransformer> Build(MLContext ml, IReadOnlyList<FeatureColumn> features, IReadOnlyCollection<string> takenNames)
    {
        var numeric = features.Where(f => f.Kind == FeatureKind.Numeric).Select(f => f.Name).ToArray();
        var categorical = features.Where(f => f.Kind == FeatureKind.Categorical).Select(f => f.Name).ToArray();
        var text = features.Where(f => f.Kind == FeatureKind.Text).Select(f => f.Name).ToArray();
        var indicators = features.Where(f => f.Kind == FeatureKind.Numeric && f.HasMissing)
            .Select(f => (Column: f.Name, Indicator: FreeName(f.Name + ".missing", takenNames))).ToArray();

        IEstimator<ITransformer> chain = new EstimatorChain<ITransformer>();
        if (indicators.Length > 0)
        {
            // The indicator first, from the raw value: "was missing" is itself information an imbalanced task often needs.
            chain = chain.Append(ml.Transforms.IndicateMissingValues(indicators.Select(i => new InputOutputColumnPair(i.Indicator, i.Column)).ToArray()))
                .Append(ml.Transforms.Conversion.ConvertType(indicators.Select(i => new InputOutputColumnPair(i.Indicator)).ToArray(), DataKind.Single));
        }
        if (numeric.Length > 0)
        {
            // Every numeric column, not only those with gaps in training: new data may have them anywhere.
            chain = chain.Append(ml.Transforms.ReplaceMissingValues(numeric.Select(n => new InputOutputColumnPair(n)).ToArray(), MissingValueReplacingEstimator.ReplacementMode.Mean));
        }
        if (categorical.Length > 0)
            chain = chain.Append(ml.Transforms.Categorical.OneHotEncoding(categorical.Select(c => new InputOutputColumnPair(c)).ToArray()));
        foreach (string column in text)
            chain = chain.Append(ml.Transforms.Text.FeaturizeText(column, column));
        return chain.Append(ml.Transforms.Concatenate(FeaturesColumn, numeric.Concat(indicators.Select(i => i.Indicator)).Concat(categorical).Concat(text).ToArray()));
    }

    /// <summary>A column name no CSV column has, so an added column never hides one of the file's.</summary>
    private static string FreeName(string name, IReadOnlyCollection<string> taken)
    {
        string candidate = name;
        for (int i = 2; taken.Contains(candidate); i++) candidate = $"{name}{i}";
        return candidate;
    }
}
