using System;
using Microsoft.ML.FocalLoss.Loss;
using Microsoft.ML.FocalLoss.Training;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace Microsoft.ML.FocalLoss.Cli;

/// <summary>
/// A trainer in the comparison: focal loss as configured, plain cross-entropy, and ML.NET's FastTree and LightGbm
/// with their imbalance option (UnbalancedSets).
/// </summary>
internal sealed record Contender(string Name, Func<IEstimator<ITransformer>> Create)
{
    public static Contender Focal(MLContext ml, TrainSettings s, bool binary, bool stream, Action<EpochReport> progress) =>
        new(s.Stack == StackWith.None ? "focal" : $"focal+{s.Stack}", () => Network(ml, s, binary, stream, progress, crossEntropy: false));

    public static Contender CrossEntropy(MLContext ml, TrainSettings s, bool binary, bool stream, Action<EpochReport> progress) =>
        new("cross-entropy", () => Network(ml, s, binary, stream, progress, crossEntropy: true));

    public static Contender FastTree(MLContext ml, bool binary) => new("FastTree", () =>
    {
        var options = new FastTreeBinaryTrainer.Options { UnbalancedSets = true };
        return binary
            ? ml.BinaryClassification.Trainers.FastTree(options)
            : ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastTree(options));
    });

    public static Contender LightGbm(MLContext ml, bool binary) => new("LightGbm", () => binary
        ? ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options { UnbalancedSets = true })
        : ml.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options { UnbalancedSets = true }));

    /// <summary>The partner of --stack, with its own defaults: its probabilities are pooled and calibrated with the networks'.</summary>
    private static IEstimator<ITransformer> Partner(MLContext ml, StackWith stack, bool binary) => stack switch
    {
        StackWith.FastTree => binary
            ? ml.BinaryClassification.Trainers.FastTree()
            : ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastTree()),
        _ => binary ? ml.BinaryClassification.Trainers.LightGbm() : ml.MulticlassClassification.Trainers.LightGbm(),
    };

    private static IEstimator<ITransformer> Network(MLContext ml, TrainSettings s, bool binary, bool stream, Action<EpochReport> progress, bool crossEntropy)
    {
        // The test split never reaches the trainer: early stopping, calibration and the decision rule use its own folds.
        void Configure(FocalLossTrainerOptionsBase o)
        {
            o.Gamma = crossEntropy ? 0 : s.Gamma;
            o.ClassWeighting = crossEntropy ? ClassWeighting.None : (s.Alpha is null ? s.ClassWeighting : null);
            o.NumberOfEpochs = s.Epochs;
            o.BatchSize = s.BatchSize;
            o.LearningRate = s.LearningRate;
            o.HiddenLayerSizes = s.Hidden;
            o.Seed = s.Seed;
            o.NumberOfThreads = s.Threads;
            o.EpochCallback = progress;
            o.DecisionObjective = s.Decision;
            if (!crossEntropy && s.Stack != StackWith.None)
            {
                if (stream) throw new CliException("--stack needs the training rows in memory, and this table is large enough that the networks stream it from the file; train without --stack.");
                o.StackingPartner = Partner(ml, s.Stack, binary);
            }
            // A large table streams from the file each epoch through a bounded buffer instead of being copied into memory.
            if (stream) o.TrainingDataMode = TrainingDataMode.Streaming;
            if (crossEntropy)
            {
                // Plain softmax training: the most probable class, probabilities as the network gives them.
                o.DecisionObjective = DecisionObjective.Argmax;
                o.CalibrateProbabilities = false;
            }
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
