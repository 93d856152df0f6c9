using Microsoft.ML.FocalLoss.Loss;

namespace Microsoft.ML.FocalLoss.Cli;

/// <summary>The trainer knobs of `focalml train`; null epochs and batch size leave them to the trainer's budget.</summary>
internal sealed record TrainSettings(
    double Gamma, ClassWeighting ClassWeighting, double? Alpha, int? Epochs, int? BatchSize, double LearningRate,
    int[] Hidden, int Seed, int? Threads)
{
    /// <summary>The checks the trainer would make, made before the data is read, each naming its option.</summary>
    public void Check()
    {
        if (!(Gamma >= 0) || double.IsInfinity(Gamma)) throw new CliException($"--gamma must be a finite number ≥ 0; got {Gamma}.");
        if (Alpha is double a && !(a > 0 && a < 1)) throw new CliException($"--alpha must lie in (0, 1); got {a}.");
        if (Epochs is int e && e < 1) throw new CliException($"--epochs must be at least 1; got {e}.");
        if (BatchSize is int b && b < 1) throw new CliException($"--batch-size must be at least 1; got {b}.");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw new CliException($"--learning-rate must be a finite number > 0; got {LearningRate}.");
        if (Threads is int t && t < 1) throw new CliException($"--threads must be at least 1; got {t}.");
    }
}
