using System;
using System.Linq;
using Microsoft.ML.FocalLoss.Model;

namespace Microsoft.ML.FocalLoss.Training;

/// <summary>
/// Chooses how much the networks and a stacking partner each count. Every held-out row has the logits z of the
/// network that did not train on it and the score s of the partner model that did not; for w from 1 down to 0 in
/// steps of 0.05, the pool w·z + (1 − w)·s is calibrated as the networks alone are (the prior correction scaled by w,
/// since only the networks carry the class weighting), and the w with the lowest held-out log-loss is kept.
/// </summary>
internal static class StackingFit
{
    public const int Steps = 20;

    /// <returns>w, the pooled held-out scores the calibration and the decision rule are fitted on, and the calibration.</returns>
    public static (float Weight, HeldOutScores Pooled, ProbabilityCalibration Calibration, double LogLoss, double NetworksLogLoss) Fit(
        HeldOutScores networks, float[] partner, double[] alpha, bool calibrate)
    {
        if (partner.Length != networks.Logits.Length) throw new InvalidOperationException("The partner scored other rows than the networks.");
        int classes = networks.Outputs == 1 ? 2 : networks.Outputs;
        (float Weight, HeldOutScores Pooled, ProbabilityCalibration Calibration, double LogLoss) best = default;
        double networksLoss = double.NaN;
        best.LogLoss = double.PositiveInfinity;
        // From the networks alone down, and only a strictly lower loss moves w: a tie keeps more of the networks.
        for (int k = Steps; k >= 0; k--)
        {
            float w = (float)k / Steps;
            HeldOutScores pooled = Pool(networks, partner, w);
            ProbabilityCalibration calibration = calibrate
                ? CalibrationFit.Fit(pooled, alpha.Select(a => Math.Pow(a, w)).ToArray())
                : ProbabilityCalibration.Identity(networks.Outputs);
            double loss = LogLoss(pooled, calibration, classes);
            if (k == Steps) networksLoss = loss;
            if (loss < best.LogLoss) best = (w, pooled, calibration, loss);
        }
        return (best.Weight, best.Pooled!, best.Calibration!, best.LogLoss, networksLoss);
    }

    /// <summary>w·z + (1 − w)·s, in float as <see cref="RowScorer"/> pools a row.</summary>
    public static HeldOutScores Pool(HeldOutScores networks, float[] partner, float w)
    {
        var logits = new float[networks.Logits.Length];
        for (int i = 0; i < logits.Length; i++) logits[i] = w * networks.Logits[i] + (1 - w) * partner[i];
        return networks with { Logits = logits };
    }

    /// <summary>The weighted mean negative log-probability of each row's class.</summary>
    private static double LogLoss(HeldOutScores scores, ProbabilityCalibration calibration, int classes)
    {
        double[] logP = DecisionRuleFit.CalibratedLogProbabilities(scores, calibration, classes);
        double total = 0, weight = 0;
        for (int i = 0; i < scores.Count; i++)
        {
            total -= scores.Weights[i] * logP[i * classes + scores.Labels[i]];
            weight += scores.Weights[i];
        }
        return total / weight;
    }
}
