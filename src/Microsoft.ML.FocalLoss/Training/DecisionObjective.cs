using System;
using System.Globalization;

namespace Microsoft.ML.FocalLoss.Training;

/// <summary>
/// What the decision rule maximises on held-out rows after training. The rule moves PredictedLabel only: a per-class
/// offset on the log-probabilities (multiclass) or a threshold (binary). Scores stay calibrated probabilities.
/// </summary>
public sealed class DecisionObjective : IEquatable<DecisionObjective>
{
    private DecisionObjective(DecisionObjectiveKind kind, double minimumPrecision)
    {
        Kind = kind;
        MinimumPrecision = minimumPrecision;
    }

    /// <summary>The mean F1 over classes (both classes of a binary task), as scikit-learn's <c>f1_score(average="macro")</c>.</summary>
    public static DecisionObjective MacroF1 { get; } = new(DecisionObjectiveKind.MacroF1, 0);

    /// <summary>The mean recall over classes: every class weighs the same, whatever its size.</summary>
    public static DecisionObjective BalancedAccuracy { get; } = new(DecisionObjectiveKind.BalancedAccuracy, 0);

    /// <summary>No tuning: the most probable class (binary: probability above one half).</summary>
    public static DecisionObjective Argmax { get; } = new(DecisionObjectiveKind.Argmax, 0);

    /// <summary>
    /// The highest recall whose precision is at least <paramref name="minimumPrecision"/>: of the positive class for a
    /// binary task; the mean recall with every class at that precision for a multiclass task. Where no rule reaches
    /// the precision, the one that comes closest.
    /// </summary>
    public static DecisionObjective RecallAtPrecision(double minimumPrecision) =>
        minimumPrecision is > 0 and <= 1
            ? new(DecisionObjectiveKind.RecallAtPrecision, minimumPrecision)
            : throw new ArgumentOutOfRangeException(nameof(minimumPrecision), minimumPrecision, "The minimum precision must lie in (0, 1].");

    /// <summary>Which objective.</summary>
    public DecisionObjectiveKind Kind { get; }

    /// <summary>The precision floor of <see cref="DecisionObjectiveKind.RecallAtPrecision"/>; 0 otherwise.</summary>
    public double MinimumPrecision { get; }

    internal static DecisionObjective From(DecisionObjectiveKind kind, double minimumPrecision) => kind switch
    {
        DecisionObjectiveKind.MacroF1 => MacroF1,
        DecisionObjectiveKind.BalancedAccuracy => BalancedAccuracy,
        DecisionObjectiveKind.Argmax => Argmax,
        DecisionObjectiveKind.RecallAtPrecision => RecallAtPrecision(minimumPrecision),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown decision objective."),
    };

    /// <inheritdoc />
    public bool Equals(DecisionObjective? other) => other is not null && other.Kind == Kind && other.MinimumPrecision == MinimumPrecision;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as DecisionObjective);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, MinimumPrecision);

    /// <inheritdoc />
    public override string ToString() => Kind == DecisionObjectiveKind.RecallAtPrecision
        ? string.Create(CultureInfo.InvariantCulture, $"RecallAtPrecision({MinimumPrecision:G})")
        : Kind.ToString();
}

/// <summary>The kinds of <see cref="DecisionObjective"/>.</summary>
public enum DecisionObjectiveKind
{
    /// <summary>See <see cref="DecisionObjective.MacroF1"/>.</summary>
    MacroF1,

    /// <summary>See <see cref="DecisionObjective.BalancedAccuracy"/>.</summary>
    BalancedAccuracy,

    /// <summary>See <see cref="DecisionObjective.RecallAtPrecision"/>.</summary>
    RecallAtPrecision,

    /// <summary>See <see cref="DecisionObjective.Argmax"/>.</summary>
    Argmax,
}
