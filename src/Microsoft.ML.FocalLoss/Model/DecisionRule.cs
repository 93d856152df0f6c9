using System;
using System.IO;
using Microsoft.ML.FocalLoss.Training;

namespace Microsoft.ML.FocalLoss.Model;

/// <summary>
/// How PredictedLabel follows from the calibrated scores. Multiclass: the class with the highest log-probability plus
/// its offset. Binary: true when the Score (the calibrated logit) exceeds the threshold.
/// </summary>
internal sealed class DecisionRule
{
    public DecisionRule(DecisionObjective objective, float[] offsets)
    {
        foreach (float o in offsets)
            if (!float.IsFinite(o)) throw new InvalidDataException("A decision offset is not finite.");
        Objective = objective;
        Offsets = offsets;
    }

    /// <summary>What the offsets were chosen to maximise.</summary>
    public DecisionObjective Objective { get; }

    /// <summary>Per-class log-probability offsets (multiclass), or the one logit threshold (binary).</summary>
    public float[] Offsets { get; }

    /// <summary>The argmax rule: zero offsets, or a binary threshold of 0 (probability one half).</summary>
    public static DecisionRule Argmax(int outputs) => new(DecisionObjective.Argmax, new float[outputs]);

    /// <summary>The predicted class index for multiclass probabilities; the lowest index wins a tie, as ML.NET's argmax.</summary>
    public int Predict(ReadOnlySpan<float> probabilities)
    {
        int best = -1;
        double bestValue = double.NegativeInfinity;
        for (int c = 0; c < probabilities.Length; c++)
        {
            float p = probabilities[c];
            if (float.IsNaN(p)) return -1;
            // An underflowed probability still ranks, below every positive one.
            double value = Math.Log(Math.Max(p, float.Epsilon)) + Offsets[c];
            if (value > bestValue)
            {
                bestValue = value;
                best = c;
            }
        }
        return best;
    }

    public void Save(BinaryWriter writer)
    {
        writer.Write((int)Objective.Kind);
        writer.Write(Objective.MinimumPrecision);
        writer.Write(Offsets.Length);
        ModelIo.WriteFloats(writer, Offsets);
    }

    public static DecisionRule Load(BinaryReader reader, int outputs)
    {
        var kind = (DecisionObjectiveKind)reader.ReadInt32();
        double minimumPrecision = reader.ReadDouble();
        if (!Enum.IsDefined(kind) || (kind == DecisionObjectiveKind.RecallAtPrecision && minimumPrecision is not (> 0 and <= 1)))
            throw new InvalidDataException($"Unknown decision objective code {(int)kind}.");
        int count = ModelIo.Positive(reader.ReadInt32(), "decision offset count");
        if (count != outputs) throw new InvalidDataException($"The decision rule has {count} offsets for {outputs} outputs.");
        return new DecisionRule(DecisionObjective.From(kind, minimumPrecision), ModelIo.ReadFloats(reader, count));
    }
}
