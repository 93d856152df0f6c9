namespace Microsoft.ML.FocalLoss.Training;

/// <summary>The activation between hidden layers of the network.</summary>
public enum HiddenActivation
{
    /// <summary>max(0, x).</summary>
    ReLU,

    /// <summary>x · σ(x) (also called Swish).</summary>
    SiLU,

    /// <summary>tanh(x).</summary>
    Tanh,
}
