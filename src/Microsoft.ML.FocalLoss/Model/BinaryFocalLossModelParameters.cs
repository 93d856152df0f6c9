using System;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss.Model;
using Microsoft.ML.Model;
using Microsoft.ML.Model.OnnxConverter;
using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers;

[assembly: LoadableClass(typeof(BinaryFocalLossModelParameters), null, typeof(SignatureLoadModel),
    "Focal Loss Binary Model", BinaryFocalLossModelParameters.LoaderSignature)]

namespace Microsoft.ML.FocalLoss.Model;

/// <summary>
/// The binary model of <see cref="Training.BinaryFocalLossTrainer"/>. Probability is calibrated: the mean of the networks'
/// calibrated probabilities. Score is its logit minus the tuned threshold, a margin whose sign is the decision, so
/// PredictedLabel is Score &gt; 0 as ML.NET's binary evaluator and <c>ChangeModelThreshold</c> assume.
/// </summary>
public sealed class BinaryFocalLossModelParameters : NetworkModelParametersBase<float>, IValueMapper, IValueMapperDist, ISingleCanSaveOnnx
{
    internal const string LoaderSignature = "FocalLossBinaryModel";

    internal BinaryFocalLossModelParameters(IHostEnvironment env, NetworkEnsemble network, ProbabilityCalibration calibration, DecisionRule decision, StackingPartner? partner = null)
        : base(env, LoaderSignature, network, calibration, decision, partner)
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

    /// <summary>
    /// The tuned threshold on the calibrated logit, logit(Probability): PredictedLabel is true above it. Score is that
    /// logit minus this threshold, so the decision is Score &gt; 0 (0 when the rule is the plain argmax).
    /// </summary>
    public float DecisionThreshold => Decision.Offsets[0];

    /// <inheritdoc />
    private protected override VersionInfo Version(bool stacked) => GetVersionInfo(stacked);

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
        var scorer = new RowScorer(Network, Calibration, Partner);
        float threshold = DecisionThreshold;
        ValueMapper<VBuffer<float>, float> map = (in VBuffer<float> src, ref float score) =>
        {
            CheckFeatureCount(src.Length);
            score = scorer.Logit(src) - threshold;
        };
        return (ValueMapper<TSrc, TDst>)(Delegate)map;
    }

    ValueMapper<TIn, TOut, TDist> IValueMapperDist.GetMapper<TIn, TOut, TDist>()
    {
        CheckTypes(typeof(TIn), typeof(TOut), typeof(TDist));
        var scorer = new RowScorer(Network, Calibration, Partner);
        float threshold = DecisionThreshold;
        ValueMapper<VBuffer<float>, float, float> map = (in VBuffer<float> src, ref float score, ref float probability) =>
        {
            CheckFeatureCount(src.Length);
            float logit = scorer.Logit(src);
            score = logit - threshold;
            probability = Probabilities.Sigmoid(logit);
        };
        return (ValueMapper<TIn, TOut, TDist>)(Delegate)map;
    }

    /// <summary>Writes Score and Probability for <c>mlContext.Model.ConvertToOnnx</c>; ML.NET's scorer adds PredictedLabel.</summary>
    bool ISingleCanSaveOnnx.SaveAsOnnx(OnnxContext ctx, string[] outputNames, string featureColumn)
    {
        OnnxGraph(ctx, outputNames, "PredictedLabel", "Score", "Probability").WriteBinary(featureColumn, DecisionThreshold, outputNames[1], outputNames[2]);
        return true;
    }

    private void CheckTypes(Type input, Type output, Type dist)
    {
        Host.Check(input == typeof(VBuffer<float>), "The focal loss model reads a vector of Single.");
        Host.Check(output == typeof(float) && dist == typeof(float), "The focal loss model writes Single scores.");
    }

    /// <summary>What this class writes (1.3 with a stacking partner, else 1.2) and reads (1.1 to 1.3).</summary>
    private static VersionInfo GetVersionInfo(bool stacked = true) => VersionOf("FOCALBIN", LoaderSignature, typeof(BinaryFocalLossModelParameters), stacked);
}
