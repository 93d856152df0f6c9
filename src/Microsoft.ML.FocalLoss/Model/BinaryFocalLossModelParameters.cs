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
public sealed class BinaryFocalLossModelParameters : ModelParametersBase<float>, IValueMapper, IValueMapperDist
{
    internal const string LoaderSignature = "FocalLossBinaryModel";

    private readonly MlpWeights _network;
    private readonly VectorDataViewType _inputType;

    internal BinaryFocalLossModelParameters(IHostEnvironment env, MlpWeights network)
        : base(env, LoaderSignature)
    {
        Host.CheckParam(network.OutputCount == 1, nameof(network), "a binary model has one output");
        _network = network;
        _inputType = new VectorDataViewType(NumberDataViewType.Single, network.InputCount);
    }

    private BinaryFocalLossModelParameters(IHostEnvironment env, ModelLoadContext ctx)
        : base(env, LoaderSignature, ctx)
    {
        _network = MlpWeights.Load(ctx.Reader);
        Host.CheckDecode(_network.OutputCount == 1, "a binary focal loss model has one output");
        _inputType = new VectorDataViewType(NumberDataViewType.Single, _network.InputCount);
    }

    /// <summary>The number of input features.</summary>
    public int NumberOfFeatures => _network.InputCount;

    /// <summary>The width of each hidden layer.</summary>
    public int[] HiddenLayerSizes => _network.HiddenWidths;

    /// <inheritdoc />
    public override PredictionKind PredictionKind => PredictionKind.BinaryClassification;

    DataViewType IValueMapper.InputType => _inputType;

    DataViewType IValueMapper.OutputType => NumberDataViewType.Single;

    DataViewType IValueMapperDist.DistType => NumberDataViewType.Single;

    internal MlpWeights Network => _network;

    internal static BinaryFocalLossModelParameters Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        Contracts.CheckValue(env, nameof(env));
        env.CheckValue(ctx, nameof(ctx));
        ctx.CheckAtModel(GetVersionInfo());
        return new BinaryFocalLossModelParameters(env, ctx);
    }

    /// <inheritdoc />
    public override void SaveCore(ModelSaveContext ctx)
    {
        base.SaveCore(ctx);
        ctx.SetVersionInfo(GetVersionInfo());
        _network.Save(ctx.Writer);
    }

    ValueMapper<TSrc, TDst> IValueMapper.GetMapper<TSrc, TDst>()
    {
        CheckTypes(typeof(TSrc), typeof(TDst), typeof(float));
        var scorer = new RowScorer(_network);
        var logit = new float[1];
        ValueMapper<VBuffer<float>, float> map = (in VBuffer<float> src, ref float score) =>
        {
            Host.Check(src.Length == NumberOfFeatures, "The feature vector's length differs from the model's.");
            scorer.Logits(src, logit);
            score = logit[0];
        };
        return (ValueMapper<TSrc, TDst>)(Delegate)map;
    }

    ValueMapper<TIn, TOut, TDist> IValueMapperDist.GetMapper<TIn, TOut, TDist>()
    {
        CheckTypes(typeof(TIn), typeof(TOut), typeof(TDist));
        var scorer = new RowScorer(_network);
        var logit = new float[1];
        ValueMapper<VBuffer<float>, float, float> map = (in VBuffer<float> src, ref float score, ref float probability) =>
        {
            Host.Check(src.Length == NumberOfFeatures, "The feature vector's length differs from the model's.");
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
