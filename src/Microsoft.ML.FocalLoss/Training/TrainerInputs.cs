using System;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss.Loss;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.FocalLoss.Training;

/// <summary>Checks and reads what both trainers take in: options, training rows and validation rows.</summary>
internal static class TrainerInputs
{
    /// <summary>Rejects invalid options with an exception that names the option.</summary>
    public static void CheckOptions(IHost host, FocalLossTrainerOptionsBase options)
    {
        host.CheckValue(options, nameof(options));
        host.CheckNonEmpty(options.LabelColumnName, nameof(options.LabelColumnName));
        host.CheckNonEmpty(options.FeatureColumnName, nameof(options.FeatureColumnName));
        host.CheckUserArg(double.IsFinite(options.Gamma) && options.Gamma >= 0, nameof(options.Gamma), "γ must be a finite number ≥ 0");
        host.CheckUserArg(options.NumberOfEpochs is null or > 0, nameof(options.NumberOfEpochs), "must be positive (or null to choose from the row count)");
        host.CheckUserArg(options.BatchSize is null or > 0, nameof(options.BatchSize), "must be positive (or null to choose from the row count)");
        host.CheckUserArg(options.NumberOfFolds is null or > 0, nameof(options.NumberOfFolds), "must be positive (or null to choose from the row count)");
        host.CheckUserArg(options.ValidationFraction is >= 0 and < 1, nameof(options.ValidationFraction), "must lie in [0, 1)");
        host.CheckUserArg(options.DecisionObjective is not null, nameof(options.DecisionObjective), "must be set (DecisionObjective.Argmax turns tuning off)");
        host.CheckUserArg(Enum.IsDefined(options.FeatureScaling), nameof(options.FeatureScaling), "is not a defined scaling mode");
        host.CheckUserArg(double.IsFinite(options.LearningRate) && options.LearningRate > 0, nameof(options.LearningRate), "must be a positive number");
        host.CheckUserArg(double.IsFinite(options.WeightDecay) && options.WeightDecay >= 0, nameof(options.WeightDecay), "must be ≥ 0");
        host.CheckUserArg(options.Momentum is >= 0 and < 1, nameof(options.Momentum), "must lie in [0, 1)");
        host.CheckUserArg(options.Dropout is >= 0 and < 1, nameof(options.Dropout), "must lie in [0, 1)");
        host.CheckUserArg(options.HiddenLayerSizes is not null && options.HiddenLayerSizes.All(w => w > 0), nameof(options.HiddenLayerSizes), "every hidden layer needs a positive width");
        host.CheckUserArg(options.EffectiveNumberBeta is >= 0 and < 1, nameof(options.EffectiveNumberBeta), "β must lie in [0, 1)");
        host.CheckUserArg(options.Reduction != FocalLossReduction.None, nameof(options.Reduction), "training needs a scalar loss: use Mean, WeightedMean or Sum");
        host.CheckUserArg(options.EarlyStoppingPatience is null or > 0, nameof(options.EarlyStoppingPatience), "must be positive (or null to choose from the epoch budget)");
        host.CheckUserArg(options.NumberOfThreads is null or > 0, nameof(options.NumberOfThreads), "must be positive");
    }

    /// <summary>The feature count of a known-size Single vector feature column.</summary>
    public static int CheckFeatures(IHost host, RoleMappedData data)
    {
        DataViewSchema.Column feature = data.Schema.Feature!.Value;
        if (feature.Type is not VectorDataViewType { ItemType: var item, IsKnownSize: true } vector || item != NumberDataViewType.Single)
            throw host.ExceptSchemaMismatch(nameof(data), "feature", feature.Name, "known-size vector of Single", feature.Type.ToString());
        return vector.Size;
    }

    /// <summary>
    /// Reads validation rows into memory, logging what was skipped. Rows of one class cannot rank, calibrate or
    /// tune anything: early stopping would keep the epoch that best predicts that class, and calibration would
    /// teach every row to be it. So they are refused; a class with training rows but none here is only warned of.
    /// </summary>
    public static TrainingRows ReadValidation(IHost host, RoleMappedData data, string[] names, long[] trainingCounts, FocalLossTrainerOptionsBase options)
    {
        TrainingRows rows = TrainingRows.Read(host, data, names.Length, "validation");
        ReportSkipped(host, data, "validation", rows.Count, rows.Skipped);
        long[] counts = rows.ClassCounts(names.Length), zero = rows.ZeroWeightCounts(names.Length);
        // A row of weight 0 takes no part in what the validation rows fit, so it does not make its class present.
        for (int c = 0; c < counts.Length; c++) counts[c] -= zero[c];
        // With all three turned off the rows only feed the epoch reports, which one class does not spoil.
        bool used = options.EarlyStoppingMetric != EarlyStoppingMetric.None || options.CalibrateProbabilities || options.DecisionObjective.Kind != DecisionObjectiveKind.Argmax;
        if (counts.Sum() == 0 && used)
            throw host.ExceptUserArg(nameof(FocalLossTrainerOptionsBase.ValidationSet), $"every validation row has weight 0 in '{data.Schema.Weight!.Value.Name}'; early stopping, calibration and the decision rule need rows that weigh something");
        int[] present = Enumerable.Range(0, names.Length).Where(c => counts[c] > 0).ToArray();
        if (present.Length < 2 && used)
            throw host.ExceptUserArg(nameof(FocalLossTrainerOptionsBase.ValidationSet),
                $"the validation rows hold a single class ('{names[present[0]]}' in '{data.Schema.Label!.Value.Name}'); early stopping, calibration and the decision rule need rows of at least two classes. "
                + "Give validation rows of every class (a stratified split), or none, and the trainer holds out rows of its own");
        string[] absent = Enumerable.Range(0, names.Length).Where(c => counts[c] == 0 && trainingCounts[c] > 0).Select(c => names[c]).ToArray();
        if (absent.Length > 0)
        {
            using IChannel ch = host.Start("Reading validation data");
            ch.Warning("The validation rows have none of class(es) {0}: early stopping does not see them, and calibration keeps their prior correction.", string.Join(", ", absent));
        }
        return rows;
    }

