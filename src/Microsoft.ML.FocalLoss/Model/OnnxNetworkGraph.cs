using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.FocalLoss.Training;
using Microsoft.ML.Model.OnnxConverter;

namespace Microsoft.ML.FocalLoss.Model;

/// <summary>
/// Writes a model's scoring path into an ONNX graph with standard operators only (Gemm, Sigmoid, Softmax, ArgMax …),
/// step for step as <see cref="RowScorer"/> and <see cref="DecisionRule"/> compute it, so ONNX Runtime gives the
/// scores ML.NET gives.
/// </summary>
internal sealed partial class OnnxNetworkGraph
{
    /// <summary>Gemm, Softmax on axis 1 and broadcasting Max/Min/Sum all hold from opset 9 on.</summary>
    public const int MinimumOpSetVersion = 9;

    // The standard operator set; OnnxContext's default domain is ai.onnx.ml.
    private const string StandardDomain = "";

    private readonly OnnxContext _ctx;
    private readonly NetworkEnsemble _network;
    private readonly ProbabilityCalibration _calibration;
    private readonly StackingPartner? _partner;
    private readonly Dictionary<string, string> _scalars = new();

    public OnnxNetworkGraph(OnnxContext ctx, NetworkEnsemble network, ProbabilityCalibration calibration, StackingPartner? partner = null)
    {
        _ctx = ctx;
        _network = network;
        _calibration = calibration;
        _partner = partner;
    }

    /// <summary>Writes Score (the averaged calibrated probabilities) and PredictedLabel (the decision rule's key).</summary>
    public void WriteMulticlass(string features, DecisionRule decision, string predictedLabel, string score)
    {
        string[] logits = CalibratedLogits(Scale(features), features);
        int classes = _network.OutputCount;
        string[] probabilities = logits.Select(l => Node("Softmax", VectorOf(classes), l, node => node.AddAttribute("axis", 1L))).ToArray();
        string sum = probabilities.Length == 1 ? probabilities[0] : Node("Sum", VectorOf(classes), probabilities);
        Output("Mul", score, sum, _ctx.AddInitializer(1f / probabilities.Length, "InverseNetworkCount"));

        // argmax_c (log max(p_c, ε) + offset_c) + 1: a key counts from one. ArgMax takes the first of equal values, as
        // DecisionRule.Predict does.
        string floored = Node("Max", VectorOf(classes), score, _ctx.AddInitializer(float.Epsilon, "SmallestProbability"));
        string adjusted = Node("Add", VectorOf(classes), Node("Log", VectorOf(classes), floored), Initializer(decision.Offsets, "DecisionOffsets"));
        string index = Node("ArgMax", NumberDataViewType.Int64, adjusted, node =>
        {
            node.AddAttribute("axis", 1L);
            node.AddAttribute("keepdims", 1L);
        });
        string key = Node("Add", NumberDataViewType.Int64, index, _ctx.AddInitializer(1L, "KeyOffset"));
        // A row with a missing feature scores NaN, and ML.NET leaves its PredictedLabel missing (key 0); ArgMax alone
        // would name the first class. The row sum (a MatMul, the same in every opset) is NaN exactly then.
        string rowSum = Node("MatMul", NumberDataViewType.Single, adjusted, _ctx.AddInitializer(Enumerable.Repeat(1f, classes), new long[] { classes, 1 }, "Ones"));
        string missing = Node("IsNaN", BooleanDataViewType.Instance, rowSum);
        key = Node("Where", NumberDataViewType.Int64, new[] { missing, _ctx.AddInitializer(0L, "MissingKey"), key });
        OnnxNode cast = _ctx.CreateNode("Cast", key, predictedLabel, _ctx.GetNodeName("Cast"), StandardDomain);
        cast.AddAttribute("to", typeof(uint));
    }

