using System;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Model.OnnxConverter;

namespace Microsoft.ML.FocalLoss.Model;

/// <summary>The stacking partner's part of the ONNX graph.</summary>
internal sealed partial class OnnxNetworkGraph
{
    /// <summary>
    /// The partner's score, as <see cref="PartnerScorer"/> computes it: each fold model's probabilities (ML.NET's
    /// converters, or the Platt sigmoid written here), averaged and kept in [ε, 1 − ε], become log-probabilities
    /// (renormalised) or, for binary, a logit.
    /// </summary>
    private string PartnerScores(string features, DataViewType outputType)
    {
        StackingPartner partner = _partner!;
        int outputs = partner.Outputs;
        if (outputs == 1) return BinaryPartnerLogit(features);
        string[] probabilities = partner.Models.Select((model, j) => PlattParts.Of(model) is { } platt
            ? PlattProbabilities(platt, j, features, outputType)
            : ConvertedProbabilities(model, j, features, outputType)).ToArray();
        string sum = probabilities.Length == 1 ? probabilities[0] : Node("Sum", outputType, probabilities);
        string floor = _ctx.AddInitializer((float)PartnerScorer.Floor, "PartnerFloor");
        // Negative entries clipped, then the row renormalised (one-versus-all partners need not sum to 1); a row whose
        // sum is 0 reads as uniform, and every probability is kept at ε or more before the log.
        string positive = Node("Max", outputType, sum, Scalar(0f, "Zero"));
        string total = RowSum(positive, outputs);
        string normalised = Node("Div", outputType, positive, total);
        string hasMass = Node("Greater", BooleanDataViewType.Instance, total, Scalar(0f, "Zero"));
        string uniform = Initializer(Enumerable.Repeat(1f / outputs, outputs).ToArray(), "PartnerUniform");
        string chosen = Node("Where", outputType, new[] { hasMass, normalised, uniform });
        return Node("Log", outputType, Node("Max", outputType, chosen, floor));
    }

    /// <summary>
    /// The logit of the fold models' mean probability, in double after each model's float probability, as
    /// <see cref="PartnerScorer"/> takes it: near 1, a float mean would lose most digits of 1 − p.
    /// </summary>
    private string BinaryPartnerLogit(string features)
    {
        DataViewType real = NumberDataViewType.Double, single = NumberDataViewType.Single;
        string[] probabilities = _partner!.Models.Select((model, j) => Cast(PlattParts.Of(model) is { } platt
            ? BinaryPlattProbability(platt.Parts[0], j, features)
            : ConvertedProbabilities(model, j, features, single), real)).ToArray();
        string sum = probabilities.Length == 1 ? probabilities[0] : Node("Sum", real, probabilities);
        string mean = Node("Mul", real, sum, _ctx.AddInitializer(1.0 / probabilities.Length, "InversePartnerCount"));
        string clamped = Node("Min", real, Node("Max", real, mean, _ctx.AddInitializer(PartnerScorer.Floor, "PartnerFloor")),
            _ctx.AddInitializer(1 - PartnerScorer.Floor, "PartnerCeiling"));
        string complement = Node("Sub", real, _ctx.AddInitializer(1.0, "OneDouble"), clamped);
        return Cast(Node("Sub", real, Node("Log", real, clamped), Node("Log", real, complement)), single);
    }

    /// <summary>
    /// A calibrated binary fold model's probability, (float)(1 / (1 + exp(a·s + b))) computed in double from its raw
    /// score s, as PlattCalibrator computes it, so that the float it rounds to is ML.NET's.
    /// </summary>
    private string BinaryPlattProbability(PlattParts.Part part, int j, string features)
    {
        DataViewType real = NumberDataViewType.Double;
        string exponent = Node("Add", real, Node("Mul", real, Cast(RawScore(part, j, 0, features), real), _ctx.AddInitializer(part.Slope, "PlattSlope")),
            _ctx.AddInitializer(part.Offset, "PlattOffset"));
        return Cast(Node("Reciprocal", real, Node("Add", real, Node("Exp", real, exponent), _ctx.AddInitializer(1.0, "OneDouble"))), NumberDataViewType.Single);
    }

