using System;
using System.Linq;
using static TorchSharp.torch;

namespace Microsoft.ML.FocalLoss.Training;

/// <summary>All rows in one standardised tensor; an epoch is a random permutation cut into index batches.</summary>
internal sealed class InMemoryTrainingSource : TrainingSource
{
    private TrainingRows? _rows; // released once the rows are on the device, so they are not held twice
    private readonly long[] _order;
    private DeviceRows? _device;

    public InMemoryTrainingSource(TrainingRows rows, int classes)
    {
        _rows = rows;
        Count = rows.Count;
        FeatureCount = rows.FeatureCount;
        ClassCounts = rows.ClassCounts(classes);
        (Mean, Scale) = rows.Standardisation();
        Skipped = rows.Skipped;
        _order = Enumerable.Range(0, rows.Count).Select(i => (long)i).ToArray();
    }

    public override long Count { get; }

    public override int FeatureCount { get; }

    public override long[] ClassCounts { get; }

    public override float[] Mean { get; }

    public override float[] Scale { get; }

    public override SkippedRows Skipped { get; }

    public override void Prepare(Device device)
    {
        _device = DeviceRows.Create(_rows ?? throw new InvalidOperationException("Prepare runs once."), Mean, Scale, device);
        _rows = null;
    }

    public override void RunEpoch(Random random, int batchSize, BatchStep step)
    {
        DeviceRows rows = _device ?? throw new InvalidOperationException("Prepare must run before the first epoch.");
        for (int i = _order.Length - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (_order[i], _order[j]) = (_order[j], _order[i]);
        }
        using Tensor permutation = tensor(_order, device: rows.Features.device);
        for (int start = 0; start < _order.Length; start += batchSize)
        {
            using var scope = NewDisposeScope();
            Tensor index = permutation.narrow(0, start, Math.Min(batchSize, _order.Length - start));
            step(rows.Features.index_select(0, index), rows.Labels.index_select(0, index), rows.Weights?.index_select(0, index));
        }
    }

    public override void Dispose() => _device?.Dispose();
}
