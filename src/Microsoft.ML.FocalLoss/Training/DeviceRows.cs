using System;
using Microsoft.ML.FocalLoss.Loss;
using static TorchSharp.torch;

namespace Microsoft.ML.FocalLoss.Training;

/// <summary>Training or validation rows as tensors on the device: standardised features, labels, optional weights.</summary>
internal sealed class DeviceRows : IDisposable
{
    private DeviceRows(Tensor features, Tensor labels, Tensor? weights, int[] hostLabels)
    {
        Features = features;
        Labels = labels;
        Weights = weights;
        HostLabels = hostLabels;
    }

    public Tensor Features { get; }

    public Tensor Labels { get; }

    public Tensor? Weights { get; }

    public int[] HostLabels { get; }

    public int Count => HostLabels.Length;

    public static DeviceRows Create(TrainingRows rows, float[] mean, float[] scale, Device device)
    {
        using var scope = NewDisposeScope();
        Tensor features = tensor(rows.Features, new long[] { rows.Count, rows.FeatureCount }).to(device);
        features.sub_(tensor(mean).to(device)).mul_(tensor(scale).to(device));
        Tensor labels = tensor(Array.ConvertAll(rows.Labels, y => (long)y)).to(device);
        Tensor? weights = rows.Weights is null ? null : tensor(rows.Weights).to(device);
        return new DeviceRows(features.DetachFromDisposeScope(), labels.DetachFromDisposeScope(), weights?.DetachFromDisposeScope(), rows.Labels);
    }

    public void Dispose()
    {
        Features.Dispose();
        Labels.Dispose();
        Weights?.Dispose();
    }
}
