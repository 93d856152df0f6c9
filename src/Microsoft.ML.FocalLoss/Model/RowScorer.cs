using System;
using Microsoft.ML.Data;

namespace Microsoft.ML.FocalLoss.Model;

/// <summary>Scores one row at a time with buffers it owns; one per mapper delegate, so one per cursor or engine.</summary>
internal sealed class RowScorer
{
    private readonly MlpWeights _network;
    private readonly float[] _dense;
    private readonly float[] _scratchA;
    private readonly float[] _scratchB;

    public RowScorer(MlpWeights network)
    {
        _network = network;
        _dense = new float[network.InputCount];
        _scratchA = new float[network.MaxWidth];
        _scratchB = new float[network.MaxWidth];
    }

    /// <summary>Writes the network's logits for <paramref name="features"/> (dense or sparse) to <paramref name="logits"/>.</summary>
    public void Logits(in VBuffer<float> features, Span<float> logits)
    {
        ReadOnlySpan<float> dense = features.GetValues();
        if (!features.IsDense)
        {
            Array.Clear(_dense);
            ReadOnlySpan<int> indices = features.GetIndices();
            for (int i = 0; i < indices.Length; i++) _dense[indices[i]] = dense[i];
            dense = _dense;
        }
        _network.Forward(dense, logits, _scratchA, _scratchB);
    }
}
