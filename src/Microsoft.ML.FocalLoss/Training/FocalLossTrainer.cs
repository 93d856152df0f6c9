using System;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss.Evaluation;
using Microsoft.ML.FocalLoss.Loss;
using Microsoft.ML.FocalLoss.Model;
using Microsoft.ML.FocalLoss.Training;
using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers;

[assembly: LoadableClass(typeof(FocalLossTrainer), typeof(FocalLossTrainer.Options),
    new[] { typeof(SignatureMulticlassClassifierTrainer), typeof(SignatureTrainer) },
    FocalLossTrainer.UserName, FocalLossTrainer.LoadName)]

namespace Microsoft.ML.FocalLoss.Training;

/// <summary>
/// Multiclass classification for imbalanced data: a TorchSharp network trained with the softmax focal loss
/// -α_t (1 - p_t)^γ log p_t. The label is a key type; Score holds one softmax probability per key value.
/// </summary>
/// <remarks>
/// Features are standardised with statistics from the training data, stored in the model, so the pipeline needs no
/// normaliser. By default the loss uses γ = 2 and balanced class weights from the training label histogram.
/// </remarks>
public sealed class FocalLossTrainer : TrainerEstimatorBase<FocalLossPredictionTransformer, FocalLossModelParameters>
{
    internal const string LoadName = "FocalLossMulticlass";
    internal const string UserName = "Focal Loss Multiclass Network";

    /// <summary>Options of <see cref="FocalLossTrainer"/>.</summary>
    public sealed class Options : FocalLossTrainerOptionsBase
    {
        /// <summary>
        /// The scalar α of RetinaNet and yatengLG/Focal-Loss-Pytorch, in (0, 1): the first key value (the background)
        /// weighs α and every other class 1 - α. Excludes <see cref="Alpha"/> and <see cref="FocalLossTrainerOptionsBase.ClassWeighting"/>.
        /// </summary>
        public double? BackgroundAlpha;

        /// <summary>One α per key value, in key order; the length must equal the label's key count.</summary>
        public double[]? Alpha;
    }

    private readonly Options _options;

    /// <summary>Creates the trainer; the seed comes from <paramref name="mlContext"/> unless <see cref="FocalLossTrainerOptionsBase.Seed"/> is set.</summary>
    public FocalLossTrainer(MLContext mlContext, Options options)
        : this((IHostEnvironment)Contracts.CheckRef(mlContext, nameof(mlContext)), options)
    {
    }

    internal FocalLossTrainer(IHostEnvironment env, Options options)
        : base(Contracts.CheckRef(env, nameof(env)).Register(LoadName),
            TrainerUtils.MakeR4VecFeature(Contracts.CheckRef(options, nameof(options)).FeatureColumnName),
            TrainerUtils.MakeU4ScalarColumn(options.LabelColumnName),
            TrainerUtils.MakeR4ScalarWeightColumn(options.ExampleWeightColumnName))
    {
        TrainerInputs.CheckOptions(Host, options);
        Host.CheckUserArg(options.BackgroundAlpha is null || options.BackgroundAlpha is > 0 and < 1, nameof(options.BackgroundAlpha), "must lie in (0, 1)");
        Host.CheckUserArg(options.Alpha is null || options.Alpha.All(a => double.IsFinite(a) && a >= 0), nameof(options.Alpha), "every α must be finite and ≥ 0");
        Host.CheckUserArg(options.Alpha is null || options.BackgroundAlpha is null, nameof(options.Alpha), "set Alpha or BackgroundAlpha, not both");
        Host.CheckUserArg(options.ClassWeighting is null or ClassWeighting.None || (options.Alpha is null && options.BackgroundAlpha is null),
            nameof(options.ClassWeighting), "an explicit α (Alpha or BackgroundAlpha) replaces class weighting; leave ClassWeighting unset");
        _options = options;
    }

    /// <inheritdoc />
    public override TrainerInfo Info { get; } = new(normalization: false, caching: false, supportValid: true);

    /// <inheritdoc />
    public override PredictionKind PredictionKind => PredictionKind.MulticlassClassification;

    /// <summary>Trains with early stopping on <paramref name="validationData"/>.</summary>
    public FocalLossPredictionTransformer Fit(IDataView trainData, IDataView validationData)
        => TrainTransformer(trainData, validationData);

