using System;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss.Loss;
using Microsoft.ML.FocalLoss.Model;
using Microsoft.ML.FocalLoss.Training;
using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers;

[assembly: LoadableClass(typeof(BinaryFocalLossTrainer), typeof(BinaryFocalLossTrainer.Options),
    new[] { typeof(SignatureBinaryClassifierTrainer), typeof(SignatureTrainer) },
    BinaryFocalLossTrainer.UserName, BinaryFocalLossTrainer.LoadName)]

namespace Microsoft.ML.FocalLoss.Training;

/// <summary>
/// Binary classification for imbalanced data: a TorchSharp network trained with the sigmoid focal loss of
/// <c>torchvision.ops.sigmoid_focal_loss</c>. The label is Boolean; Probability is calibrated, and Score is a margin
/// whose sign is the tuned decision (see <see cref="BinaryFocalLossModelParameters.DecisionThreshold"/>).
/// </summary>
public sealed class BinaryFocalLossTrainer : TrainerEstimatorBase<BinaryPredictionTransformer<BinaryFocalLossModelParameters>, BinaryFocalLossModelParameters>
{
    internal const string LoadName = "FocalLossBinary";
    internal const string UserName = "Focal Loss Binary Network";

    /// <summary>Options of <see cref="BinaryFocalLossTrainer"/>.</summary>
    public sealed class Options : FocalLossTrainerOptionsBase
    {
        /// <summary>
        /// The weight of the positive class, α_t = α·t + (1-α)(1-t), at most 1; negative disables weighting.
        /// Null derives α from <see cref="FocalLossTrainerOptionsBase.ClassWeighting"/> (balanced by default).
        /// </summary>
        public double? Alpha;
    }

    private readonly Options _options;

    /// <summary>Creates the trainer; the seed comes from <paramref name="mlContext"/> unless <see cref="FocalLossTrainerOptionsBase.Seed"/> is set.</summary>
    public BinaryFocalLossTrainer(MLContext mlContext, Options options)
        : this((IHostEnvironment)Contracts.CheckRef(mlContext, nameof(mlContext)), options)
    {
    }

    internal BinaryFocalLossTrainer(IHostEnvironment env, Options options)
        : base(Contracts.CheckRef(env, nameof(env)).Register(LoadName),
            TrainerUtils.MakeR4VecFeature(Contracts.CheckRef(options, nameof(options)).FeatureColumnName),
            TrainerUtils.MakeBoolScalarLabel(options.LabelColumnName),
            TrainerUtils.MakeR4ScalarWeightColumn(options.ExampleWeightColumnName))
    {
        TrainerInputs.CheckOptions(Host, options);
        Host.CheckUserArg(options.Alpha is null || (double.IsFinite(options.Alpha.Value) && options.Alpha <= 1), nameof(options.Alpha), "must be at most 1 (negative disables weighting)");
        Host.CheckUserArg(options.ClassWeighting is null or ClassWeighting.None || options.Alpha is null,
            nameof(options.ClassWeighting), "an explicit Alpha replaces class weighting; leave ClassWeighting unset");
        _options = options;
    }

    /// <inheritdoc />
    public override TrainerInfo Info { get; } = new(normalization: false, caching: false, supportValid: true);

    /// <inheritdoc />
    public override PredictionKind PredictionKind => PredictionKind.BinaryClassification;

    /// <summary>Trains with early stopping on <paramref name="validationData"/>.</summary>
    public BinaryPredictionTransformer<BinaryFocalLossModelParameters> Fit(IDataView trainData, IDataView validationData)
        => TrainTransformer(trainData, validationData);

    /// <inheritdoc />
    public override SchemaShape.Column[] GetOutputColumnsCore(SchemaShape inputSchema) => new[]
    {
        new SchemaShape.Column(DefaultColumnNames.Score, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Single, false,
            new SchemaShape(AnnotationUtils.GetTrainerOutputAnnotation())),
        new SchemaShape.Column(DefaultColumnNames.Probability, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Single, false,
            new SchemaShape(AnnotationUtils.GetTrainerOutputAnnotation(true))),
        new SchemaShape.Column(DefaultColumnNames.PredictedLabel, SchemaShape.Column.VectorKind.Scalar, BooleanDataViewType.Instance, false,
            new SchemaShape(AnnotationUtils.GetTrainerOutputAnnotation())),
    };

    /// <inheritdoc />
    public override BinaryFocalLossModelParameters TrainModelCore(TrainContext context)
    {
        Host.CheckValue(context, nameof(context));
        RoleMappedData data = context.TrainingSet;
        TrainerInputs.CheckFeatures(Host, data);
        string[] names = { "False", "True" };
        int seed = _options.Seed ?? Host.Rand.Next();
        RoleMappedData? validationData = TrainerInputs.Validation(Host, context.ValidationSet, _options);
        using TrainingSource train = TrainerInputs.OpenTraining(Host, data, 2, _options, validationData is not null, seed);
        long[] counts = train.ClassCounts;
        TrainerInputs.CheckTwoClasses(Host, data, train, names);

        double alpha;
        string source;
        if (_options.Alpha is double explicitAlpha)
            (alpha, source) = (explicitAlpha, "Alpha");
        else
        {
            ClassWeighting weighting = _options.ClassWeighting ?? ClassWeighting.Balanced;
            double[] w = ClassWeights.Compute(weighting, counts, _options.EffectiveNumberBeta);
            // α_t is proportional to the class weights: α for positives, 1 - α for negatives.
            (alpha, source) = (weighting == ClassWeighting.None ? -1 : w[1] / (w[0] + w[1]), "ClassWeighting." + weighting);
        }
        double[] classAlpha = alpha < 0 ? new[] { 1.0, 1.0 } : new[] { 1 - alpha, alpha };
        TrainerInputs.LogWeights(Host, names, classAlpha, counts, source);

        TrainingRows? validation = validationData is null ? null : TrainerInputs.ReadValidation(Host, validationData, names, counts, _options);
        // Logit adjustment: no row weights, the positive logit shifted by −log α + log(1 − α).
        TrainingTask task = _options.ClassWeighting == ClassWeighting.LogitAdjusted
            ? new SigmoidTask(_options.Gamma, -1, TrainerInputs.LogitShift(classAlpha[1]) - TrainerInputs.LogitShift(classAlpha[0]))
            : new SigmoidTask(_options.Gamma, alpha);
        var (network, calibration, decision, partner) = NetworkFitting.Run(Host, _options, task, train, validation, classAlpha, seed);
        return new BinaryFocalLossModelParameters(Host, network, calibration, decision, partner);
    }

    /// <inheritdoc />
    public override BinaryPredictionTransformer<BinaryFocalLossModelParameters> MakeTransformer(BinaryFocalLossModelParameters model, DataViewSchema trainSchema)
        => new(Host, model, trainSchema, FeatureColumn.Name);
}
