using System;
using System.Globalization;
using Microsoft.ML.FocalLoss.Loss;
using Microsoft.ML.FocalLoss.Training;

namespace Microsoft.ML.FocalLoss.Cli;

/// <summary>`focalml train --stack`: the tree model stacked with focal's networks (StackingPartner), if any.</summary>
internal enum StackWith
{
    /// <summary>The networks alone.</summary>
    None,

    /// <summary>FastTree with its defaults (one-versus-all for multiclass).</summary>
    FastTree,

    /// <summary>LightGbm with its defaults.</summary>
    LightGbm,
}

/// <summary>The trainer knobs of `focalml train`; null epochs and batch size leave them to the trainer's budget.</summary>
internal sealed record TrainSettings(
    double Gamma, ClassWeighting ClassWeighting, double? Alpha, int? Epochs, int? BatchSize, double LearningRate,
    int[] Hidden, int Seed, int? Threads, DecisionObjective Decision, StackWith Stack = StackWith.None)
{
    /// <summary>The forms `--decision` takes, for its help and its error.</summary>
    public const string DecisionForms = "MacroF1, BalancedAccuracy, Argmax or RecallAtPrecision:P (P the precision floor, in (0, 1])";

    /// <summary>Reads `--decision`: an objective's name, any case; RecallAtPrecision takes its floor after a colon.</summary>
    public static DecisionObjective ParseDecision(string text)
    {
        string[] parts = text.Trim().Split(':', 2, StringSplitOptions.TrimEntries);
        bool Is(string name) => string.Equals(parts[0], name, StringComparison.OrdinalIgnoreCase);
        if (parts.Length == 1 && Is("MacroF1")) return DecisionObjective.MacroF1;
        if (parts.Length == 1 && Is("BalancedAccuracy")) return DecisionObjective.BalancedAccuracy;
        if (parts.Length == 1 && Is("Argmax")) return DecisionObjective.Argmax;
        if (parts.Length == 2 && Is("RecallAtPrecision")
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double floor) && floor > 0 && floor <= 1)
            return DecisionObjective.RecallAtPrecision(floor);
        throw new CliException($"--decision takes {DecisionForms}; got '{text}'.");
    }

    /// <summary>How the summary names the decision rule.</summary>
    public string DescribeDecision() => Decision.Kind switch
    {
        DecisionObjectiveKind.Argmax => "decision: the most probable class",
        DecisionObjectiveKind.MacroF1 => "decision tuned for macro-F1 on held-out folds",
        DecisionObjectiveKind.BalancedAccuracy => "decision tuned for balanced accuracy on held-out folds",
        _ => string.Create(CultureInfo.InvariantCulture, $"decision tuned for recall at precision ≥ {Decision.MinimumPrecision:G} on held-out folds"),
    };

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
