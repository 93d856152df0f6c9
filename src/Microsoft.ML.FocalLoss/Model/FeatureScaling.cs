using System;
using System.IO;
using System.Numerics.Tensors;

namespace Microsoft.ML.FocalLoss.Model;

/// <summary>
/// Maps raw features to the network's inputs: z = (x − centre) · scale, then, when <see cref="ClipAt"/> is positive,
/// the smooth clip z / √(1 + (z / ClipAt)²) of RealMLP (Holzmüller et al., 2024), which keeps outliers finite and
/// bounded while leaving typical values almost unchanged.
/// </summary>
internal sealed class FeatureScaling
{
    public FeatureScaling(float[] centre, float[] scale, float clipAt)
    {
        if (centre.Length != scale.Length) throw new InvalidDataException("The feature scaling's centre and scale differ in length.");
        if (!(clipAt >= 0) || float.IsInfinity(clipAt)) throw new InvalidDataException($"The feature scaling's clip bound ({clipAt}) is invalid.");
        Centre = centre;
        Scale = scale;
        ClipAt = clipAt;
    }

    /// <summary>Subtracted from each feature: the training mean, or the median when scaling is robust.</summary>
    public float[] Centre { get; }

    /// <summary>Multiplies each centred feature: a reciprocal spread (1 for a constant feature).</summary>
    public float[] Scale { get; }

    /// <summary>The soft clip bound in spread units; 0 for none.</summary>
    public float ClipAt { get; }

    public int Count => Centre.Length;

    /// <summary>The bound on network inputs before the clip (or instead of it): far beyond any training value, and its square is still finite.</summary>
    public const float InputLimit = 1e18f;

    /// <summary>Writes the network inputs for <paramref name="features"/> to <paramref name="inputs"/>.</summary>
    public void Apply(ReadOnlySpan<float> features, Span<float> inputs)
    {
        TensorPrimitives.Subtract(features, Centre, inputs);
        TensorPrimitives.Multiply(inputs, Scale, inputs);
        if (ClipAt <= 0)
        {
            // Without the clip, a finite but enormous feature (float.MaxValue) would overflow to ∞ and then to NaN
            // in the network; far beyond any training value, ±1e18 scores the same and stays finite.
            TensorPrimitives.Max(inputs, -InputLimit, inputs);
            TensorPrimitives.Min(inputs, InputLimit, inputs);
        }
        else
        {
            float inverse = 1 / ClipAt;
            for (int i = 0; i < inputs.Length; i++)
            {
                float z = inputs[i];
                // Written so that |z| up to float.MaxValue neither overflows nor loses its sign: the limit is ±ClipAt.
                float r = MathF.Abs(z) * inverse;
                inputs[i] = r > 1e18f ? MathF.CopySign(ClipAt, z) : z / MathF.Sqrt(1 + r * r);
            }
        }
    }

    public void Save(BinaryWriter writer)
    {
        writer.Write(Count);
        writer.Write(ClipAt);
        ModelIo.WriteFloats(writer, Centre);
        ModelIo.WriteFloats(writer, Scale);
    }

    public static FeatureScaling Load(BinaryReader reader)
    {
        int count = ModelIo.Positive(reader.ReadInt32(), "feature count");
        float clipAt = reader.ReadSingle();
        return new FeatureScaling(ModelIo.ReadFloats(reader, count), ModelIo.ReadFloats(reader, count), clipAt);
    }
}
