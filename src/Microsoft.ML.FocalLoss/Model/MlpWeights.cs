using System;
using System.IO;
using System.Linq;
using System.Numerics.Tensors;
using Microsoft.ML.FocalLoss.Training;

namespace Microsoft.ML.FocalLoss.Model;

/// <summary>
/// One trained multilayer perceptron as plain arrays: dense layers with an activation between them. Scoring is
/// managed and vectorised, so a loaded model needs no native library and a single-row prediction allocates nothing
/// beyond its scratch buffers.
/// </summary>
internal sealed class MlpWeights
{
    public MlpWeights(int inputs, HiddenActivation activation, float[][] weights, float[][] biases)
    {
        if (weights.Length == 0 || weights.Length != biases.Length) throw new InvalidDataException("Layers need weights and biases.");
        InputCount = inputs;
        Activation = activation;
        Weights = weights;
        Biases = biases;
        for (int l = 0; l < weights.Length; l++)
        {
            if (weights[l].Length != (long)biases[l].Length * inputs)
                throw new InvalidDataException($"Layer {l} has {weights[l].Length} weights, expected {biases[l].Length} × {inputs}.");
            inputs = biases[l].Length;
        }
    }

    public int InputCount { get; }

    public HiddenActivation Activation { get; }

    /// <summary>Row-major [outputs × inputs] weights per layer, as TorchSharp's Linear stores them.</summary>
    public float[][] Weights { get; }

    public float[][] Biases { get; }

    /// <summary>Widths of the hidden layers (all but the output layer).</summary>
    public int[] HiddenWidths => Biases[..^1].Select(b => b.Length).ToArray();

    public int OutputCount => Biases[^1].Length;

    /// <summary>Widest layer, for scratch buffers.</summary>
    public int MaxWidth => Math.Max(InputCount, Biases.Max(b => b.Length));

    /// <summary>
    /// The logits for one row of network inputs (already scaled). <paramref name="scratchA"/> and
    /// <paramref name="scratchB"/> hold <see cref="MaxWidth"/> floats; <paramref name="inputs"/> may alias neither.
    /// </summary>
    public void Forward(ReadOnlySpan<float> inputs, Span<float> logits, Span<float> scratchA, Span<float> scratchB)
    {
        ReadOnlySpan<float> input = inputs;
        for (int l = 0; l < Weights.Length; l++)
        {
            float[] w = Weights[l], b = Biases[l];
            Span<float> output = l == Weights.Length - 1 ? logits : scratchA[..b.Length];
            for (int o = 0; o < b.Length; o++)
                output[o] = b[o] + TensorPrimitives.Dot(w.AsSpan(o * input.Length, input.Length), input);
            if (l == Weights.Length - 1) return;
            Activate(output);
            // This layer's output is the next layer's input; the other buffer takes the next output.
            input = output;
            Span<float> swap = scratchA;
            scratchA = scratchB;
            scratchB = swap;
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
        for (int l = 0; l < Weights.Length; l++)
        {
            ModelIo.WriteFloats(writer, Weights[l]);
            ModelIo.WriteFloats(writer, Biases[l]);
        }
    }

    public static MlpWeights Load(BinaryReader reader)
    {
        (int inputs, HiddenActivation activation, int[] widths) = ReadShape(reader);
        return ReadLayers(reader, inputs, activation, widths);
    }

    /// <summary>
    /// Reads the format of version 1.1 models, which kept the standardisation inside the network:
    /// shape, then mean and reciprocal deviation, then the layers.
    /// </summary>
    public static (FeatureScaling Scaling, MlpWeights Network) LoadVersion1(BinaryReader reader)
    {
        (int inputs, HiddenActivation activation, int[] widths) = ReadShape(reader);
        var scaling = new FeatureScaling(ModelIo.ReadFloats(reader, inputs), ModelIo.ReadFloats(reader, inputs), 0);
        return (scaling, ReadLayers(reader, inputs, activation, widths));
    }

    private static (int Inputs, HiddenActivation Activation, int[] Widths) ReadShape(BinaryReader reader)
    {
        int inputs = ModelIo.Positive(reader.ReadInt32(), "input count");
        var activation = (HiddenActivation)reader.ReadInt32();
        if (!Enum.IsDefined(activation)) throw new InvalidDataException($"Unknown activation code {(int)activation}.");
        int layers = ModelIo.Positive(reader.ReadInt32(), "layer count");
        if (layers > 64) throw new InvalidDataException($"The model's layer count ({layers}) is invalid.");
        var widths = new int[layers];
        for (int l = 0; l < layers; l++) widths[l] = ModelIo.Positive(reader.ReadInt32(), $"width of layer {l}");
        return (inputs, activation, widths);
    }

    private static MlpWeights ReadLayers(BinaryReader reader, int inputs, HiddenActivation activation, int[] widths)
    {
        var weights = new float[widths.Length][];
        var biases = new float[widths.Length][];
        int fanIn = inputs;
        for (int l = 0; l < widths.Length; l++)
        {
            long count = (long)widths[l] * fanIn;
            if (count > int.MaxValue) throw new InvalidDataException($"Layer {l} declares {count} weights.");
            weights[l] = ModelIo.ReadFloats(reader, (int)count);
            biases[l] = ModelIo.ReadFloats(reader, widths[l]);
            fanIn = widths[l];
        }
        return new MlpWeights(inputs, activation, weights, biases);
    }
}
