using System;
using Microsoft.ML.Data;

namespace Microsoft.ML.FocalLoss.Model;

/// <summary>
/// Scores one row at a time with buffers it owns (one scorer per mapper delegate, so one per cursor or engine):
/// scale the features, run each member network, pool its logits with a stacking partner's score if the model has
/// one, calibrate them, and average the members' probabilities.
/// </summary>
internal sealed class RowScorer
{
    private readonly NetworkEnsemble _network;
    private readonly ProbabilityCalibration _calibration;
    private readonly float[] _dense;
    private readonly float[] _inputs;
    private readonly float[] _logits;
    private readonly double[] _sum;
    private readonly float[] _scratchA;
    private readonly float[] _scratchB;
    private readonly PartnerScorer? _partner;
    private readonly float _weight;
    private readonly float[] _partnerScores;

    public RowScorer(NetworkEnsemble network, ProbabilityCalibration calibration, StackingPartner? partner = null)
    {
        _network = network;
        _calibration = calibration;
        _partner = partner?.CreateScorer();
        _weight = partner?.Weight ?? 1;
        _partnerScores = new float[partner is null ? 0 : network.OutputCount];
        _dense = new float[network.InputCount];
        _inputs = new float[network.InputCount];
        _logits = new float[network.OutputCount];
        _sum = new double[network.OutputCount];
        _scratchA = new float[network.MaxWidth];
        _scratchB = new float[network.MaxWidth];
    }

    /// <summary>Multiclass: the mean over members of the calibrated softmax probabilities.</summary>
    public void Probabilities(in VBuffer<float> features, Span<float> probabilities)
    {
        Scale(features);
        _partner?.Scores(features, _partnerScores);
        Array.Clear(_sum);
        foreach (MlpWeights member in _network.Members)
        {
            CalibratedLogits(member);
            Model.Probabilities.Softmax(_logits);
            for (int c = 0; c < _sum.Length; c++) _sum[c] += _logits[c];
        }
        for (int c = 0; c < _sum.Length; c++) probabilities[c] = (float)(_sum[c] / _network.Members.Length);
    }

    /// <summary>
    /// Binary: the logit of the mean over members of the calibrated probabilities (one member: its calibrated logit).
    /// Computed from log-probabilities so that it stays finite where the probability rounds to 0 or 1.
    /// </summary>
    public float Logit(in VBuffer<float> features)
    {
        Scale(features);
        _partner?.Scores(features, _partnerScores);
        if (_network.Members.Length == 1)
        {
            CalibratedLogits(_network.Members[0]);
            return _logits[0];
        }
        // log p = logsumexp_k(−softplus(−u_k)) − log K and log(1 − p) = logsumexp_k(−softplus(u_k)) − log K; the log K cancel.
        double maxPositive = double.NegativeInfinity, maxNegative = double.NegativeInfinity;
        double sumPositive = 0, sumNegative = 0;
        foreach (MlpWeights member in _network.Members)
        {
            CalibratedLogits(member);
            double u = _logits[0];
            if (double.IsNaN(u)) return float.NaN;
            (sumPositive, maxPositive) = Accumulate(sumPositive, maxPositive, -Model.Probabilities.Softplus(-u));
            (sumNegative, maxNegative) = Accumulate(sumNegative, maxNegative, -Model.Probabilities.Softplus(u));
        }
        return (float)(maxPositive + Math.Log(sumPositive) - maxNegative - Math.Log(sumNegative));
    }

    private void Scale(in VBuffer<float> features)
    {
        ReadOnlySpan<float> dense = features.GetValues();
        if (!features.IsDense)
        {
            Array.Clear(_dense);
            ReadOnlySpan<int> indices = features.GetIndices();
            for (int i = 0; i < indices.Length; i++) _dense[indices[i]] = dense[i];
            dense = _dense;
        }
        _network.Scaling.Apply(dense, _inputs);
    }

    private void CalibratedLogits(MlpWeights member)
    {
        member.Forward(_inputs, _logits, _scratchA, _scratchB);
        if (_partner is not null)
            for (int c = 0; c < _logits.Length; c++) _logits[c] = _weight * _logits[c] + (1 - _weight) * _partnerScores[c];
        _calibration.Apply(_logits);
    }

    /// <summary>A running log-sum-exp: the sum of exp(value − max) and the max.</summary>
    private static (double Sum, double Max) Accumulate(double sum, double max, double value)
    {
        if (value <= max) return (sum + Math.Exp(value - max), max);
        return (sum * Math.Exp(max - value) + 1, value);
    }
}