    private string RawScore(PlattParts.Part part, int j, int k, string features)
    {
        string raw = _ctx.AddIntermediateVariable(NumberDataViewType.Single, $"Partner{j}RawScore{k}", skip: true);
        WriteModel(part.RawScore, j, new[] { raw }, features);
        return raw;
    }

    private string Cast(string input, DataViewType to) =>
        Node("Cast", to, input, node => node.AddAttribute("to", to.RawType));

    /// <summary>Fold model <paramref name="j"/>'s probabilities as ML.NET's own converter writes them.</summary>
    private string ConvertedProbabilities(IPredictor model, int j, string features, DataViewType outputType)
    {
        string label = _ctx.AddIntermediateVariable(NumberDataViewType.UInt32, $"PartnerPredictedLabel{j}", skip: true);
        // A calibrated binary model writes its raw score into the second name and its probability into the third; a
        // multiclass model its class probabilities into the second.
        string[] names = _partner!.Outputs == 1
            ? new[] { label, _ctx.AddIntermediateVariable(outputType, $"PartnerScore{j}", skip: true), _ctx.AddIntermediateVariable(outputType, $"PartnerProbability{j}", skip: true) }
            : new[] { label, _ctx.AddIntermediateVariable(outputType, $"PartnerScore{j}", skip: true) };
        WriteModel((ISingleCanSaveOnnx)model, j, names, features);
        return names[^1];
    }

    /// <summary>Has ML.NET's converter write fold model <paramref name="j"/> (or one of its sub-models) into <paramref name="outputs"/>.</summary>
    private void WriteModel(ISingleCanSaveOnnx model, int j, string[] outputs, string features)
    {
        if (!model.SaveAsOnnx(_ctx, outputs, features))
            throw new InvalidOperationException($"The stacking partner's model {j} ({model.GetType().Name}) did not write its ONNX graph.");
    }

    /// <summary>
    /// One-versus-all fold model <paramref name="j"/>'s probabilities from its sub-models' raw scores,
    /// 1 / (1 + exp(a·s + b)) as PlattCalibrator computes them, with Exp (accurate to its last bits in ONNX Runtime) in
    /// place of Sigmoid, then divided by their row sum as ML.NET's one-versus-all model divides them.
    /// </summary>
    private string PlattProbabilities(PlattParts platt, int j, string features, DataViewType outputType)
    {
        DataViewType single = NumberDataViewType.Single;
        string[] classes = platt.Parts.Select((part, k) =>
        {
            string exponent = Node("Add", single, Node("Mul", single, RawScore(part, j, k, features), _ctx.AddInitializer((float)part.Slope, "PlattSlope")), _ctx.AddInitializer((float)part.Offset, "PlattOffset"));
            return Node("Reciprocal", single, Node("Add", single, Node("Exp", single, exponent), Scalar(1f, "One")));
        }).ToArray();
        string row = Node("Concat", outputType, classes, node => node.AddAttribute("axis", 1L));
        string total = RowSum(row, classes.Length);
        string hasMass = Node("Greater", BooleanDataViewType.Instance, total, Scalar(0f, "Zero"));
        return Node("Where", outputType, new[] { hasMass, Node("Div", outputType, row, total), row });
    }

    /// <summary>The row sum as a MatMul with ones, which reads the same in every opset (ReduceSum's axes moved to an input in 13).</summary>
    private string RowSum(string rows, int width) =>
        Node("MatMul", NumberDataViewType.Single, rows, _ctx.AddInitializer(Enumerable.Repeat(1f, width), new long[] { width, 1 }, "PartnerOnes"));
}
