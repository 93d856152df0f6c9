using System;
using Microsoft.ML.FocalLoss.Loss;
using Microsoft.ML.FocalLoss.Training;
using Microsoft.ML.Trainers.FastTree;
using EarlyStoppingMetric = Microsoft.ML.FocalLoss.Training.EarlyStoppingMetric;

namespace Microsoft.ML.FocalLoss.Cli;

/// <summary>A trainer in the comparison: focal loss as configured, plain cross-entropy, or FastTree with UnbalancedSets.</summary>
internal sealed record Contender(string Name, Func<IEstimator<ITransformer>> Create)
{
    public static Contender Focal(MLContext ml, TrainSettings s, int batchSize, bool binary, IDataView test, Action<EpochReport> progress) =>
        new("focal", () => Network(ml, s, batchSize, binary, test, progress, crossEntropy: false));

    public static Contender CrossEntropy(MLContext ml, TrainSettings s, int batchSize, bool binary, IDataView test, Action<EpochReport> progress) =>
        new("cross-entropy", () => Network(ml, s, batchSize, binary, test, progress, crossEntropy: true));

    public static Contender FastTree(MLContext ml, bool binary) => new("FastTree", () =>
    {
        var options = new FastTreeBinaryTrainer.Options { UnbalancedSets = true };
        return binary
            ? ml.BinaryClassification.Trainers.FastTree(options)
            : ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastTree(options));
    });

    private static IEstimator<ITransformer> Network(MLContext ml, TrainSettings s, int batchSize, bool binary, IDataView test, Action<EpochReport> progress, bool crossEntropy)
    {
        // The test split is shown per epoch but never selects the model: early stopping is off.
        void Configure(FocalLossTrainerOptionsBase o)
        {
            o.Gamma = crossEntropy ? 0 : s.Gamma;
            o.ClassWeighting = crossEntropy ? ClassWeighting.None : (s.Alpha is null ? s.ClassWeighting : null);
            o.NumberOfEpochs = s.Epochs;
            o.BatchSize = batchSize;
            o.LearningRate = s.LearningRate;
            o.HiddenLayerSizes = s.Hidden;
            o.Seed = s.Seed;
            o.NumberOfThreads = s.Threads;
            o.ValidationSet = test;
            o.EarlyStoppingMetric = EarlyStoppingMetric.None;
            o.EpochCallback = progress;
        }
        if (binary)
        {
            var options = new BinaryFocalLossTrainer.Options { Alpha = crossEntropy ? null : s.Alpha };
            Configure(options);
            return ml.BinaryClassification.Trainers.FocalLoss(options);
        }
        var multi = new FocalLossTrainer.Options { BackgroundAlpha = crossEntropy ? null : s.Alpha };
        Configure(multi);
        return ml.MulticlassClassification.Trainers.FocalLoss(multi);
    }
}
