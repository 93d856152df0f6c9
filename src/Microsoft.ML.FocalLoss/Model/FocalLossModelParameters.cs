using System;
using System.Collections.Generic;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss.Model;
using Microsoft.ML.Model;
using Microsoft.ML.Model.OnnxConverter;
using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers;

[assembly: LoadableClass(typeof(FocalLossModelParameters), null, typeof(SignatureLoadModel),
    "Focal Loss Multiclass Model", FocalLossModelParameters.LoaderSignature)]

namespace Microsoft.ML.FocalLoss.Model;

/// <summary>
/// The multiclass model of <see cref="Training.FocalLossTrainer"/>: a network that maps a feature vector to one
/// softmax probability per class of the label's key type.
/// </summary>
public sealed class FocalLossModelParameters : NetworkModelParametersBase<VBuffer<float>>, IValueMapper, ISingleCanSaveOnnx
{
    internal const string LoaderSignature = "FocalLossMulticlassModel";

    private readonly VectorDataViewType _outputType;

    internal FocalLossModelParameters(IHostEnvironment env, NetworkEnsemble network, ProbabilityCalibration calibration, DecisionRule decision, StackingPartner? partner = null)
        : base(env, LoaderSignature, network, calibration, decision, partner)
    {
        Host.CheckParam(network.OutputCount >= 2, nameof(network), "a multiclass model needs at least two outputs");
        _outputType = new VectorDataViewType(NumberDataViewType.Single, network.OutputCount);
    }

    private FocalLossModelParameters(IHostEnvironment env, ModelLoadContext ctx)
        : base(env, LoaderSignature, ctx)
    {
        Host.CheckDecode(Network.OutputCount >= 2, "a multiclass focal loss model needs at least two classes");
        _outputType = new VectorDataViewType(NumberDataViewType.Single, Network.OutputCount);
    }

    /// <summary>The number of classes: the cardinality of the training label's key type.</summary>
    public int NumberOfClasses => Network.OutputCount;

    /// <summary>
    /// The decision rule: PredictedLabel is the class with the highest log-probability plus its offset, in key order
    /// (all zero for the plain argmax).
    /// </summary>
    public IReadOnlyList<float> DecisionOffsets => Decision.Offsets;

    /// <summary>The predicted class index (key value − 1) for a row of Score probabilities under the decision rule.</summary>
    internal int PredictClass(ReadOnlySpan<float> probabilities) => Decision.Predict(probabilities);

    /// <inheritdoc />
    public override PredictionKind PredictionKind => PredictionKind.MulticlassClassification;

    DataViewType IValueMapper.InputType => InputType;

    DataViewType IValueMapper.OutputType => _outputType;

    /// <inheritdoc />
    private protected override VersionInfo Version(bool stacked) => GetVersionInfo(stacked);

    internal static FocalLossModelParameters Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        Contracts.CheckValue(env, nameof(env));
        env.CheckValue(ctx, nameof(ctx));
        ctx.CheckAtModel(GetVersionInfo());
        return new FocalLossModelParameters(env, ctx);
    }

    ValueMapper<TSrc, TDst> IValueMapper.GetMapper<TSrc, TDst>()
    {
        Host.Check(typeof(TSrc) == typeof(VBuffer<float>), "The focal loss model reads a vector of Single.");
        Host.Check(typeof(TDst) == typeof(VBuffer<float>), "The focal loss model writes a vector of Single.");
        var scorer = new RowScorer(Network, Calibration, Partner);
        ValueMapper<VBuffer<float>, VBuffer<float>> map = (in VBuffer<float> src, ref VBuffer<float> dst) =>
        {
            CheckFeatureCount(src.Length);
            var editor = VBufferEditor.Create(ref dst, NumberOfClasses);
            scorer.Probabilities(src, editor.Values);
            dst = editor.Commit();
        };
        return (ValueMapper<TSrc, TDst>)(Delegate)map;
    }

    /// <summary>Writes PredictedLabel (the decision rule) and Score for <c>mlContext.Model.ConvertToOnnx</c>.</summary>
    bool ISingleCanSaveOnnx.SaveAsOnnx(OnnxContext ctx, string[] outputNames, string featureColumn)
    {
        OnnxGraph(ctx, outputNames, "PredictedLabel", "Score").WriteMulticlass(featureColumn, Decision, outputNames[0], outputNames[1]);
        return true;
    }

    /// <summary>What this class writes (1.3 with a stacking partner, else 1.2) and reads (1.1 to 1.3).</summary>
    private static VersionInfo GetVersionInfo(bool stacked = true) => VersionOf("FOCALMCL", LoaderSignature, typeof(FocalLossModelParameters), stacked);
}
