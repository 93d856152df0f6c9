using System;
using System.IO;
using System.Linq;
using System.Numerics.Tensors;
using Microsoft.ML.FocalLoss.Training;

namespace Microsoft.ML.FocalLoss.Model;

/// <summary>
/// A trained multilayer perceptron as plain arrays: feature standardisation, then dense layers with an activation
/// between them. Scoring is managed and vectorised, so a loaded model needs no native library and a single-row
/// prediction allocates nothing beyond its scratch buffers.
/// </summary>
internal sealed class MlpWeights
{
    public MlpWeights(float[] mean, float[] scale, HiddenActivation activation, float[][] weights, float[][] biases)
    {
        if (mean.Length != scale.Length) throw new ArgumentException("Standardisation mean and scale differ in length.");
        if (weights.Length == 0 || weights.Length != biases.Length) throw new ArgumentException("Layers need weights and biases.");
        Mean = mean;
        Scale = scale;
        Activation = activation;
        Weights = weights;
        Biases = biases;
        int inputs = mean.Length;
        for (int l = 0; l < weights.Length; l++)
        {
            if (weights[l].Length != biases[l].Length * inputs)
                throw new InvalidDataException($"Layer {l} has {weights[l].Length} weights, expected {biases[l].Length} × {inputs}.");
            inputs = biases[l].Length;
        }
    }

    /// <summary>Per-feature means subtracted before the first layer.</summary>
    public float[] Mean { get; }

    /// <summary>Per-feature reciprocal standard deviations.</summary>
    public float[] Scale { get; }

    public HiddenActivation Activation { get; }

    /// <summary>Row-major [outputs × inputs] weights per layer, as TorchSharp's Linear stores them.</summary>
    public float[][] Weights { get; }

    public float[][] Biases { get; }

    public int InputCount => Mean.Length;

    /// <summary>Widths of the hidden layers (all but the output layer).</summary>
    public int[] HiddenWidths => Biases[..^1].Select(b => b.Length).ToArray();

    public int OutputCount => Biases[^1].Length;

    /// <summary>Widest layer, for scratch buffers.</summary>
    public int MaxWidth
    {
        get
        {
            int width = InputCount;
            foreach (float[] b in Biases) width = Math.Max(width, b.Length);
            return width;
        }
    }

    /// <summary>The logits for one row. <paramref name="scratchA"/> and <paramref name="scratchB"/> hold <see cref="MaxWidth"/> floats.</summary>
    public void Forward(ReadOnlySpan<float> features, Span<float> logits, Span<float> scratchA, Span<float> scratchB)
    {
        Span<float> input = scratchA[..InputCount];
        TensorPrimitives.Subtract(features, Mean, input);
        TensorPrimitives.Multiply(input, Scale, input);
        for (int l = 0; l < Weights.Length; l++)
        {
            float[] w = Weights[l], b = Biases[l];
            Span<float> output = l == Weights.Length - 1 ? logits : scratchB[..b.Length];
            for (int o = 0; o < b.Length; o++)
                output[o] = b[o] + TensorPrimitives.Dot(w.AsSpan(o * input.Length, input.Length), input);
            if (l == Weights.Length - 1) return;
            Activate(output);
            // The output of this layer is the input of the next; swap the buffers.
            Span<float> next = output;
            scratchB = scratchA;
            scratchA = next;
            input = next;
        }
    }

    private void Activate(Span<float> values)
    {
        switch (Activation)
        {
            case HiddenActivation.ReLU:
                TensorPrimitives.Max(values, 0f, values);
                break;
            case HiddenActivation.Tanh:
                TensorPrimitives.Tanh(values, values);
                break;
            case HiddenActivation.SiLU:
                for (int i = 0; i < values.Length; i++) values[i] = values[i] / (1 + MathF.Exp(-values[i]));
                break;
            default:
                throw new InvalidOperationException($"Unknown activation {Activation}.");
        }
    }

    public void Save(BinaryWriter writer)
    {
        writer.Write(InputCount);
        writer.Write((int)Activation);
        writer.Write(Weights.Length);
        foreach (float[] b in Biases) writer.Write(b.Length);
        WriteFloats(writer, Mean);
        WriteFloats(writer, Scale);
        for (int l = 0; l < Weights.Length; l++)
        {
            WriteFloats(writer, Weights[l]);
            WriteFloats(writer, Biases[l]);
        }
    }

    /// <summary>Reads what <see cref="Save"/> wrote; a truncated or inconsistent stream is an <see cref="InvalidDataException"/>.</summary>
    public static MlpWeights Load(BinaryReader reader)
    {
        try
        {
            int inputs = Positive(reader.ReadInt32(), "input count");
            var activation = (HiddenActivation)reader.ReadInt32();
            if (!Enum.IsDefined(activation)) throw new InvalidDataException($"Unknown activation code {(int)activation}.");
            int layers = Positive(reader.ReadInt32(), "layer count");
            var widths = new int[layers];
            for (int l = 0; l < layers; l++) widths[l] = Positive(reader.ReadInt32(), $"width of layer {l}");
            float[] mean = ReadFloats(reader, inputs), scale = ReadFloats(reader, inputs);
            var weights = new float[layers][];
            var biases = new float[layers][];
            int fanIn = inputs;
            for (int l = 0; l < layers; l++)
            {
                weights[l] = ReadFloats(reader, checked(widths[l] * fanIn));
                biases[l] = ReadFloats(reader, widths[l]);
                fanIn = widths[l];
            }
            return new MlpWeights(mean, scale, activation, weights, biases);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("The model's network weights are truncated.", e);
        }
    }

    private static int Positive(int value, string what) =>
        value is > 0 and <= 1 << 24 ? value : throw new InvalidDataException($"The model's {what} ({value}) is invalid.");

    private static void WriteFloats(BinaryWriter writer, float[] values)
    {
        foreach (float v in values) writer.Write(v);
    }

    private static float[] ReadFloats(BinaryReader reader, int count)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = reader.ReadSingle();
        return values;
    }
}
