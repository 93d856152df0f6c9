using System;
using System.Linq;
using Microsoft.ML.FocalLoss.Model;
using static TorchSharp.torch;

namespace Microsoft.ML.FocalLoss.Training;

/// <summary>
/// All rows in one scaled tensor on the device. Each member trains on its own rows of a <see cref="FoldPlan"/>; an
/// epoch draws a random permutation per member, repeats its start so every member fills the same number of full
/// batches, and cuts it into [K, B] index batches.
/// </summary>
internal sealed class InMemoryTrainingSource : TrainingSource
{
    private TrainingRows? _rows; // released once the rows are on the device, so they are not held twice
    private FoldPlan? _plan;
    private long[][] _memberRows = Array.Empty<long[]>();
    private DeviceRows? _device;

    public InMemoryTrainingSource(TrainingRows rows, int classes, FeatureScaling scaling)
    {
        _rows = rows;
        Labels = rows.Labels;
        Count = rows.Count;
        FeatureCount = rows.FeatureCount;
        ClassCounts = rows.ClassCounts(classes);
        ZeroWeightCounts = rows.ZeroWeightCounts(classes);
        Scaling = scaling;
        Skipped = rows.Skipped;
    }

    /// <summary>The class of each row, for planning folds.</summary>
    public int[] Labels { get; }

    public override long Count { get; }

    public override int FeatureCount { get; }

    public override long[] ClassCounts { get; }

    public override long[] ZeroWeightCounts { get; }

    public override FeatureScaling Scaling { get; }

    public override SkippedRows Skipped { get; }

    public override int Members => _memberRows.Length;

    public override long RowsPerMember => _memberRows.Max(r => r.LongLength);

    /// <summary>The rows as read, until <see cref="Prepare"/> moves them to the device and lets them go.</summary>
    public TrainingRows PendingRows => _rows ?? throw new InvalidOperationException("The rows are on the device already.");

    /// <summary>Sets which rows each member trains on and is validated on; call before <see cref="Prepare"/>.</summary>
    public void Use(FoldPlan plan)
    {
        _plan = plan;
        _memberRows = Enumerable.Range(0, plan.Members).Select(m => plan.TrainingRows(m).Select(r => (long)r).ToArray()).ToArray();
        if (_memberRows.Any(r => r.Length == 0)) throw new InvalidOperationException("A member network has no training rows.");
    }

    public override ValidationBlock? Prepare(DeviceScaling scaling, Device device)
    {
        FoldPlan plan = _plan ?? throw new InvalidOperationException("Use a fold plan before preparing.");
        _device = DeviceRows.Create(_rows ?? throw new InvalidOperationException("Prepare runs once."), scaling, device);
        _rows = null;
        return plan.HoldsOut ? ValidationBlock.Create(_device, Enumerable.Range(0, plan.Members).Select(plan.HeldOutRows).ToArray()) : null;
    }

    public override void RunEpoch(Random random, int batchSize, BatchStep step)
    {
        DeviceRows rows = _device ?? throw new InvalidOperationException("Prepare must run before the first epoch.");
        int members = _memberRows.Length;
        long steps = (RowsPerMember + batchSize - 1) / batchSize, span = steps * batchSize;
        var order = new long[members * span];
        for (int m = 0; m < members; m++)
        {
            long[] own = _memberRows[m];
            random.Shuffle(own);
            for (long i = 0; i < span; i++) order[m * span + i] = own[i % own.Length];
        }
        using Tensor order1D = tensor(order, device: rows.Features.device);
        using Tensor permutation = order1D.view(members, span);
        for (long s = 0; s < steps; s++)
        {
            using var scope = NewDisposeScope();
            Tensor index = permutation.narrow(1, s * batchSize, batchSize).reshape(-1);
            step(rows.Features.index_select(0, index).view(members, batchSize, -1), rows.Labels.index_select(0, index).view(members, batchSize),
                rows.Weights?.index_select(0, index).view(members, batchSize));
        }
    }

    public override void Dispose() => _device?.Dispose();
}
