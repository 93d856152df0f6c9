using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss.Model;
using Microsoft.ML.Runtime;

[assembly: LoadableClass(typeof(FocalLossPredictionTransformer), null, typeof(SignatureLoadModel),
    "Focal Loss Multiclass Prediction Transformer", FocalLossPredictionTransformer.LoaderSignature)]

namespace Microsoft.ML.FocalLoss.Model;

/// <summary>
/// The transformer that <see cref="Training.FocalLossTrainer"/> returns: like ML.NET's
/// <c>MulticlassPredictionTransformer</c>, it adds Score (one calibrated probability per key value, with the label names
/// as slot names) and PredictedLabel (a key with the label's key values) — but PredictedLabel follows the model's
/// decision rule (<see cref="FocalLossModelParameters.DecisionOffsets"/>) instead of the plain argmax.
/// </summary>
public sealed class FocalLossPredictionTransformer : SingleFeaturePredictionTransformerBase<FocalLossModelParameters>
{
    internal const string LoaderSignature = "FocalLossMulticlassPred";
    private readonly string? _labelColumn;

    internal FocalLossPredictionTransformer(IHostEnvironment env, FocalLossModelParameters model, DataViewSchema trainSchema, string featureColumn, string? labelColumn)
        : base(Contracts.CheckRef(env, nameof(env)).Register(nameof(FocalLossPredictionTransformer)), model, trainSchema, featureColumn)
    {
        _labelColumn = labelColumn;
        SetScorer();
    }

    private FocalLossPredictionTransformer(IHostEnvironment env, ModelLoadContext ctx)
        : base(Contracts.CheckRef(env, nameof(env)).Register(nameof(FocalLossPredictionTransformer)), ctx)
    {
        _labelColumn = ctx.LoadStringOrNull();
        SetScorer();
    }

    /// <summary>The name of the training label column, whose key values name the classes.</summary>
    public string? LabelColumnName => _labelColumn;

    internal static FocalLossPredictionTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        Contracts.CheckValue(env, nameof(env));
        env.CheckValue(ctx, nameof(ctx));
        ctx.CheckAtModel(GetVersionInfo());
        return new FocalLossPredictionTransformer(env, ctx);
    }

    private void SetScorer()
    {
        var schema = new RoleMappedSchema(TrainSchema, _labelColumn, FeatureColumnName);
        Scorer = new DecisionScorer(Host, new EmptyDataView(Host, TrainSchema), BindableMapper.Bind(Host, schema), schema, Model);
    }

    /// <inheritdoc />
    public override void SaveCore(ModelSaveContext ctx)
    {
        ctx.SetVersionInfo(GetVersionInfo());
        // <base: model, training schema, feature column> then the label column (or null).
        base.SaveCore(ctx);
        ctx.SaveStringOrNull(_labelColumn);
    }

    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "FOCALMCP",
        verWrittenCur: 0x00010001,
        verReadableCur: 0x00010001,
        verWeCanReadBack: 0x00010001,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(FocalLossPredictionTransformer).Assembly.GetName().Name);
}
