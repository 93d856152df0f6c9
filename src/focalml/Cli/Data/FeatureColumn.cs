namespace Microsoft.ML.FocalLoss.Cli.Data;

/// <summary>How a feature column enters the model.</summary>
internal enum FeatureKind
{
    /// <summary>Read as Single; missing cells are imputed with the training mean, plus an indicator.</summary>
    Numeric,

    /// <summary>Read as text and one-hot encoded; a value unseen in training encodes as all zeros.</summary>
    Categorical,

    /// <summary>Free text (--text-cols): ML.NET's FeaturizeText, word and character n-grams.</summary>
    Text,
}

/// <summary>A feature column of the CSV, as the training file's profile decided it.</summary>
internal sealed record FeatureColumn(string Name, FeatureKind Kind, bool HasMissing, int Distinct);
