using Microsoft.ML.FocalLoss.Loss;

namespace Microsoft.ML.FocalLoss.Cli;

/// <summary>The trainer knobs of `focalml train`.</summary>
/// <param name="BatchSize">Null chooses from the training row count (see <see cref="BatchSizeFor"/>).</param>
internal sealed record TrainSettings(
    double Gamma, ClassWeighting ClassWeighting, double? Alpha, int Epochs, int? BatchSize, double LearningRate,
    int[] Hidden, int Seed, int? Threads)
{
    /// <summary>The batch size for <paramref name="trainRows"/>: as given, or about 16 steps per epoch within [16, 256].</summary>
    public int BatchSizeFor(int trainRows) => BatchSize ?? System.Math.Clamp(trainRows / 16, 16, 256);
}