    /// <summary>
    /// Opens the training rows (in memory or streamed), logging what was skipped. Streamed rows hold out
    /// ValidationFraction by position unless a validation set is given.
    /// </summary>
    public static TrainingSource OpenTraining(IHost host, RoleMappedData data, int classes, FocalLossTrainerOptionsBase options, bool hasValidationSet, int seed)
    {
        TrainingSource source = TrainingSource.Open(host, data, classes, options, hasValidationSet ? 0 : options.ValidationFraction, seed);
        ReportSkipped(host, data, "training", source.Count, source.Skipped);
        return source;
    }

    /// <summary>Logs the skipped rows by cause, and fails when nothing usable remains.</summary>
    private static void ReportSkipped(IHost host, RoleMappedData data, string role, long kept, SkippedRows skippedRows)
    {
        (long badFeatures, long badLabels, long badWeights) = (skippedRows.NonFiniteFeatures, skippedRows.MissingLabels, skippedRows.BadWeights);
        long skipped = skippedRows.Total;
        using IChannel ch = host.Start("Reading " + role + " data");
        if (skipped > 0)
            ch.Warning("Skipped {0} of the {1} rows: {2} with a NaN or infinite feature, {3} with a missing label, {4} with a NaN, infinite or negative weight.",
                skipped, skipped + kept, badFeatures, badLabels, badWeights);
        if (kept == 0)
        {
            throw skipped == 0
                ? host.Except($"The {role} data has no rows.")
                : host.Except($"Every one of the {skipped} {role} rows is invalid: {badFeatures} with a NaN or infinite feature in '{data.Schema.Feature!.Value.Name}', {badLabels} with a missing label in '{data.Schema.Label!.Value.Name}', {badWeights} with a bad weight.");
        }
    }

    /// <summary>
    /// Fails when fewer than two classes have training rows of positive weight; warns of a class whose rows all
    /// weigh 0, which the network can then never learn to predict.
    /// </summary>
    public static void CheckTwoClasses(IHost host, RoleMappedData data, TrainingSource train, string[] names)
    {
        string labelColumn = data.Schema.Label!.Value.Name;
        long[] counts = train.ClassCounts, zero = train.ZeroWeightCounts;
        int[] present = Enumerable.Range(0, counts.Length).Where(c => counts[c] > 0).ToArray();
        if (present.Length < 2)
            throw host.Except($"The training label column '{labelColumn}' has a single class ('{names[present[0]]}'); a classifier needs rows of at least two classes.");
        int[] weightless = present.Where(c => zero[c] == counts[c]).ToArray();
        if (weightless.Length == 0) return;
        string weightColumn = data.Schema.Weight!.Value.Name;
        if (present.Length - weightless.Length < 2)
        {
            throw weightless.Length == present.Length
                ? host.Except($"Every training row has weight 0 in '{weightColumn}': there is nothing to learn from.")
                : host.Except($"The training rows of class(es) {string.Join(", ", weightless.Select(c => $"'{names[c]}'"))} all have weight 0 in '{weightColumn}', which leaves one class to learn; a classifier needs rows of at least two classes with a positive weight.");
        }
        using IChannel ch = host.Start("Class weights");
        ch.Warning("Every training row of class(es) {0} has weight 0 in '{1}': the model never learns to predict them.", string.Join(", ", weightless.Select(c => names[c])), weightColumn);
    }

    /// <summary>The validation data from Fit(train, validation) or from the options, with the training columns.</summary>
    public static RoleMappedData? Validation(IHost host, RoleMappedData? fromContext, FocalLossTrainerOptionsBase options)
    {
        if (fromContext is not null) return fromContext;
        if (options.ValidationSet is null) return null;
        foreach (string? column in new[] { options.LabelColumnName, options.FeatureColumnName, options.ExampleWeightColumnName })
        {
            if (column is not null && options.ValidationSet.Schema.GetColumnOrNull(column) is null)
                throw host.ExceptSchemaMismatch(nameof(options.ValidationSet), "validation", column);
        }
        return new RoleMappedData(options.ValidationSet, label: options.LabelColumnName, feature: options.FeatureColumnName, weight: options.ExampleWeightColumnName);
    }

    /// <summary>The logit shift of <see cref="Loss.ClassWeighting.LogitAdjusted"/>: −log w, with a class that has no rows (w = 0) held far down but finite.</summary>
    public static double LogitShift(double weight) => weight > 0 ? -Math.Log(weight) : -30;

    /// <summary>Logs the per-class α the loss uses.</summary>
    public static void LogWeights(IHost host, string[] names, double[] alpha, long[] counts, string source)
    {
        using IChannel ch = host.Start("Class weights");
        ch.Info("Per-class α ({0}): {1}", source, string.Join(", ", names.Select((n, c) => FormattableString.Invariant($"{n}={alpha[c]:G4} ({counts[c]} rows)"))));
        int[] empty = ClassWeights.EmptyClasses(counts);
        if (empty.Length > 0)
            ch.Warning("Class(es) {0} have no training rows: the model keeps an output for them but never learns to predict them.", string.Join(", ", empty.Select(c => names[c])));
    }
}
