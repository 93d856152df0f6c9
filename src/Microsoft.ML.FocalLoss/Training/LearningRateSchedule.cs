namespace Microsoft.ML.FocalLoss.Training;

/// <summary>How the learning rate changes over the training steps.</summary>
public enum LearningRateSchedule
{
    /// <summary>The learning rate stays fixed.</summary>
    Constant,

    /// <summary>Cosine decay from the learning rate to zero over all steps.</summary>
    Cosine,

    /// <summary>One cycle (Smith, 2018): a linear warm-up over the first 30 % of steps to the learning rate, then cosine decay.</summary>
    OneCycle,
}
