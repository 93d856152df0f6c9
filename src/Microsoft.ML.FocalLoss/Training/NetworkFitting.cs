using System;
using System.Globalization;
using System.Linq;
using Microsoft.ML.FocalLoss.Model;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.FocalLoss.Training;

/// <summary>
/// What both trainers do once the rows are read, stage by stage: plan which rows are held out, train the networks
/// with early stopping (after a stacking partner, if one is given, pooled with them on the held-out rows),
/// calibrate their probabilities on the held-out rows, and tune the decision rule there.
/// </summary>
internal static class NetworkFitting
{
    /// <summary>Tables up to this many rows are cross-fitted by default; larger ones hold out one share for one network.</summary>
    public const int CrossFitRowLimit = 20_000;

    public const int DefaultFolds = 5;

    public static (NetworkEnsemble Network, ProbabilityCalibration Calibration, DecisionRule Decision, StackingPartner? Partner) Run(IHost host,
        FocalLossTrainerOptionsBase options, TrainingTask task, TrainingSource train, TrainingRows? validation, double[] classAlpha, int seed)
    {
        using IChannel ch = host.Start("Fitting");
        PartnerFolds? partner = null;
        if (train is InMemoryTrainingSource inMemory)
        {
            FoldPlan plan = Plan(host, ch, options, inMemory, validation is not null, seed);
            inMemory.Use(plan);
            if (options.StackingPartner is not null)
            {
                host.CheckUserArg(plan.HoldsOut || validation is not null, nameof(options.StackingPartner),
                    "needs held-out rows to choose its weight: keep cross-fitting (NumberOfFolds null or above 1), set a ValidationFraction above 0, or give a ValidationSet");
                // Before the networks: they scale the rows in place on their way to the device.
                partner = PartnerFit.Run(host, options, inMemory.PendingRows, plan, validation, task.Outputs);
            }
        }
        else if (options.NumberOfFolds is > 1 && validation is null)
            throw host.ExceptUserArg(nameof(options.NumberOfFolds), "cross-fitting needs the rows in memory: use TrainingDataMode.InMemory, or NumberOfFolds = 1 to hold out ValidationFraction of the streamed rows");
        else if (options.StackingPartner is not null)
            throw host.ExceptUserArg(nameof(options.StackingPartner), "needs the training rows in memory: use TrainingDataMode.InMemory");

        (MlpWeights[] members, HeldOutScores? heldOut) = FocalTrainingLoop.Run(host, options, task, train, validation, seed);
        var network = new NetworkEnsemble(train.Scaling, members);
        if (heldOut is null)
        {
            ch.Info("No rows were held out: the probabilities are not calibrated and PredictedLabel is the argmax.");
            return (network, ProbabilityCalibration.Identity(task.Outputs), DecisionRule.Argmax(task.Outputs), null);
        }

        ProbabilityCalibration calibration;
        StackingPartner? stacked = null;
        if (partner is PartnerFolds folds)
        {
            var fit = StackingFit.Fit(heldOut, folds.HeldOut, classAlpha, options.CalibrateProbabilities);
            stacked = new StackingPartner(fit.Weight, folds.Models, task.Outputs);
            (heldOut, calibration) = (fit.Pooled, fit.Calibration);
            ch.Info(FormattableString.Invariant($"Stacking partner: {folds.Models.Length} models in {folds.Seconds:F1} s; the networks weigh w = {fit.Weight:F2} in the pool, ")
                + FormattableString.Invariant($"held-out log-loss {fit.LogLoss:F4} (the networks alone {fit.NetworksLogLoss:F4})."));
        }
        else calibration = options.CalibrateProbabilities ? CalibrationFit.Fit(heldOut, classAlpha) : ProbabilityCalibration.Identity(task.Outputs);
        ch.Info(FormattableString.Invariant($"Calibration on {heldOut.Count} held-out rows: temperature {calibration.Temperature:G4}, bias ")
            + string.Join(" ", calibration.Bias.Select(b => b.ToString("G3", CultureInfo.InvariantCulture))) + ".");
        DecisionRule decision = DecisionRuleFit.Fit(options.DecisionObjective, heldOut, calibration);
        ch.Info("Decision rule ({0}): {1} {2}.", options.DecisionObjective, task.Outputs == 1 ? "threshold on the calibrated logit" : "log-probability offsets",
            string.Join(" ", decision.Offsets.Select(o => o.ToString("G3", CultureInfo.InvariantCulture))));
        return (network, calibration, decision, stacked);
    }

    private static FoldPlan Plan(IHost host, IChannel ch, FocalLossTrainerOptionsBase options, InMemoryTrainingSource train, bool hasValidationSet, int seed)
    {
        var random = new Random(unchecked(seed * 7919 + 17));
        FoldPlan plan;
        if (hasValidationSet) plan = FoldPlan.None(train.Labels.Length, "one network on every training row, validated on the validation set");
        else if ((options.NumberOfFolds ?? (train.Count <= CrossFitRowLimit ? (int)Math.Min(DefaultFolds, train.Count) : 1)) is int folds and > 1)
        {
            host.CheckUserArg(folds <= train.Count, nameof(options.NumberOfFolds), $"there are {train.Count} training rows, fewer than {folds} folds");
            plan = FoldPlan.CrossFit(train.Labels, folds, random);
        }
        else if (options.ValidationFraction > 0) plan = FoldPlan.HoldOut(train.Labels, options.ValidationFraction, random);
        else plan = FoldPlan.None(train.Labels.Length, "one network on every training row; nothing held out");
        ch.Info("Held-out rows: {0}.", plan.Description);
        return plan;
    }
}
