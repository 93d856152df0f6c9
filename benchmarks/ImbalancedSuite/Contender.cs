using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.FocalLoss;
using Microsoft.ML.FocalLoss.Training;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace ImbalancedSuite;

/// <summary>A trainer in the suite: the focal loss defaults, a network variant, or an ML.NET built-in.</summary>
/// <param name="Name">The name in tables and in the results file.</param>
/// <param name="IsBuiltIn">True for ML.NET's own trainers, the ones the focal defaults must beat.</param>
/// <param name="Create">The trainer (after the shared featuriser) for a binary or multiclass task.</param>
internal sealed record Contender(string Name, bool IsBuiltIn, Func<MLContext, bool, IEstimator<ITransformer>> Create)
{
    public const string Focal = "focal";

    /// <summary>Every contender the suite knows; the focal defaults come first.</summary>
    public static List<Contender> Standard() => new()
    {
        Network(Focal, ""),
        // The same network, folds and budget with plain cross-entropy, the argmax and no calibration: what a softmax
        // network gives without the imbalance machinery.
        Network("cross-entropy", "Gamma=0;ClassWeighting=None;DecisionObjective=Argmax;CalibrateProbabilities=false"),
        new("FastTree", true, (ml, binary) => FastTree(ml, binary, unbalanced: false)),
        new("FastTree-unbal", true, (ml, binary) => FastTree(ml, binary, unbalanced: true)),
        new("LightGbm", true, (ml, binary) => LightGbm(ml, binary, unbalanced: false)),
        new("LightGbm-unbal", true, (ml, binary) => LightGbm(ml, binary, unbalanced: true)),
        new("Lbfgs", true, (ml, binary) => ml.Transforms.NormalizeMeanVariance("Features").Append(binary
            ? (IEstimator<ITransformer>)ml.BinaryClassification.Trainers.LbfgsLogisticRegression()
            : ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy())),
    };

    /// <summary>
    /// The focal defaults stacked with a tree model (<see cref="FocalLossTrainerOptionsBase.StackingPartner"/>):
    /// LightGbm or FastTree (one-versus-all for multiclass) with their defaults. The partner comes from a context of its
    /// own, so that it draws nothing from the split's context and the networks train as the focal contender's do.
    /// </summary>
    public static List<Contender> Stacked() => new()
    {
        new("focal-lgbm", false, (ml, binary) => StackedWith(ml, binary, partner => binary
            ? partner.BinaryClassification.Trainers.LightGbm()
            : partner.MulticlassClassification.Trainers.LightGbm())),
        FastTreeStacked("focal-ft"),
        // A cheaper FastTree partner, measured and not adopted (EXPERIMENTS.md, "A cheaper FastTree partner").
        FastTreeStacked("focal-ft20", numberOfTrees: 20),
        FastTreeStacked("focal-ft50", numberOfTrees: 50),
    };

    /// <summary>Stacked with FastTree (one-versus-all for multiclass); 100 trees is FastTree's default.</summary>
    private static Contender FastTreeStacked(string name, int numberOfTrees = 100) => new(name, false, (ml, binary) => StackedWith(ml, binary, partner => binary
        ? partner.BinaryClassification.Trainers.FastTree(numberOfTrees: numberOfTrees)
        : partner.MulticlassClassification.Trainers.OneVersusAll(partner.BinaryClassification.Trainers.FastTree(numberOfTrees: numberOfTrees))));

    private static IEstimator<ITransformer> StackedWith(MLContext ml, bool binary, Func<MLContext, IEstimator<ITransformer>> partner)
    {
        IEstimator<ITransformer> trees = partner(new MLContext(seed: 0));
        return binary
            ? ml.BinaryClassification.Trainers.FocalLoss(new BinaryFocalLossTrainer.Options { StackingPartner = trees })
            : ml.MulticlassClassification.Trainers.FocalLoss(new FocalLossTrainer.Options { StackingPartner = trees });
    }

    /// <summary>
    /// A focal loss network with options set by name, e.g. "Gamma=0;ClassWeighting=None;HiddenLayerSizes=128x128".
    /// The same settings apply to the binary and the multiclass trainer.
    /// </summary>
    public static Contender Network(string name, string settings) => new(name, false, (ml, binary) =>
    {
        if (binary)
        {
            var options = new BinaryFocalLossTrainer.Options();
            Apply(options, settings);
            return ml.BinaryClassification.Trainers.FocalLoss(options);
        }
        var multi = new FocalLossTrainer.Options();
        Apply(multi, settings);
        return ml.MulticlassClassification.Trainers.FocalLoss(multi);
    });

    /// <summary>Parses "name:Key=Value;Key=Value" from the command line.</summary>
    public static Contender ParseVariant(string text)
    {
        int colon = text.IndexOf(':');
        if (colon <= 0) throw new ArgumentException($"A variant is name:Key=Value;Key=Value, not '{text}'.");
        string name = text[..colon], settings = text[(colon + 1)..];
        Apply(new FocalLossTrainer.Options(), settings); // fail now, not in the middle of a run
        return Network(name, settings);
    }

    private static IEstimator<ITransformer> FastTree(MLContext ml, bool binary, bool unbalanced)
    {
        var trainer = ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options { UnbalancedSets = unbalanced });
        return binary ? trainer : ml.MulticlassClassification.Trainers.OneVersusAll(trainer);
    }

    private static IEstimator<ITransformer> LightGbm(MLContext ml, bool binary, bool unbalanced) => binary
        ? ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options { UnbalancedSets = unbalanced })
        : ml.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options { UnbalancedSets = unbalanced });

    private static void Apply(FocalLossTrainerOptionsBase options, string settings)
    {
        foreach (string pair in settings.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] kv = pair.Split('=', 2, StringSplitOptions.TrimEntries);
            FieldInfo field = options.GetType().GetField(kv[0], BindingFlags.Public | BindingFlags.Instance)
                ?? throw new ArgumentException($"The focal loss options have no field '{kv[0]}'.");
            field.SetValue(options, Parse(kv.Length > 1 ? kv[1] : "", field.FieldType));
        }
    }

    private static object? Parse(string value, Type type)
    {
        if (value is "null" or "") return null;
        Type target = Nullable.GetUnderlyingType(type) ?? type;
        if (target == typeof(int[])) return value.Split('x', StringSplitOptions.RemoveEmptyEntries).Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        if (target.IsEnum) return Enum.Parse(target, value, ignoreCase: true);
        if (target == typeof(DecisionObjective))
            return value.StartsWith("RecallAtPrecision(", StringComparison.Ordinal)
                ? DecisionObjective.RecallAtPrecision(double.Parse(value["RecallAtPrecision(".Length..^1], CultureInfo.InvariantCulture))
                : typeof(DecisionObjective).GetProperty(value)?.GetValue(null) ?? throw new ArgumentException($"Unknown decision objective '{value}'.");
        return Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
    }
}
