using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.FocalLoss.Model;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.FocalLoss.Training;

/// <summary>The trained network: dense layers with an activation and dropout after each hidden layer.</summary>
internal sealed class MlpNetwork : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<Linear> _layers;
    private readonly HiddenActivation _activation;
    private readonly double _dropout;

    public MlpNetwork(int inputs, IReadOnlyList<int> hidden, int outputs, HiddenActivation activation, double dropout)
        : base(nameof(MlpNetwork))
    {
        var widths = new[] { inputs }.Concat(hidden).Append(outputs).ToArray();
        _layers = new ModuleList<Linear>(Enumerable.Range(0, widths.Length - 1).Select(l => nn.Linear(widths[l], widths[l + 1])).ToArray());
        _activation = activation;
        _dropout = dropout;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor x = input;
        for (int l = 0; l < _layers.Count; l++)
        {
            x = _layers[l].call(x);
            if (l == _layers.Count - 1) break;
            x = _activation switch
            {
                HiddenActivation.ReLU => nn.functional.relu(x),
                HiddenActivation.SiLU => nn.functional.silu(x),
                _ => x.tanh(),
            };
            if (_dropout > 0) x = nn.functional.dropout(x, _dropout, training);
        }
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>A copy of the weights as plain arrays, with the standardisation that precedes the first layer.</summary>
    public MlpWeights Export(float[] mean, float[] scale)
    {
        using var scope = NewDisposeScope();
        float[][] weights = _layers.Select(l => l.weight!.detach().cpu().contiguous().data<float>().ToArray()).ToArray();
        float[][] biases = _layers.Select(l => l.bias!.detach().cpu().contiguous().data<float>().ToArray()).ToArray();
        return new MlpWeights(mean, scale, _activation, weights, biases);
    }
}
