using System;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss.Model;
using Microsoft.ML.Model;
using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers;

[assembly: LoadableClass(typeof(BinaryFocalLossModelParameters), null, typeof(SignatureLoadModel),
    "Focal Loss Binary Model", BinaryFocalLossModelParameters.LoaderSignature)]

namespace Microsoft.ML.FocalLoss.Model;

/// <summary>
/// The binary model of <see cref="Training.BinaryFocalLossTrainer"/>: a network whose output is the logit
/// (the Score column) and whose sigmoid is the Probability column.
/// </summary>
public sealed class BinaryFocalLossModelParameters : NetworkModelParametersBase<float>, IValueMapper, IValueMapperDist
{
    internal const string LoaderSignature = "FocalLossBinaryModel";

    internal BinaryFocalLossModelParameters(IHostEnvironment env, MlpWeights network)
        : base(env, LoaderSignature, network)
    {
        Host.CheckParam(network.OutputCount == 1, nameof(network), "a binary model has one output");
    }

    private BinaryFocalLossModelParameters(IHostEnvironment env, ModelLoadContext ctx)
        : base(env, LoaderSignature, ctx)
    {
        Host.CheckDecode(Network.OutputCount == 1, "a binary focal loss model has one output");
    }

    /// <inheritdoc />
    public override PredictionKind PredictionKind => PredictionKind.BinaryClassification;

    /// <inheritdoc />
    private protected override VersionInfo Version => GetVersionInfo();

    DataViewType IValueMapper.InputType => InputType;

    DataViewType IValueMapper.OutputType => NumberDataViewType.Single;

    DataViewType IValueMapperDist.DistType => NumberDataViewType.Single;

    internal static BinaryFocalLossModelParameters Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        Contracts.CheckValue(env, nameof(env));
        env.CheckValue(ctx, nameof(ctx));
        ctx.CheckAtModel(GetVersionInfo());
        return new BinaryFocalLossModelParameters(env, ctx);
    }

    ValueMapper<TSrc, TDst> IValueMapper.GetMapper<TSrc, TDst>()
    {
        CheckTypes(typeof(TSrc), typeof(TDst), typeof(float));
        var scorer = new RowScorer(Network);
        var logit = new float[1];
        ValueMapper<VBuffer<float>, float> map = (in VBuffer<float> src, ref float score) =>
        {
            CheckFeatureCount(src.Length);
            scorer.Logits(src, logit);
            score = logit[0];
        };
        return (ValueMapper<TSrc, TDst>)(Delegate)map;
    }

    ValueMapper<TIn, TOut, TDist> IValueMapperDist.GetMapper<TIn, TOut, TDist>()
    {
        CheckTypes(typeof(TIn), typeof(TOut), typeof(TDist));
        var scorer = new RowScorer(Network);
        var logit = new float[1];
        ValueMapper<VBuffer<float>, float, float> map = (in VBuffer<float> src, ref float score, ref float probability) =>
        {
            CheckFeatureCount(src.Length);
            scorer.Logits(src, logit);
            score = logit[0];
            probability = Probabilities.Sigmoid(score);
        };
        return (ValueMapper<TIn, TOut, TDist>)(Delegate)map;
    }

    private void CheckTypes(Type input, Type output, Type dist)
    {
        Host.Check(input == typeof(VBuffer<float>), "The focal loss model reads a vector of Single.");
        Host.Check(output == typeof(float) && dist == typeof(float), "The focal loss model writes Single scores.");
    }

    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "FOCALBIN",
        verWrittenCur: 0x00010001, // 1.1: MLP with standardisation
        verReadableCur: 0x00010001,
        verWeCanReadBack: 0x00010001,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(BinaryFocalLossModelParameters).Assembly.GetName().Name);
}
