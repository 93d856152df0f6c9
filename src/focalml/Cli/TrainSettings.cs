using Microsoft.ML.FocalLoss.Loss;

namespace Microsoft.ML.FocalLoss.Cli;

/// <summary>The trainer knobs of `focalml train`; null epochs and batch size leave them to the trainer's budget.</summary>
internal sealed record TrainSettings(
    double Gamma, ClassWeighting ClassWeighting, double? Alpha, int? Epochs, int? BatchSize, double LearningRate,
    int[] Hidden, int Seed, int? Threads);
