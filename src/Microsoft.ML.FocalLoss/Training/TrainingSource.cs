using System;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss.Model;
using Microsoft.ML.Runtime;
using static TorchSharp.torch;

namespace Microsoft.ML.FocalLoss.Training;

/// <summary>
/// Where training batches come from: rows held in memory, or streamed from the IDataView each epoch. Either way the
/// batches arrive scaled, as contiguous tensors on the training device, one row block per member network.
/// </summary>
internal abstract class TrainingSource : IDisposable
{
    /// <summary>One training step: scaled features [K, B, F], int64 labels [K, B], weights [K, B] or null.</summary>
    public delegate void BatchStep(Tensor features, Tensor labels, Tensor? weights);

    public abstract long Count { get; }

    public abstract int FeatureCount { get; }

    public abstract long[] ClassCounts { get; }

    /// <summary>Rows per class whose example weight is 0: they count as rows but teach nothing.</summary>
    public abstract long[] ZeroWeightCounts { get; }

    public abstract FeatureScaling Scaling { get; }

    public abstract SkippedRows Skipped { get; }

    /// <summary>The member networks the batches feed; known after <see cref="Prepare"/>.</summary>
    public abstract int Members { get; }

    /// <summary>The most training rows any member sees per epoch; known after <see cref="Prepare"/>.</summary>
    public abstract long RowsPerMember { get; }

    /// <summary>Moves what the source keeps to the device and returns the held-out rows of each member, if any.</summary>
    public abstract ValidationBlock? Prepare(DeviceScaling scaling, Device device);

    /// <summary>Runs one epoch in an order drawn from <paramref name="random"/>; each batch lives in its own dispose scope.</summary>
    public abstract void RunEpoch(Random random, int batchSize, BatchStep step);

    public abstract void Dispose();

    /// <summary>
    /// Opens the training rows as <see cref="FocalLossTrainerOptionsBase.TrainingDataMode"/> asks. A streamed source
    /// holds out <paramref name="streamingHoldOut"/> of the rows by position (nothing at 0).
    /// </summary>
    public static TrainingSource Open(IHost host, RoleMappedData data, int classes, FocalLossTrainerOptionsBase options, double streamingHoldOut, int seed)
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
        if (mode == TrainingDataMode.Streaming)
            return StreamingTrainingSource.FromCursor(host, data, classes, options, streamingHoldOut, seed);
        TrainingRows inMemory = TrainingRows.Read(host, data, classes, "training");
        return new InMemoryTrainingSource(inMemory, classes, inMemory.Scaling(options.FeatureScaling, seed));
    }
}
