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
}
