using System.Linq;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Model.OnnxConverter;
using Microsoft.ML.Trainers;

namespace Microsoft.ML.FocalLoss.Model;

/// <summary>
/// A stacking partner's fold model whose probabilities are Platt-calibrated raw scores: a calibrated binary model
/// (FastTree, LightGbm), or one-versus-all over such models with its probabilities normalised. The ONNX export computes
/// these probabilities from the raw scores itself: ML.NET's converter writes Platt's sigmoid as ONNX's Sigmoid, which
/// ONNX Runtime approximates to an absolute error, and the partner's log turns that into a large relative error for a
/// rare class.
/// </summary>
internal sealed class PlattParts
{
    private PlattParts(Part[] parts) => Parts = parts;

    /// <summary>One binary model: its raw score's graph, and p = 1 / (1 + exp(Slope · score + Offset)).</summary>
    public sealed record Part(ISingleCanSaveOnnx RawScore, double Slope, double Offset);

    /// <summary>One part for a binary model; one per class for one-versus-all, whose probabilities are then divided by their row sum.</summary>
    public Part[] Parts { get; }

    /// <summary>The parts of <paramref name="model"/>, or null when its probabilities are not Platt-calibrated scores.</summary>
    public static PlattParts? Of(IPredictor model)
    {
        if (Binary(model) is { } part) return new PlattParts(new[] { part });
        if (model is not OneVersusAllModelParameters ova || !NormalisesProbabilities(ova)) return null;
        Part?[] parts = ova.SubModelParameters.Select(Binary).ToArray();
        return parts.All(p => p is not null) ? new PlattParts(parts!) : null;
    }

    /// <summary>
    /// True for a one-versus-all model that gives its sub-models' raw scores, not probabilities: ML.NET builds one when
    /// asked not to use probabilities, or when the binary trainer cannot give them.
    /// </summary>
    public static bool IsRawOneVersusAll(IPredictor model) =>
        model is OneVersusAllModelParameters ova && ova._impl.OutputFormula == OneVersusAllModelParameters.OutputFormula.Raw;

    private static bool NormalisesProbabilities(OneVersusAllModelParameters ova) =>
        ova._impl.OutputFormula == OneVersusAllModelParameters.OutputFormula.ProbabilityNormalization;

    private static Part? Binary(object model) =>
        model is CalibratedModelParametersBase { Calibrator: PlattCalibrator platt, SubModel: ISingleCanSaveOnnx raw }
            ? new Part(raw, platt.Slope, platt.Offset)
            : null;
}
