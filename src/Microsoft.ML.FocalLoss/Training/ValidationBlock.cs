using System;
using System.Linq;
using static TorchSharp.torch;

namespace Microsoft.ML.FocalLoss.Training;

/// <summary>
/// The held-out rows of every member, padded into one [K, M, F] block so one forward pass validates all members.
/// Padding rows have weight 0, so every loss reduction ignores them.
/// </summary>
internal sealed class ValidationBlock : IDisposable
{
    private ValidationBlock(Tensor features, Tensor labels, Tensor weights, int[][] rows, int[][] labelsByMember, float[][] weightsByMember)
    {
        Features = features;
        Labels = labels;
        Weights = weights;
        Rows = rows;
        HostLabels = labelsByMember;
        HostWeights = weightsByMember;
    }

    /// <summary>[K, M, F] scaled features.</summary>
    public Tensor Features { get; }

    /// <summary>[K, M] int64 labels (0 on padding).</summary>
    public Tensor Labels { get; }

    /// <summary>[K, M] example weights, 0 on padding.</summary>
    public Tensor Weights { get; }

    /// <summary>Per member, which row of the source each held-out row is.</summary>
    public int[][] Rows { get; }

    /// <summary>Per member, the class of each held-out row.</summary>
    public int[][] HostLabels { get; }

    /// <summary>Per member, the example weight of each held-out row (1 without a weight column).</summary>
    public float[][] HostWeights { get; }

    public int Members => Rows.Length;

    /// <summary>One network validated on every row: a user's validation set, or the rows a streamed source held out.</summary>
    public static ValidationBlock OfAllRows(TrainingRows rows, DeviceScaling scaling, Device device)
    {
        using DeviceRows onDevice = DeviceRows.Create(rows, scaling, device);
        return Create(onDevice, new[] { Enumerable.Range(0, onDevice.Count).ToArray() });
    }

    /// <summary>Member k is validated on rows <paramref name="memberRows"/>[k] of <paramref name="rows"/>.</summary>
    public static ValidationBlock Create(DeviceRows rows, int[][] memberRows)
    {
        using var scope = NewDisposeScope();
        int width = Math.Max(1, memberRows.Max(r => r.Length));
        // Padding repeats row 0 with weight 0.
        long[] index = memberRows.SelectMany(r => r.Select(i => (long)i).Concat(Enumerable.Repeat(0L, width - r.Length))).ToArray();
        float[] mask = memberRows.SelectMany(r => Enumerable.Repeat(1f, r.Length).Concat(Enumerable.Repeat(0f, width - r.Length))).ToArray();
        Device device = rows.Features.device;
        Tensor at = tensor(index, device: device);
        Tensor features = rows.Features.index_select(0, at).view(memberRows.Length, width, -1);
        Tensor labels = rows.Labels.index_select(0, at).view(memberRows.Length, width);
        Tensor weights = tensor(mask, device: device).view(memberRows.Length, width);
        if (rows.Weights is not null) weights = weights.mul(rows.Weights.index_select(0, at).view(memberRows.Length, width));
        int[][] hostLabels = memberRows.Select(r => r.Select(i => rows.HostLabels[i]).ToArray()).ToArray();
        float[][] hostWeights = memberRows.Select(r => r.Select(i => rows.HostWeights?[i] ?? 1f).ToArray()).ToArray();
        return new ValidationBlock(features.DetachFromDisposeScope(), labels.DetachFromDisposeScope(), weights.DetachFromDisposeScope(),
            memberRows, hostLabels, hostWeights);
    }

    public void Dispose()
    {
        Features.Dispose();
        Labels.Dispose();
        Weights.Dispose();
    }
}
