namespace Microsoft.ML.FocalLoss.Loss;

/// <summary>How per-class weights are derived from the label histogram.</summary>
public enum ClassWeighting
{
    /// <summary>Every class weighs 1.</summary>
    None,

    /// <summary>n / (C · n_c), as scikit-learn's <c>class_weight="balanced"</c>.</summary>
    Balanced,

    /// <summary>(1 - β) / (1 - β^n_c), Cui et al. 2019 ("Class-Balanced Loss Based on Effective Number of Samples").</summary>
    EffectiveNumber,

    /// <summary>1 / √n_c: a milder correction than <see cref="Balanced"/>.</summary>
    InverseSqrt,

    /// <summary>
    /// No per-row weight: training adds log n_c to the logits instead (the logit-adjusted loss of Menon et al. 2021),
    /// so a rare class must win by a margin. The network learns balanced scores, and calibration maps them back to
    /// probabilities with the same prior correction as <see cref="Balanced"/>, whose weights it reports.
    /// </summary>
    LogitAdjusted,
}
