using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss.Loss;
using Microsoft.ML.FocalLoss.Training;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.FocalLoss;

/// <summary>The focal loss trainers on ML.NET's classification catalogs.</summary>
public static class FocalLossCatalog
{
    /// <summary>
    /// A multiclass network trained with the softmax focal loss. The label must be a key type (use MapValueToKey).
    /// </summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="labelColumnName">The key-typed label column.</param>
    /// <param name="featureColumnName">The feature vector column.</param>
    /// <param name="exampleWeightColumnName">An optional example weight column.</param>
    /// <param name="gamma">The focusing parameter γ ≥ 0.</param>
    /// <param name="classWeighting">Class weights from the label histogram.</param>
    /// <param name="numberOfEpochs">The most passes over the training data; null chooses from the row count.</param>
    /// <param name="batchSize">Rows per optimizer step; null chooses from the row count.</param>
    /// <param name="learningRate">The peak learning rate.</param>
    public static FocalLossTrainer FocalLoss(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        string labelColumnName = DefaultColumnNames.Label,
        string featureColumnName = DefaultColumnNames.Features,
        string? exampleWeightColumnName = null,
        double gamma = FocalLossTrainerOptionsBase.Defaults.Gamma,
        ClassWeighting classWeighting = ClassWeighting.Balanced,
        int? numberOfEpochs = null,
        int? batchSize = null,
        double learningRate = FocalLossTrainerOptionsBase.Defaults.LearningRate)
        => new(Environment(catalog), Simple(new FocalLossTrainer.Options(), labelColumnName, featureColumnName, exampleWeightColumnName,
            gamma, classWeighting, numberOfEpochs, batchSize, learningRate));

    /// <summary>A multiclass network trained with the softmax focal loss, with every option.</summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="options">The trainer options.</param>
    public static FocalLossTrainer FocalLoss(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, FocalLossTrainer.Options options)
        => new(Environment(catalog), options);

    /// <summary>A binary network trained with the sigmoid focal loss. The label must be Boolean.</summary>
    /// <param name="catalog">The binary trainers catalog.</param>
    /// <param name="labelColumnName">The Boolean label column.</param>
    /// <param name="featureColumnName">The feature vector column.</param>
    /// <param name="exampleWeightColumnName">An optional example weight column.</param>
    /// <param name="gamma">The focusing parameter γ ≥ 0.</param>
    /// <param name="classWeighting">Class weights from the label histogram, which set α.</param>
    /// <param name="numberOfEpochs">The most passes over the training data; null chooses from the row count.</param>
    /// <param name="batchSize">Rows per optimizer step; null chooses from the row count.</param>
    /// <param name="learningRate">The peak learning rate.</param>
    public static BinaryFocalLossTrainer FocalLoss(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog,
        string labelColumnName = DefaultColumnNames.Label,
        string featureColumnName = DefaultColumnNames.Features,
        string? exampleWeightColumnName = null,
        double gamma = FocalLossTrainerOptionsBase.Defaults.Gamma,
        ClassWeighting classWeighting = ClassWeighting.Balanced,
        int? numberOfEpochs = null,
        int? batchSize = null,
        double learningRate = FocalLossTrainerOptionsBase.Defaults.LearningRate)
        => new(Environment(catalog), Simple(new BinaryFocalLossTrainer.Options(), labelColumnName, featureColumnName, exampleWeightColumnName,
            gamma, classWeighting, numberOfEpochs, batchSize, learningRate));

    /// <summary>A binary network trained with the sigmoid focal loss, with every option.</summary>
    /// <param name="catalog">The binary trainers catalog.</param>
    /// <param name="options">The trainer options.</param>
    public static BinaryFocalLossTrainer FocalLoss(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, BinaryFocalLossTrainer.Options options)
        => new(Environment(catalog), options);

    /// <summary>The simple-argument overloads' options: these arguments, every other option at its default.</summary>
    private static TOptions Simple<TOptions>(TOptions options, string labelColumnName, string featureColumnName, string? exampleWeightColumnName,
        double gamma, ClassWeighting classWeighting, int? numberOfEpochs, int? batchSize, double learningRate)
        where TOptions : FocalLossTrainerOptionsBase
    {
        options.LabelColumnName = labelColumnName;
        options.FeatureColumnName = featureColumnName;
        options.ExampleWeightColumnName = exampleWeightColumnName;
        options.Gamma = gamma;
        options.ClassWeighting = classWeighting;
        options.NumberOfEpochs = numberOfEpochs;
        options.BatchSize = batchSize;
        options.LearningRate = learningRate;
        return options;
    }

    private static IHostEnvironment Environment(object catalog) =>
        ((IInternalCatalog)Contracts.CheckRef(catalog, nameof(catalog))).Environment;
}