    /// <summary>
    /// Writes Score (the calibrated logit minus the decision threshold) and Probability (the logit's sigmoid); ML.NET's
    /// binary scorer adds PredictedLabel as Score &gt; 0.
    /// </summary>
    public void WriteBinary(string features, float threshold, string score, string probability)
    {
        string[] logits = CalibratedLogits(Scale(features), features);
        string logit = logits[0];
        if (logits.Length > 1)
        {
            // The logit of the mean probability, as RowScorer.Logit takes it: log Σ σ(u_k) − log Σ σ(−u_k), each a
            // log-sum-exp of log σ(±u) = −softplus(∓u). The Sigmoid operator would lose the small probabilities' digits
            // (ONNX Runtime approximates it to an absolute error) and underflow to log 0 beyond |u| ≈ 88.
            string positive = LogSumExp(logits.Select(u => Node("Neg", NumberDataViewType.Single, Softplus(Node("Neg", NumberDataViewType.Single, u)))).ToArray());
            string negative = LogSumExp(logits.Select(u => Node("Neg", NumberDataViewType.Single, Softplus(u))).ToArray());
            logit = Node("Sub", NumberDataViewType.Single, positive, negative);
        }
        Output("Sub", score, logit, _ctx.AddInitializer(threshold, "DecisionThreshold"));
        Output("Sigmoid", probability, logit);
    }

    /// <summary>softplus(x) = max(x, 0) + log(1 + e^−|x|), which neither overflows nor loses x when x is large.</summary>
    private string Softplus(string x)
    {
        DataViewType type = NumberDataViewType.Single;
        string tail = Node("Log", type, Node("Add", type, Node("Exp", type, Node("Neg", type, Node("Abs", type, x))), Scalar(1f, "One")));
        return Node("Add", type, Node("Max", type, x, Scalar(0f, "Zero")), tail);
    }

    /// <summary>log Σ e^(a_k) = m + log Σ e^(a_k − m) with m = max a_k.</summary>
    private string LogSumExp(string[] terms)
    {
        DataViewType type = NumberDataViewType.Single;
        string max = Node("Max", type, terms);
        string sum = Node("Sum", type, terms.Select(a => Node("Exp", type, Node("Sub", type, a, max))).ToArray());
        return Node("Add", type, max, Node("Log", type, sum));
    }

    /// <summary>(x − centre) · scale, then the soft clip z / √(1 + (z/c)²), or the hard input limit without one.</summary>
    private string Scale(string features)
    {
        FeatureScaling scaling = _network.Scaling;
        DataViewType type = VectorOf(scaling.Count);
        string centred = Node("Sub", type, features, Initializer(scaling.Centre, "ScalingCentre"));
        string scaled = Node("Mul", type, centred, Initializer(scaling.Scale, "ScalingScale"));
        // Limiting |z| to 1e18·c first gives what FeatureScaling.Apply gives for larger |z| (exactly ±c) and keeps the
        // square finite.
        float limit = scaling.ClipAt > 0 ? 1e18f * scaling.ClipAt : FeatureScaling.InputLimit;
        string limited = Node("Min", type, Node("Max", type, scaled, _ctx.AddInitializer(-limit, "InputLowerLimit")), _ctx.AddInitializer(limit, "InputUpperLimit"));
        if (scaling.ClipAt <= 0) return limited;
        string ratio = Node("Mul", type, limited, _ctx.AddInitializer(1 / scaling.ClipAt, "InverseClip"));
        string denominator = Node("Sqrt", type, Node("Add", type, Node("Mul", type, ratio, ratio), Scalar(1f, "One")));
        return Node("Div", type, limited, denominator);
    }

