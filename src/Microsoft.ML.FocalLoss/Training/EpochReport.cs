namespace Microsoft.ML.FocalLoss.Training;

/// <summary>What one training epoch achieved, passed to <see cref="FocalLossTrainerOptionsBase.EpochCallback"/> and logged.</summary>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="NumberOfEpochs">The epochs planned.</param>
/// <param name="TrainingLoss">The mean focal loss over the epoch's batches, weighted by batch size.</param>
/// <param name="ValidationLoss">The focal loss on the validation set, or null without one.</param>
/// <param name="ValidationMacroAuroc">The macro one-vs-rest AUROC on the validation set, or null without one.</param>
/// <param name="RowsPerSecond">Training throughput of the epoch.</param>
/// <param name="LearningRate">The learning rate at the epoch's last step.</param>
/// <param name="IsBest">True when this epoch has the best validation metric so far (its weights are kept).</param>
public sealed record EpochReport(int Epoch, int NumberOfEpochs, double TrainingLoss, double? ValidationLoss,
    double? ValidationMacroAuroc, double RowsPerSecond, double LearningRate, bool IsBest);
