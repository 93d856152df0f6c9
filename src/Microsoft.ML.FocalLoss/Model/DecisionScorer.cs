using System;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Newtonsoft.Json.Linq;

namespace Microsoft.ML.FocalLoss.Model;

/// <summary>
/// ML.NET's multiclass scorer with the model's decision rule in place of the plain argmax: Score passes through
/// unchanged (with the label names as slot names, as ML.NET's own scorer attaches them) and PredictedLabel is the
/// key the decision rule picks from it.
/// </summary>
internal sealed class DecisionScorer : PredictedLabelScorerBase
{
    private const string RegistrationName = "FocalLossDecisionScore";
    private readonly FocalLossModelParameters _model;

    public DecisionScorer(IHostEnvironment env, IDataView data, ISchemaBoundMapper mapper, RoleMappedSchema trainSchema, FocalLossModelParameters model)
        : base(new MulticlassClassificationScorer.Arguments(), env, data, MulticlassClassificationScorer.WrapIfNeeded(env, mapper, trainSchema), trainSchema,
            RegistrationName, AnnotationUtils.Const.ScoreColumnKind.MulticlassClassification, AnnotationUtils.Const.ScoreValueKind.Score,
            OutputTypeMatches, GetPredictedLabelType, DefaultColumnNames.PredictedLabel)
    {
        _model = model;
    }

    private DecisionScorer(IHostEnvironment env, DecisionScorer transform, IDataView newSource)
        : base(env, transform, newSource, RegistrationName)
    {
        _model = transform._model;
    }

    public override IDataTransform ApplyToDataCore(IHostEnvironment env, IDataView newSource) => new DecisionScorer(env, this, newSource);

    /// <summary>The scored data view is not saved on its own: the prediction transformer saves the model and rebuilds this scorer.</summary>
    public override void SaveCore(ModelSaveContext ctx) =>
        throw Host.ExceptNotSupp("Save the model (mlContext.Model.Save) rather than the scored data view: the focal loss decision scorer is rebuilt when the model loads.");

    /// <summary>PFA is not supported; null hides the predicted label there.</summary>
    public override JToken? PredictedLabelPfa(string[] mapperOutputs) => null;

    public override Delegate GetPredictedLabelGetter(DataViewRow output, out Delegate scoreGetter)
    {
        ValueGetter<VBuffer<float>> mapperScoreGetter = output.GetGetter<VBuffer<float>>(Bindings.RowMapper.OutputSchema[Bindings.ScoreColumnIndex]);
        int classes = _model.NumberOfClasses;
        long cachedPosition = -1;
        VBuffer<float> score = default;
        var dense = new float[classes];
        ValueGetter<uint> predicted = (ref uint dst) =>
        {
            EnsureCachedPosition(ref cachedPosition, ref score, output, mapperScoreGetter);
            Host.Check(score.Length == classes);
            score.CopyTo(dense);
            int index = _model.PredictClass(dense);
            dst = index < 0 ? 0 : (uint)index + 1;
        };
        ValueGetter<VBuffer<float>> scores = (ref VBuffer<float> dst) =>
        {
            EnsureCachedPosition(ref cachedPosition, ref score, output, mapperScoreGetter);
            score.CopyTo(ref dst);
        };
        scoreGetter = scores;
        return predicted;
    }

    private static DataViewType GetPredictedLabelType(DataViewType scoreType, ISchemaBoundRowMapper mapper) =>
        new KeyDataViewType(typeof(uint), scoreType.GetVectorSize());

    private static bool OutputTypeMatches(DataViewType scoreType) =>
        scoreType is VectorDataViewType { IsKnownSize: true } vector && vector.ItemType == NumberDataViewType.Single;
}