    /// <summary>
    /// Each member's logits, pooled with a stacking partner's score if the model has one, divided by the temperature
    /// and shifted by the calibration bias.
    /// </summary>
    private string[] CalibratedLogits(string inputs, string features)
    {
        int outputs = _network.OutputCount;
        DataViewType outputType = outputs == 1 ? NumberDataViewType.Single : VectorOf(outputs);
        string inverseTemperature = _ctx.AddInitializer(1 / _calibration.Temperature, "InverseTemperature");
        string bias = Initializer(_calibration.Bias, "CalibrationBias");
        string? partner = null, networkWeight = null;
        if (_partner is not null)
        {
            // (1 − w)·s once; each network's w·z is added to it, as RowScorer pools a row.
            partner = Node("Mul", outputType, PartnerScores(features, outputType), _ctx.AddInitializer(1 - _partner.Weight, "PartnerWeight"));
            networkWeight = _ctx.AddInitializer(_partner.Weight, "NetworkWeight");
        }
        return _network.Members.Select((member, m) =>
        {
            string logits = MemberLogits(member, m, inputs, outputType);
            if (partner is not null) logits = Node("Add", outputType, Node("Mul", outputType, logits, networkWeight!), partner);
            return Node("Add", outputType, Node("Mul", outputType, logits, inverseTemperature), bias);
        }).ToArray();
    }

    private string MemberLogits(MlpWeights member, int index, string inputs, DataViewType outputType)
    {
        string x = inputs;
        int fanIn = member.InputCount;
        for (int l = 0; l < member.Weights.Length; l++)
        {
            int width = member.Biases[l].Length;
            bool last = l == member.Weights.Length - 1;
            // Weights are stored [out, in] row-major, as torch.nn.Linear keeps them: Gemm with transB.
            string weights = _ctx.AddInitializer(member.Weights[l], new long[] { width, fanIn }, $"Network{index}Layer{l}Weight");
            string biases = Initializer(member.Biases[l], $"Network{index}Layer{l}Bias");
            DataViewType type = last ? outputType : VectorOf(width);
            x = Node("Gemm", type, new[] { x, weights, biases }, node => node.AddAttribute("transB", 1L));
            if (!last) x = Activate(member.Activation, x, type);
            fanIn = width;
        }
        return x;
    }

    private string Activate(HiddenActivation activation, string x, DataViewType type) => activation switch
    {
        HiddenActivation.ReLU => Node("Relu", type, x),
        HiddenActivation.Tanh => Node("Tanh", type, x),
        // SiLU(x) = x·σ(x); the Swish operator is not in the opsets ML.NET writes.
        HiddenActivation.SiLU => Node("Mul", type, x, Node("Sigmoid", type, x)),
        _ => throw new InvalidOperationException($"Unknown activation {activation}."),
    };

    /// <summary>A scalar constant the graph uses in many places (Softplus runs twice per network), added once.</summary>
    private string Scalar(float value, string name)
    {
        if (!_scalars.TryGetValue(name, out string? variable)) _scalars[name] = variable = _ctx.AddInitializer(value, name);
        return variable;
    }

    private string Initializer(float[] values, string name) => _ctx.AddInitializer(values, new long[] { values.Length }, name);

    private static VectorDataViewType VectorOf(int size) => new(NumberDataViewType.Single, size);

    private string Node(string opType, DataViewType type, string input, Action<OnnxNode>? attributes = null) =>
        Node(opType, type, new[] { input }, attributes);

    private string Node(string opType, DataViewType type, string left, string right) => Node(opType, type, new[] { left, right });

    private string Node(string opType, DataViewType type, string[] inputs, Action<OnnxNode>? attributes = null)
    {
        string output = _ctx.AddIntermediateVariable(type, opType + "Output", skip: true);
        OnnxNode node = _ctx.CreateNode(opType, inputs, new[] { output }, _ctx.GetNodeName(opType), StandardDomain);
        attributes?.Invoke(node);
        return output;
    }

    /// <summary>A node that writes one of the scorer's declared output variables.</summary>
    private void Output(string opType, string output, params string[] inputs) =>
        _ctx.CreateNode(opType, inputs, new[] { output }, _ctx.GetNodeName(opType), StandardDomain);
}
