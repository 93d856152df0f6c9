namespace Microsoft.ML.FocalLoss.Training;

/// <summary>The held-out metric that early stopping watches: on the internal folds, or on the validation set.</summary>
public enum EarlyStoppingMetric
{
    /// <summary>Train every epoch; the last epoch's weights are kept.</summary>
    None,

    /// <summary>Stop when the validation loss has not improved for the patience; keep the best epoch's weights.</summary>
    ValidationLoss,

    /// <summary>Stop when the validation macro (one-vs-rest) AUROC has not improved for the patience; keep the best epoch's weights.</summary>
    ValidationMacroAuroc,
}
