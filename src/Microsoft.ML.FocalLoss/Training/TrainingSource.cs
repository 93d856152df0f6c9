using System;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using static TorchSharp.torch;

namespace Microsoft.ML.FocalLoss.Training;

/// <summary>
/// Where training batches come from: rows held in memory, or streamed from the IDataView each epoch. Either way the
/// batches arrive standardised, as contiguous tensors on the training device.
/// </summary>
internal abstract class TrainingSource : IDisposable
{
    /// <summary>One training step on a batch: standardised features [B, F], int64 labels [B], weights [B] or null.</summary>
    public delegate void BatchStep(Tensor features, Tensor labels, Tensor? weights);

    public abstract long Count { get; }

    public abstract int FeatureCount { get; }

    public abstract long[] ClassCounts { get; }

    public abstract float[] Mean { get; }

    public abstract float[] Scale { get; }

    public abstract SkippedRows Skipped { get; }

    /// <summary>Moves what the source keeps to the device; called once before the first epoch.</summary>
    public abstract void Prepare(Device device);

    /// <summary>Runs one epoch in an order drawn from <paramref name="random"/>; each batch lives in its own dispose scope.</summary>
    public abstract void RunEpoch(Random random, int batchSize, BatchStep step);

    public abstract void Dispose();

    /// <summary>Opens the training rows as <see cref="FocalLossTrainerOptionsBase.TrainingDataMode"/> asks.</summary>
    public static TrainingSource Open(IHost host, RoleMappedData data, int classes, FocalLossTrainerOptionsBase options)
    {
        TrainingDataMode mode = options.TrainingDataMode;
        if (mode == TrainingDataMode.Auto)
        {
            long? rows = data.Data.GetRowCount();
            long bytes = (rows ?? 0) * data.Schema.Feature!.Value.Type.GetVectorSize() * sizeof(float);
            mode = rows is not null && (bytes > GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4 || rows * data.Schema.Feature!.Value.Type.GetVectorSize() > int.MaxValue)
                ? TrainingDataMode.Streaming : TrainingDataMode.InMemory;
        }
        using (IChannel ch = host.Start("Training data"))
            ch.Info("Training data mode: {0}.", mode);
        return mode == TrainingDataMode.Streaming
            ? StreamingTrainingSource.Open(host, data, classes, options.ShuffleBufferSize)
            : new InMemoryTrainingSource(TrainingRows.Read(host, data, classes, "training"), classes);
    }
}
