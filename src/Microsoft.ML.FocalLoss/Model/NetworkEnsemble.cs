using System;
using System.IO;
using System.Linq;

namespace Microsoft.ML.FocalLoss.Model;

/// <summary>The trained networks of one model: a shared feature scaling, then one or more member networks of one shape.</summary>
internal sealed class NetworkEnsemble
{
    public NetworkEnsemble(FeatureScaling scaling, MlpWeights[] members)
    {
        if (members.Length == 0) throw new InvalidDataException("A model needs at least one network.");
        if (members.Any(m => m.InputCount != scaling.Count || m.OutputCount != members[0].OutputCount))
            throw new InvalidDataException("The networks of a model must share their input and output counts.");
        Scaling = scaling;
        Members = members;
    }

    public FeatureScaling Scaling { get; }

    public MlpWeights[] Members { get; }

    public int InputCount => Scaling.Count;

    public int OutputCount => Members[0].OutputCount;

    public int MaxWidth => Members.Max(m => m.MaxWidth);

    public void Save(BinaryWriter writer)
    {
        Scaling.Save(writer);
        writer.Write(Members.Length);
        foreach (MlpWeights member in Members) member.Save(writer);
    }

    public static NetworkEnsemble Load(BinaryReader reader)
    {
        FeatureScaling scaling = FeatureScaling.Load(reader);
        int count = ModelIo.Positive(reader.ReadInt32(), "network count");
        if (count > 1024) throw new InvalidDataException($"The model's network count ({count}) is invalid.");
        var members = new MlpWeights[count];
        for (int m = 0; m < count; m++) members[m] = MlpWeights.Load(reader);
        return new NetworkEnsemble(scaling, members);
    }
}
