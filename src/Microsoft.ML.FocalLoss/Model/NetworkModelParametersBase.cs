using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss.Training;
using Microsoft.ML.Model;
using Microsoft.ML.Model.OnnxConverter;
using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers;

namespace Microsoft.ML.FocalLoss.Model;

/// <summary>
/// What the binary and multiclass models share: the trained networks, their calibration, the decision rule, the save
/// format and the feature vector type. Each subclass keeps its own LoadableClass registration and version, as ML.NET
/// finds loaders per class.
/// </summary>
/// <typeparam name="TOutput">The score type: a vector of class probabilities, or one logit.</typeparam>
public abstract class NetworkModelParametersBase<TOutput> : ModelParametersBase<TOutput>, ICanSaveOnnx
{
    /// <summary>Format 1.2: ensemble, calibration and decision rule. 1.1 held one network with its standardisation.</summary>
    private protected const uint VersionWithCalibration = 0x00010002;

    /// <summary>
    /// Format 1.3: 1.2 and a stacking partner. Only a model with a partner is written as 1.3, so a model without one
    /// still loads in the versions before.
    /// </summary>
    private protected const uint VersionWithStacking = 0x00010003;

    private protected NetworkModelParametersBase(IHostEnvironment env, string name, NetworkEnsemble network, ProbabilityCalibration calibration, DecisionRule decision,
        StackingPartner? partner)
        : base(env, name)
    {
        Network = network;
        Calibration = calibration;
        Decision = decision;
        Partner = partner;
        InputType = new VectorDataViewType(NumberDataViewType.Single, network.InputCount);
    }

    /// <summary>Reads the model after the base class's header; a 1.1 model gets identity calibration and the argmax rule.</summary>
    private protected NetworkModelParametersBase(IHostEnvironment env, string name, ModelLoadContext ctx)
        : base(env, name, ctx)
    {
        string part = "network weights"; // for the message when the file ends early
        try
        {
            if (ctx.Header.ModelVerWritten < VersionWithCalibration)
            {
                (FeatureScaling scaling, MlpWeights member) = MlpWeights.LoadVersion1(ctx.Reader);
                Network = new NetworkEnsemble(scaling, new[] { member });
                Calibration = ProbabilityCalibration.Identity(Network.OutputCount);
                Decision = DecisionRule.Argmax(Network.OutputCount);
            }
            else
            {
                Network = NetworkEnsemble.Load(ctx.Reader);
                part = "calibration";
                Calibration = ProbabilityCalibration.Load(ctx.Reader, Network.OutputCount);
                part = "decision rule";
                Decision = DecisionRule.Load(ctx.Reader, Network.OutputCount);
                part = "stacking partner";
                if (ctx.Header.ModelVerWritten >= VersionWithStacking) Partner = StackingPartner.Load(env, ctx, Network.OutputCount);
            }
        }
        catch (Exception e) when (e is System.IO.InvalidDataException or System.IO.EndOfStreamException)
        {
            // ML.NET's decode error, so its loader reports it as it reports its own corrupt models.
            throw Host.ExceptDecode(e, "The focal loss model is corrupt: " + (e is System.IO.EndOfStreamException ? $"the file ends inside its {part}." : e.Message));
        }
        InputType = new VectorDataViewType(NumberDataViewType.Single, Network.InputCount);
    }

    /// <summary>The number of input features.</summary>
    public int NumberOfFeatures => Network.InputCount;

    /// <summary>The width of each hidden layer.</summary>
    public int[] HiddenLayerSizes => Network.Members[0].HiddenWidths;

    /// <summary>How many networks the model averages (one per cross-fitting fold).</summary>
    public int NumberOfNetworks => Network.Members.Length;

    /// <summary>The calibration temperature T: logits are divided by it (1 for an uncalibrated model).</summary>
    public float Temperature => Calibration.Temperature;

    /// <summary>The calibration bias added to each logit after the temperature, one per output.</summary>
    public IReadOnlyList<float> CalibrationBias => Calibration.Bias;

    /// <summary>What the decision rule was tuned for; <see cref="Training.DecisionObjective.Argmax"/> when it was not.</summary>
    public DecisionObjective DecisionObjective => Decision.Objective;

    internal NetworkEnsemble Network { get; }

    internal ProbabilityCalibration Calibration { get; }

    internal DecisionRule Decision { get; }

    /// <summary>The stacked partner's fold models and pool weight; null for a model of networks alone.</summary>
    internal StackingPartner? Partner { get; }

    /// <summary>
    /// With a stacking partner (<see cref="FocalLossTrainerOptionsBase.StackingPartner"/>), the networks' share w of
    /// the pooled logits w·z + (1 − w)·s, chosen on the held-out rows; null for a model of networks alone.
    /// </summary>
    public float? StackingWeight => Partner?.Weight;

    private protected VectorDataViewType InputType { get; }

    /// <summary>This model's format version, written into every save: <paramref name="stacked"/> says whether it has a partner.</summary>
    private protected abstract VersionInfo Version(bool stacked);

    /// <summary>The version info a subclass registers: 1.3 (readable from 1.3) with a partner, else 1.2 as before.</summary>
    private protected static VersionInfo VersionOf(string signature, string loaderSignature, Type type, bool stacked) => new(
        modelSignature: signature,
        verWrittenCur: stacked ? VersionWithStacking : VersionWithCalibration, // 1.3 stacking partner; 1.2 ensemble, calibration, decision rule; 1.1 one MLP
        verReadableCur: stacked ? VersionWithStacking : VersionWithCalibration,
        verWeCanReadBack: 0x00010001,
        loaderSignature: loaderSignature,
        // The simple name: a full name would stop models loading after a version bump.
        loaderAssemblyName: type.Assembly.GetName().Name);

    /// <inheritdoc />
    public override void SaveCore(ModelSaveContext ctx)
    {
        base.SaveCore(ctx);
        ctx.SetVersionInfo(Version(Partner is not null));
        Network.Save(ctx.Writer);
        Calibration.Save(ctx.Writer);
        Decision.Save(ctx.Writer);
        Partner?.Save(ctx);
    }

    /// <summary>
    /// Every part of a model of networks has an ONNX form (<see cref="OnnxNetworkGraph"/>); a stacking partner's models
    /// need one of their own, which ML.NET's LightGbm and FastTree models have.
    /// </summary>
    bool ICanSaveOnnx.CanSaveOnnx(OnnxContext ctx) =>
        Partner is null || Partner.Models.All(m => m is ISingleCanSaveOnnx onnx && onnx.CanSaveOnnx(ctx));

    /// <summary>Checks the converter's opset and the scorer's output names, then gives the graph writer.</summary>
    private protected OnnxNetworkGraph OnnxGraph(OnnxContext ctx, string[] outputNames, params string[] expected)
    {
        Host.CheckValue(ctx, nameof(ctx));
        ctx.CheckOpSetVersion(OnnxNetworkGraph.MinimumOpSetVersion, GetType().Name);
        Host.Check(outputNames.Length == expected.Length, $"The scorer should ask for {string.Join(", ", expected)}.");
        return new OnnxNetworkGraph(ctx, Network, Calibration, Partner);
    }

    /// <summary>Checks a row's feature count against the model's, naming both.</summary>
    private protected void CheckFeatureCount(int length) =>
        Host.Check(length == NumberOfFeatures, $"The feature vector has {length} values; the model was trained on {NumberOfFeatures}.");
}