    /// <inheritdoc />
    public override SchemaShape.Column[] GetOutputColumnsCore(SchemaShape inputSchema)
    {
        inputSchema.TryFindColumn(LabelColumn.Name, out var label);
        var predictedAnnotations = new SchemaShape(label.Annotations.Where(a => a.Name == AnnotationUtils.Kinds.KeyValues)
            .Concat(AnnotationUtils.GetTrainerOutputAnnotation()));
        return new[]
        {
            new SchemaShape.Column(DefaultColumnNames.Score, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single, false,
                new SchemaShape(AnnotationUtils.AnnotationsForMulticlassScoreColumn(label))),
            new SchemaShape.Column(DefaultColumnNames.PredictedLabel, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.UInt32, true, predictedAnnotations),
        };
    }

    /// <inheritdoc />
    public override FocalLossModelParameters TrainModelCore(TrainContext context)
    {
        Host.CheckValue(context, nameof(context));
        RoleMappedData data = context.TrainingSet;
        TrainerInputs.CheckFeatures(Host, data);
        DataViewSchema.Column label = data.Schema.Label!.Value;
        if (label.Type is KeyDataViewType { Count: 1 })
            throw Host.Except($"The training label column '{label.Name}' has a single class (its key type has one value); a classifier needs at least two.");
        if (label.Type is not KeyDataViewType key || key.Count is < 2 or > int.MaxValue)
            throw Host.ExceptSchemaMismatch(nameof(context), "label", label.Name, "a key type with at least two values (use MapValueToKey)", label.Type.ToString());
        int classes = (int)key.Count;
        string[] names = ScoredDataReader.KeyNames(label, classes);

        int seed = _options.Seed ?? Host.Rand.Next();
        RoleMappedData? validationData = TrainerInputs.Validation(Host, context.ValidationSet, _options);
        using TrainingSource train = TrainerInputs.OpenTraining(Host, data, classes, _options, validationData is not null, seed);
        long[] counts = train.ClassCounts;
        TrainerInputs.CheckTwoClasses(Host, data, train, names);
        (double[] alpha, string source) = ResolveAlpha(classes, counts);
        TrainerInputs.LogWeights(Host, names, alpha, counts, source);

        TrainingRows? validation = validationData is null ? null : TrainerInputs.ReadValidation(Host, validationData, names, counts, _options);
        // Logit adjustment keeps every row's weight at 1 and moves the balanced weights into the logits as −log w_c.
        // (The constructor refuses an explicit α beside any ClassWeighting but None.)
        TrainingTask task = _options.ClassWeighting == ClassWeighting.LogitAdjusted
            ? new SoftmaxTask(_options.Gamma, alpha.Select(_ => 1.0).ToArray(), alpha.Select(TrainerInputs.LogitShift).ToArray())
            : new SoftmaxTask(_options.Gamma, alpha);
        var (network, calibration, decision, partner) = NetworkFitting.Run(Host, _options, task, train, validation, alpha, seed);
        return new FocalLossModelParameters(Host, network, calibration, decision, partner);
    }

    /// <inheritdoc />
    public override FocalLossPredictionTransformer MakeTransformer(FocalLossModelParameters model, DataViewSchema trainSchema)
        => new(Host, model, trainSchema, FeatureColumn.Name, LabelColumn.Name);

    private (double[] Alpha, string Source) ResolveAlpha(int classes, long[] counts)
    {
        if (_options.Alpha is double[] explicitAlpha)
        {
            Host.CheckUserArg(explicitAlpha.Length == classes, nameof(_options.Alpha),
                $"has {explicitAlpha.Length} values but the label has {classes} key values; give one α per key value, in key order");
            return (ClassAlpha.PerClass(explicitAlpha).Resolve(classes), "Alpha");
        }
        if (_options.BackgroundAlpha is double background)
            return (ClassAlpha.BackgroundVersusRest(background).Resolve(classes), "BackgroundAlpha");
        ClassWeighting weighting = _options.ClassWeighting ?? ClassWeighting.Balanced;
        return (ClassWeights.Compute(weighting, counts, _options.EffectiveNumberBeta), "ClassWeighting." + weighting);
    }
}
