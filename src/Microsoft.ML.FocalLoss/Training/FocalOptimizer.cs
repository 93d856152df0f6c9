namespace Microsoft.ML.FocalLoss.Training;

/// <summary>The optimizer that updates the network's weights.</summary>
public enum FocalOptimizer
{
    /// <summary>Adam with decoupled weight decay (Loshchilov &amp; Hutter, 2019).</summary>
    AdamW,

    /// <summary>Stochastic gradient descent with momentum.</summary>
    Sgd,
}
