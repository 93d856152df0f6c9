using System;

namespace Microsoft.ML.FocalLoss.Training;

/// <summary>
/// How long the networks train when the options leave it open. Small tables need many passes to make enough
/// optimizer steps, and large ones few, so the rule works in steps:
/// <list type="bullet">
/// <item>batch size: the power of two nearest rows / 8, between 16 and 256;</item>
/// <item>epochs: enough for <see cref="TargetSteps"/> optimizer steps, between <see cref="MinEpochs"/> and <see cref="MaxEpochs"/>;</item>
/// <item>patience: <see cref="DefaultPatience"/> epochs without a better held-out metric.</item>
/// </list>
/// Early stopping on held-out rows ends most runs well before the epoch budget. Options that are set win.
/// </summary>
internal sealed record TrainingBudget(int BatchSize, int Epochs, int Patience)
{
    public const int TargetSteps = 3000;
    public const int MinEpochs = 20;
    public const int MaxEpochs = 1000;
    public const int DefaultPatience = 16;
    private const double RowsPerBatch = 8;

    /// <param name="rowsPerNetwork">The training rows one network sees per epoch.</param>
    /// <param name="options">The trainer options; set values are kept.</param>
    public static TrainingBudget For(long rowsPerNetwork, FocalLossTrainerOptionsBase options)
    {
        int batch = options.BatchSize ?? (int)Math.Clamp(Math.Pow(2, Math.Round(Math.Log2(Math.Max(1, rowsPerNetwork / RowsPerBatch)))), 16, 256);
        batch = (int)Math.Min(batch, Math.Max(1, rowsPerNetwork));
        long stepsPerEpoch = (rowsPerNetwork + batch - 1) / batch;
        int epochs = options.NumberOfEpochs ?? (int)Math.Clamp((TargetSteps + stepsPerEpoch - 1) / stepsPerEpoch, MinEpochs, MaxEpochs);
        return new TrainingBudget(batch, epochs, options.EarlyStoppingPatience ?? DefaultPatience);
    }
}
