using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss.Model;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.FocalLoss.Training;

/// <summary>The partner's fold models and, for every held-out row in the networks' order, the partner's score of it.</summary>
internal sealed record PartnerFolds(IPredictor[] Models, float[] HeldOut, double Seconds);

/// <summary>
/// Fits a stacking partner (<see cref="FocalLossTrainerOptionsBase.StackingPartner"/>) on the rows each member
/// network trains on and scores the rows that member holds out, so that every held-out row gets a partner score from a
/// model that did not train on it, as its logits come from a network that did not. It runs on the caller's thread,
/// before the networks: LightGbm keeps a pool of native threads per calling thread, and fits on a second thread left
/// every later LightGbm fit in the process several times slower (0.07 s became 0.25 s on glass), more than running
/// beside the networks saved.
/// </summary>
internal static class PartnerFit
{
    /// <summary>
    /// Checks the partner against the training columns, then fits it fold by fold; <paramref name="outputs"/> is 1 for
    /// the binary trainer (a Boolean label), else the class count (a key label).
    /// </summary>
    public static PartnerFolds Run(IHost host, FocalLossTrainerOptionsBase options, TrainingRows rows, FoldPlan plan, TrainingRows? validation, int outputs)
    {
        IEstimator<ITransformer> partner = options.StackingPartner!;
        int classes = outputs == 1 ? 2 : outputs;
        // The schema check names the option, where the partner's own Fit would name only a column.
        try
        {
            partner.GetOutputSchema(SchemaShape.Create(View(options, rows, Array.Empty<int>(), classes, outputs).Schema));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentOutOfRangeException or ArgumentException)
        {
            if (FitsTheOtherTask(partner, options, rows, outputs))
                throw host.ExceptUserArg(nameof(options.StackingPartner), outputs == 1
                    ? "is a multiclass trainer, and this trainer is binary: use a binary one, such as mlContext.BinaryClassification.Trainers.FastTree() or LightGbm()"
                    : "is a binary trainer, and this trainer is multiclass: wrap it, as mlContext.MulticlassClassification.Trainers.OneVersusAll(binaryTrainer), or use a multiclass one such as LightGbm()");
            throw host.ExceptUserArg(nameof(options.StackingPartner),
                $"the partner cannot train on the trainer's columns (label '{options.LabelColumnName}', features '{options.FeatureColumnName}'"
                + (options.ExampleWeightColumnName is null ? "" : $", weight '{options.ExampleWeightColumnName}'") + $"): {e.Message}");
        }
        return Fit(host, options, partner, rows, plan, validation, classes, outputs);
    }

    /// <summary>True when the partner takes the other task's label (a key where this trainer has a Boolean, or the reverse).</summary>
    private static bool FitsTheOtherTask(IEstimator<ITransformer> partner, FocalLossTrainerOptionsBase options, TrainingRows rows, int outputs)
    {
        try
        {
            // Binary rows read as a two-class key label; multiclass ones as a Boolean label (only the schema is read).
            partner.GetOutputSchema(SchemaShape.Create(View(options, rows, Array.Empty<int>(), 2, outputs == 1 ? 2 : 1).Schema));
            return true;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentOutOfRangeException or ArgumentException)
        {
            return false;
        }
    }

    private static PartnerFolds Fit(IHost host, FocalLossTrainerOptionsBase options, IEstimator<ITransformer> partner, TrainingRows rows, FoldPlan plan,
        TrainingRows? validation, int classes, int outputs)
    {
        var clock = Stopwatch.StartNew();
        var models = new IPredictor[plan.Members];
        var heldOut = new List<float>();
        var scores = new float[outputs];
        for (int m = 0; m < plan.Members; m++)
        {
            host.CheckAlive();
            ITransformer fitted = partner.Fit(View(options, rows, plan.TrainingRows(m), classes, outputs));
            if (fitted is not IPredictionTransformer<object> { Model: IPredictor model })
                throw host.ExceptUserArg(nameof(options.StackingPartner), $"must be a trainer, whose Fit gives a prediction transformer; it gave {fitted.GetType().Name}");
            PartnerScorer.Check(model, outputs, "StackingPartner");
            if (PlattParts.IsRawOneVersusAll(model))
                throw host.ExceptUserArg(nameof(options.StackingPartner),
                    "is one-versus-all over raw scores, not probabilities: use OneVersusAll with useProbabilities: true and a binary trainer that gives a probability, such as FastTree");
            models[m] = model;
            var scorer = PartnerScorer.Of(new[] { model }, outputs);
            (TrainingRows source, int[] rowsOut) = validation is null ? (rows, plan.HeldOutRows(m)) : (validation, Enumerable.Range(0, validation.Count).ToArray());
            foreach (int r in rowsOut)
            {
                var features = new VBuffer<float>(source.FeatureCount, source.Features.AsSpan(r * source.FeatureCount, source.FeatureCount).ToArray());
                scorer.Scores(features, scores);
                heldOut.AddRange(scores);
            }
        }
        return new PartnerFolds(models, heldOut.ToArray(), clock.Elapsed.TotalSeconds);
    }

    /// <summary>Loads rows as a data view: no randomness or logging is involved, so a context of its own does.</summary>
    private static readonly DataOperationsCatalog Data = new MLContext(seed: 0).Data;

    /// <summary>The given training rows as an IDataView with the trainer's own column names and types.</summary>
    private static IDataView View(FocalLossTrainerOptionsBase options, TrainingRows rows, int[] subset, int classes, int outputs)
    {
        int width = rows.FeatureCount;
        float[] Features(int r) => rows.Features.AsSpan(r * width, width).ToArray();
        float Weight(int r) => rows.Weights?[r] ?? 1;
        if (outputs == 1)
        {
            var definition = SchemaDefinition.Create(typeof(BinaryRow));
            Name(definition, options, width, null);
            return Data.LoadFromEnumerable(subset.Select(r => new BinaryRow { Features = Features(r), Label = rows.Labels[r] == 1, Weight = Weight(r) }), definition);
        }
        var multiclass = SchemaDefinition.Create(typeof(MulticlassRow));
        Name(multiclass, options, width, new KeyDataViewType(typeof(uint), classes));
        return Data.LoadFromEnumerable(subset.Select(r => new MulticlassRow { Features = Features(r), Label = (uint)rows.Labels[r], Weight = Weight(r) }), multiclass);
    }

    private static void Name(SchemaDefinition definition, FocalLossTrainerOptionsBase options, int width, KeyDataViewType? key)
    {
        definition[nameof(BinaryRow.Features)].ColumnName = options.FeatureColumnName;
        definition[nameof(BinaryRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        definition[nameof(BinaryRow.Label)].ColumnName = options.LabelColumnName;
        if (key is not null) definition[nameof(BinaryRow.Label)].ColumnType = key;
        // Without a weight column the partner sees none, as the networks do.
        if (options.ExampleWeightColumnName is null) definition.Remove(definition[nameof(BinaryRow.Weight)]);
        else definition[nameof(BinaryRow.Weight)].ColumnName = options.ExampleWeightColumnName;
    }

    private sealed class BinaryRow
    {
        public float[] Features = Array.Empty<float>();
        public bool Label;
        public float Weight;
    }

    private sealed class MulticlassRow
    {
        public float[] Features = Array.Empty<float>();

        /// <summary>The class index: ML.NET makes a uint field of a key column the key value minus one (0 is the first class, not missing).</summary>
        public uint Label;
        public float Weight;
    }
}
