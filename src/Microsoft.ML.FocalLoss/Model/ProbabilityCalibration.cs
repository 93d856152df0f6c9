using System;
using System.IO;

namespace Microsoft.ML.FocalLoss.Model;

/// <summary>
/// Calibrated logits u = z / T + b: temperature scaling (Guo et al., 2017) with a per-class bias. The bias undoes the
/// prior shift that class weighting builds into the network (it starts at −log α) and is refined with the
/// temperature on held-out rows. A binary model has one logit and one bias (Platt scaling).
/// </summary>
internal sealed class ProbabilityCalibration
{
    public ProbabilityCalibration(float temperature, float[] bias)
    {
        if (!(temperature > 0) || float.IsInfinity(temperature)) throw new InvalidDataException($"The calibration temperature ({temperature}) is invalid.");
        foreach (float b in bias)
            if (!float.IsFinite(b)) throw new InvalidDataException("A calibration bias is not finite.");
        Temperature = temperature;
        Bias = bias;
    }

    /// <summary>T &gt; 0: above 1 softens over-confident probabilities, below 1 sharpens under-confident ones.</summary>
    public float Temperature { get; }

    /// <summary>Added to each scaled logit.</summary>
    public float[] Bias { get; }

    /// <summary>No change: T = 1, b = 0.</summary>
    public static ProbabilityCalibration Identity(int outputs) => new(1, new float[outputs]);

    /// <summary>Calibrates logits in place.</summary>
    public void Apply(Span<float> logits)
    {
        float inverse = 1 / Temperature;
        for (int c = 0; c < logits.Length; c++) logits[c] = logits[c] * inverse + Bias[c];
    }

    public void Save(BinaryWriter writer)
    {
        writer.Write(Temperature);
        writer.Write(Bias.Length);
        ModelIo.WriteFloats(writer, Bias);
    }

    public static ProbabilityCalibration Load(BinaryReader reader, int outputs)
    {
        float temperature = reader.ReadSingle();
        int count = ModelIo.Positive(reader.ReadInt32(), "calibration bias count");
        if (count != outputs) throw new InvalidDataException($"The calibration has {count} biases for {outputs} outputs.");
        return new ProbabilityCalibration(temperature, ModelIo.ReadFloats(reader, count));
    }
}
