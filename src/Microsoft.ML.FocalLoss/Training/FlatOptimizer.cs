using System;
using System.Numerics;
using Microsoft.ML.FocalLoss.Loss;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.FocalLoss.Training;

/// <summary>
/// AdamW (Loshchilov &amp; Hutter) or SGD with momentum, as PyTorch defines them, on the network's one flat
/// parameter. Written here rather than taken from TorchSharp so that every scalar of a step is held until the step
/// ends (see <see cref="KeptScalars"/>), and so that a step costs little besides its arithmetic: on the CPU it is one
/// vectorised managed loop over the parameter's memory (the tensor ops took eight native calls, about a sixth of a
/// small table's step), elsewhere a handful of tensor ops.
/// </summary>
internal sealed class FlatOptimizer : IDisposable
{
    private const double Beta1 = 0.9, Beta2 = 0.999, AdamEpsilon = 1e-8;
    private readonly Tensor _parameter;
    private readonly Tensor _gradient;
    private readonly FocalOptimizer _kind;
    private readonly double _weightDecay;
    private readonly Scalar _beta1 = Beta1.ToScalar(), _oneMinusBeta1 = (1 - Beta1).ToScalar();
    private readonly Scalar _beta2 = Beta2.ToScalar(), _oneMinusBeta2 = (1 - Beta2).ToScalar();
    private readonly Scalar _epsilon = AdamEpsilon.ToScalar();
    private readonly Scalar _momentum;
    private readonly double _momentumValue;
    private readonly Scalar _decay;
    private readonly Tensor _first;
    private readonly Tensor? _second;
    private readonly bool _onHost;
    private long _step;

    /// <param name="parameter">The tensor to update.</param>
    /// <param name="gradient">Where backward leaves its gradient: <see cref="EnsembleMlp.Gradient"/>, or the parameter's own grad.</param>
    /// <param name="kind">AdamW or SGD.</param>
    /// <param name="weightDecay">Decoupled for AdamW, L2 in the gradient for SGD, as PyTorch's.</param>
    /// <param name="momentum">SGD's momentum.</param>
    /// <param name="tensorOps">Update with tensor ops even on the CPU (for tests of the path other devices take).</param>
    public FlatOptimizer(Tensor parameter, Tensor gradient, FocalOptimizer kind, double weightDecay, double momentum, bool tensorOps = false)
    {
        _onHost = !tensorOps && parameter.device_type == DeviceType.CPU && parameter.dtype == ScalarType.Float32
            && parameter.is_contiguous() && gradient.is_contiguous();
        _parameter = parameter;
        _gradient = gradient;
        _kind = kind;
        _weightDecay = weightDecay;
        _momentum = momentum.ToScalar();
        _momentumValue = momentum;
        _decay = weightDecay.ToScalar();
        _first = zeros_like(parameter).DetachFromDisposeScope();
        _second = kind == FocalOptimizer.AdamW ? zeros_like(parameter).DetachFromDisposeScope() : null;
    }

    public void ZeroGrad()
    {
        if (_onHost) HostView.WritableFloats(_gradient).Clear();
        else _gradient.zero_();
    }

    public void Step(double learningRate)
    {
        if (_onHost)
        {
            StepOnHost(learningRate);
            return;
        }
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Tensor grad = _gradient;
        _step++;
        if (_kind == FocalOptimizer.AdamW)
        {
            double correction1 = 1 - Math.Pow(Beta1, _step), correction2 = 1 - Math.Pow(Beta2, _step);
            using Scalar shrink = (1 - learningRate * _weightDecay).ToScalar(), rootCorrection2 = Math.Sqrt(correction2).ToScalar();
            using Scalar stepSize = (-learningRate / correction1).ToScalar();
            _parameter.mul_(shrink);
            _first.mul_(_beta1).add_(grad, _oneMinusBeta1);
            _second!.mul_(_beta2).addcmul_(grad, grad, _oneMinusBeta2);
            Tensor denominator = _second.sqrt().div_(rootCorrection2).add_(_epsilon, KeptScalars.One);
            _parameter.addcdiv_(_first, denominator, stepSize);
        }
        else
        {
            // PyTorch's SGD: L2 weight decay in the gradient, momentum buffer initialised with the first gradient.
            using Scalar minusRate = (-learningRate).ToScalar();
            Tensor direction = _weightDecay > 0 ? grad.add(_parameter, _decay) : grad;
            if (_step == 1) _first.copy_(direction);
            else _first.mul_(_momentum).add_(direction, KeptScalars.One);
            _parameter.add_(_first, minusRate);
        }
    }

    /// <summary>The same update as <see cref="Step"/>'s tensor ops, element by element in float, vectorised.</summary>
    private void StepOnHost(double learningRate)
    {
        _step++;
        Span<float> parameter = HostView.WritableFloats(_parameter), first = HostView.WritableFloats(_first);
        ReadOnlySpan<float> gradient = HostView.Floats(_gradient);
        int i = 0, width = Vector<float>.Count, end = parameter.Length - parameter.Length % width;
        if (_kind == FocalOptimizer.AdamW)
        {
            Span<float> second = HostView.WritableFloats(_second!);
            double correction1 = 1 - Math.Pow(Beta1, _step), correction2 = 1 - Math.Pow(Beta2, _step);
            float shrink = (float)(1 - learningRate * _weightDecay), rootCorrection2 = (float)Math.Sqrt(correction2), stepSize = (float)(-learningRate / correction1);
            const float b1 = (float)Beta1, c1 = (float)(1 - Beta1), b2 = (float)Beta2, c2 = (float)(1 - Beta2), eps = (float)AdamEpsilon;
            for (; i < end; i += width)
            {
                var g = new Vector<float>(gradient[i..]);
                Vector<float> m = new Vector<float>(first[i..]) * b1 + g * c1, v = new Vector<float>(second[i..]) * b2 + g * g * c2;
                m.CopyTo(first[i..]);
                v.CopyTo(second[i..]);
                (new Vector<float>(parameter[i..]) * shrink + stepSize * m / (Vector.SquareRoot(v) / rootCorrection2 + new Vector<float>(eps))).CopyTo(parameter[i..]);
            }
            for (; i < parameter.Length; i++)
            {
                float g = gradient[i];
                first[i] = first[i] * b1 + g * c1;
                second[i] = second[i] * b2 + g * g * c2;
                parameter[i] = parameter[i] * shrink + stepSize * first[i] / (MathF.Sqrt(second[i]) / rootCorrection2 + eps);
            }
            return;
        }
        // PyTorch's SGD: L2 weight decay in the gradient, momentum buffer initialised with the first gradient.
        float decay = (float)_weightDecay, momentum = _step == 1 ? 0 : (float)_momentumValue, minusRate = (float)-learningRate;
        for (; i < end; i += width)
        {
            Vector<float> m = new Vector<float>(first[i..]) * momentum + (new Vector<float>(gradient[i..]) + new Vector<float>(parameter[i..]) * decay);
            m.CopyTo(first[i..]);
            (new Vector<float>(parameter[i..]) + m * minusRate).CopyTo(parameter[i..]);
        }
        for (; i < parameter.Length; i++)
        {
            first[i] = first[i] * momentum + (gradient[i] + parameter[i] * decay);
            parameter[i] += first[i] * minusRate;
        }
    }

    public void Dispose()
    {
        _first.Dispose();
        _second?.Dispose();
        foreach (Scalar s in new[] { _beta1, _oneMinusBeta1, _beta2, _oneMinusBeta2, _epsilon, _momentum, _decay }) s.Dispose();
    }
}
