namespace Microsoft.ML.FocalLoss.Training;

/// <summary>How the trainer holds the training rows.</summary>
public enum TrainingDataMode
{
    /// <summary>In memory, unless the row count is known and the features would exceed a quarter of the memory available to .NET.</summary>
    Auto,

    /// <summary>Read once into one contiguous buffer; each epoch shuffles row indices.</summary>
    InMemory,

    /// <summary>Read from the IDataView cursor every epoch through a bounded shuffle buffer: memory stays flat as rows grow.</summary>
    Streaming,
}
