using Microsoft.ML.Data;
using Microsoft.ML.Model;
using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers;

namespace Microsoft.ML.FocalLoss.Model;

/// <summary>
/// What the binary and multiclass models share: the trained network, its save format, and the feature vector type.
/// Each subclass keeps its own LoadableClass registration and version, as ML.NET finds loaders per class.
/// </summary>
/// <typeparam name="TOutput">The score type: a vector of class probabilities, or one logit.</typeparam>
public abstract class NetworkModelParametersBase<TOutput> : ModelParametersBase<TOutput>
{
    private protected NetworkModelParametersBase(IHostEnvironment env, string name, MlpWeights network)
        : base(env, name)
    {
        Network = network;
        InputType = new VectorDataViewType(NumberDataViewType.Single, network.InputCount);
    }

    /// <summary>Reads the network after the base class's header.</summary>
    private protected NetworkModelParametersBase(IHostEnvironment env, string name, ModelLoadContext ctx)
        : base(env, name, ctx)
    {
        Network = MlpWeights.Load(ctx.Reader);
        InputType = new VectorDataViewType(NumberDataViewType.Single, Network.InputCount);
    }

    /// <summary>The number of input features.</summary>
    public int NumberOfFeatures => Network.InputCount;

    /// <summary>The width of each hidden layer.</summary>
    public int[] HiddenLayerSizes => Network.HiddenWidths;

    internal MlpWeights Network { get; }

    private protected VectorDataViewType InputType { get; }

    /// <summary>This model's format version, written into every save.</summary>
    private protected abstract VersionInfo Version { get; }

    /// <inheritdoc />
    public override void SaveCore(ModelSaveContext ctx)
    {
        base.SaveCore(ctx);
        ctx.SetVersionInfo(Version);
        Network.Save(ctx.Writer);
    }

    /// <summary>Checks a row's feature count against the model's, naming both.</summary>
    private protected void CheckFeatureCount(int length) =>
        Host.Check(length == NumberOfFeatures, $"The feature vector has {length} values; the model was trained on {NumberOfFeatures}.");
}
