using System;
using Microsoft.ML.FocalLoss.Loss;
using Microsoft.ML.FocalLoss.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.FocalLoss.Training;

/// <summary>A <see cref="FeatureScaling"/> applied to batches on the training device, as the model applies it to rows.</summary>
internal sealed class DeviceScaling : IDisposable
{
    private readonly Tensor _centre;
    private readonly Tensor _scale;
    private readonly float _clipAt;
    private readonly Scalar _clip;
    private readonly Scalar _low = (-(double)FeatureScaling.InputLimit).ToScalar();
    private readonly Scalar _high = ((double)FeatureScaling.InputLimit).ToScalar();
    private readonly Scalar _two = 2.0.ToScalar();

    public DeviceScaling(FeatureScaling scaling, Device device)
    {
        _centre = tensor(scaling.Centre).to(device).DetachFromDisposeScope();
        _scale = tensor(scaling.Scale).to(device).DetachFromDisposeScope();
        _clipAt = scaling.ClipAt;
        _clip = ((double)scaling.ClipAt).ToScalar();
    }

    /// <summary>Scales [..., F] features in place and returns them.</summary>
    public Tensor Apply(Tensor features)
    {
        features.sub_(_centre).mul_(_scale);
        if (_clipAt > 0)
        {
            // z / √(1 + (z/c)²); the clamp keeps the square finite, and changes nothing the clip would not.
            using var scope = NewDisposeScope();
            features.clamp_(_low, _high);
            features.div_(features.div(_clip).pow_(_two).add_(KeptScalars.One, KeptScalars.One).sqrt_());
        }
        return features;
    }

    public void Dispose()
    {
        _centre.Dispose();
        _scale.Dispose();
        foreach (Scalar s in new[] { _clip, _low, _high, _two }) s.Dispose();
    }
}
