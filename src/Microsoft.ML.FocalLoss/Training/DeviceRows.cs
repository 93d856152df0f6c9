using System;
using static TorchSharp.torch;

namespace Microsoft.ML.FocalLoss.Training;

/// <summary>Rows as tensors on the device: scaled features [N, F], int64 labels [N], optional weights [N].</summary>
internal sealed class DeviceRows : IDisposable
{
    private DeviceRows(Tensor features, Tensor labels, Tensor? weights, int[] hostLabels, float[]? hostWeights)
    {
        Features = features;
        Labels = labels;
        Weights = weights;
        HostLabels = hostLabels;
        HostWeights = hostWeights;
    }

    public Tensor Features { get; }

    public Tensor Labels { get; }

    public Tensor? Weights { get; }

    public int[] HostLabels { get; }

    public float[]? HostWeights { get; }

    public int Count => HostLabels.Length;

    public static DeviceRows Create(TrainingRows rows, DeviceScaling scaling, Device device)
    {
        using var scope = NewDisposeScope();
        Tensor features = scaling.Apply(tensor(rows.Features, new long[] { rows.Count, rows.FeatureCount }).to(device));
        Tensor labels = tensor(Array.ConvertAll(rows.Labels, y => (long)y)).to(device);
        Tensor? weights = rows.Weights is null ? null : tensor(rows.Weights).to(device);
        return new DeviceRows(features.DetachFromDisposeScope(), labels.DetachFromDisposeScope(), weights?.DetachFromDisposeScope(), rows.Labels, rows.Weights);
    }

    public void Dispose()
    {
        Features.Dispose();
        Labels.Dispose();
        Weights?.Dispose();
    }
}
