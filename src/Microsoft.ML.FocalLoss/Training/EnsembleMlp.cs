using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.FocalLoss.Loss;
using Microsoft.ML.FocalLoss.Model;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.FocalLoss.Training;

/// <summary>
/// K multilayer perceptrons of one shape trained side by side: every layer holds the K members' weights in one
/// [K, in, out] block, so one batched matrix product runs all members and one optimizer step updates them. The
/// members share the tensors and each step's dropout mask; each sees its own batch, its loss is its own, and since
/// AdamW works element by element their updates are independent. Initialisation and dropout draw from the fit's own
/// generators.
/// </summary>
/// <remarks>
/// All weights and biases live in one flat parameter, and the layers are views of it. The optimizer then updates
/// one tensor per step instead of two per layer: on small networks the per-call overhead of TorchSharp, not
/// arithmetic, is what a step costs. For the same reason each layer's weight and bias are autograd leaves that share
/// the flat parameter's storage, and their gradients are views of one flat <see cref="Gradient"/>, into which
/// backward accumulates in place (as PyTorch's DDP does with gradient-as-bucket-view). Slicing the layers out of the
/// parameter on every forward pass instead cost two calls per tensor, and backward then built a zero-filled copy of
/// the whole parameter per tensor to scatter its gradient into.
/// Training steps go further and skip autograd: <see cref="ForwardForTraining"/> keeps each layer's input,
/// pre-activation and dropout mask, and <see cref="Backward"/> applies the chain rule with the same products autograd
/// would run. Autograd's bookkeeping and the accumulation into the leaves' gradients were a sixth to a third of the
/// network's forward and backward (benchmarks/FocalLossSpeed). <see cref="forward"/> keeps autograd, and the tests
/// hold the two to each other.
/// </remarks>
internal sealed class EnsembleMlp : nn.Module<Tensor, Tensor>
{
    private const string ParameterName = "weights";
    private readonly int[] _widths;
    private readonly long[] _weightOffsets;
    private readonly long[] _biasOffsets;
    private readonly HiddenActivation _activation;
    private readonly double _dropout;
    private readonly Scalar _dropoutScalar;
    private readonly Scalar _keepScalar;
    private readonly Generator _dropoutGenerator;
    private readonly TorchMersenneTwister? _hostMasks;
    private LayerLeaves? _leaves;

    /// <summary>
    /// Creates the members on the CPU from <paramref name="initGenerator"/>; dropout masks come from
    /// <paramref name="dropoutGenerator"/>, which must live on the device the module is moved to. A CPU generator's
    /// stream is drawn in managed code from its initial seed, so pass it unused.
    /// </summary>
    public EnsembleMlp(int members, int inputs, IReadOnlyList<int> hidden, int outputs, HiddenActivation activation, double dropout,
        Generator initGenerator, Generator dropoutGenerator)
        : base(nameof(EnsembleMlp))
    {
        Members = members;
        _activation = activation;
        _dropout = dropout;
        _dropoutScalar = dropout.ToScalar();
        _keepScalar = (1 - dropout).ToScalar();
        _dropoutGenerator = dropoutGenerator;
        if (dropoutGenerator.device.type == DeviceType.CPU) _hostMasks = new TorchMersenneTwister((ulong)dropoutGenerator.initial_seed());
        _widths = new[] { inputs }.Concat(hidden).Append(outputs).ToArray();
        int layers = _widths.Length - 1;
        _weightOffsets = new long[layers];
        _biasOffsets = new long[layers];
        long size = 0;
        for (int l = 0; l < layers; l++)
        {
            _weightOffsets[l] = size;
            size += (long)members * _widths[l] * _widths[l + 1];
            _biasOffsets[l] = size;
            size += (long)members * _widths[l + 1];
        }
        using (no_grad())
        {
            // PyTorch's nn.Linear initialisation: weights and biases uniform in ±1/√fan_in.
            Tensor flat = empty(size, ScalarType.Float32);
            for (int l = 0; l < layers; l++)
            {
                double bound = 1 / Math.Sqrt(_widths[l]);
                long length = _biasOffsets[l] - _weightOffsets[l] + (long)members * _widths[l + 1];
                using Scalar width = (2 * bound).ToScalar(), shift = bound.ToScalar();
                using Tensor values = rand(length, ScalarType.Float32, generator: initGenerator).mul_(width).sub_(shift);
                flat.narrow(0, _weightOffsets[l], length).copy_(values);
            }
            register_parameter(ParameterName, new Parameter(flat));
        }
    }

    public int Members { get; }

    /// <summary>Every weight and bias of every member, in one tensor: what the optimizer updates.</summary>
    public Parameter Weights => get_parameter(ParameterName)!;

    /// <summary>
    /// The gradient of <see cref="Weights"/>, laid out alike. Autograd's backward through <see cref="forward"/>
    /// accumulates into it, so zero it before each such pass; <see cref="Backward"/>, the training step's, overwrites all
    /// of it. (<c>Weights.grad</c> stays empty: the layers' leaves, not the flat parameter, are in the graph.)
    /// </summary>
    public Tensor Gradient => Leaves().Gradient;

    /// <summary>[K, B, inputs] → [K, B, outputs]: member k reads row block k.</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        LayerLeaves leaves = Leaves();
        Tensor x = input;
        int layers = _widths.Length - 1;
        for (int l = 0; l < layers; l++)
        {
            // bias + x·W as one native call and one autograd node instead of two of each: on small tables a step
            // costs what its calls cost. TorchSharp's Tensor.baddbmm(b2, m) is m + this·b2 (its static torch.baddbmm
            // passes the arguments in another order); ManagedScoringMatchesTorchSharpsForwardPass checks the result.
            x = x.baddbmm(leaves.Weights[l], leaves.Biases[l]);
            if (l == layers - 1) break;
            x = Activation(x);
            if (_dropout > 0 && training) x = x.mul(DropoutMask(x));
        }
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// <see cref="forward"/> over blocks of at most <paramref name="blockRows"/> rows per member, joined along the rows.
    /// The held-out pass of a large table runs every epoch, and one call's activations there are megabytes that glibc
    /// returns to the system when they are freed and faults in again the next epoch; blocks of a few hundred rows stay
    /// in the heap and are reused. The blocks are of equal size (±1 row): a block of a handful of rows takes other
    /// matrix kernels, whose float rounding differs from a large block's in the last bit.
    /// </summary>
    public Tensor ForwardInBlocks(Tensor input, long blockRows)
    {
        long rows = input.shape[1];
        if (rows <= blockRows) return call(input);
        using var scope = NewDisposeScope();
        long count = (rows + blockRows - 1) / blockRows;
        var blocks = new List<Tensor>();
        for (long b = 0, start = 0; b < count; b++)
        {
            long size = rows / count + (b < rows % count ? 1 : 0);
            blocks.Add(call(input.narrow(1, start, size)));
            start += size;
        }
        return cat(blocks, 1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// A training step's forward pass, [K, B, inputs] → [K, B, outputs], without autograd: dropout is on, and
    /// <paramref name="tape"/> keeps what <see cref="Backward"/> needs. The tensors belong to the caller's dispose scope.
    /// </summary>
    public Tensor ForwardForTraining(Tensor input, out ActivationTape tape)
    {
        using var noGrad = no_grad();
        LayerLeaves leaves = Leaves();
        int layers = _widths.Length - 1;
        tape = new ActivationTape(new Tensor[layers], new Tensor[layers - 1], new Tensor?[layers - 1]);
        Tensor x = input;
        for (int l = 0; ; l++)
        {
            tape.Inputs[l] = x;
            Tensor pre = x.baddbmm(leaves.Weights[l], leaves.Biases[l]);
            if (l == layers - 1) return pre;
            tape.PreActivations[l] = pre;
            x = Activation(pre);
            if (_dropout > 0) x.mul_(tape.Masks[l] = DropoutMask(x));
        }
    }

    /// <summary>
    /// Writes d loss / d <see cref="Weights"/> into <see cref="Gradient"/> from <paramref name="logitGradient"/>
    /// (d loss / d logits, [K, B, outputs]) and the <paramref name="tape"/> of the forward pass that made the logits.
    /// Every element of the gradient is written, so it needs no zeroing first.
    /// </summary>
    public void Backward(ActivationTape tape, Tensor logitGradient)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        LayerLeaves leaves = Leaves();
        Tensor g = logitGradient;
        for (int l = _widths.Length - 2; ; l--)
        {
            // bias + x·W: d/dW = xᵀ·g and d/db = Σ_rows g, as autograd's baddbmm backward computes them.
            leaves.WeightGradients[l].copy_(tape.Inputs[l].transpose(1, 2).bmm(g));
            leaves.BiasGradients[l].copy_(g.sum(1, keepdim: true));
            if (l == 0) return;
            g = g.bmm(leaves.Weights[l].transpose(1, 2));
            if (tape.Masks[l - 1] is Tensor mask) g.mul_(mask);
            ActivationBackward(g, tape.PreActivations[l - 1], tape.Inputs[l]);
        }
    }

    private Tensor Activation(Tensor pre) => _activation switch
    {
        HiddenActivation.ReLU => nn.functional.relu(pre),
        HiddenActivation.SiLU => nn.functional.silu(pre),
        _ => pre.tanh(),
    };

    /// <summary>
    /// Multiplies <paramref name="gradient"/> in place by the activation's derivative at <paramref name="pre"/>, as
    /// PyTorch's backward formulas do; <paramref name="output"/> is the layer's output after dropout.
    /// </summary>
    private void ActivationBackward(Tensor gradient, Tensor pre, Tensor output)
    {
        switch (_activation)
        {
            case HiddenActivation.ReLU:
                // 1 where the output is positive, else 0, as threshold_backward. The output's sign gives it: a
                // comparison (pre > 0) and a multiply by its Boolean result took four times as long on the CPU.
                gradient.mul_(output.sign());
                break;
            case HiddenActivation.SiLU:
                Tensor sigmoid = pre.sigmoid();
                gradient.mul_(sigmoid).mul_(pre.mul(sigmoid.neg().add_(KeptScalars.One, KeptScalars.One)).add_(KeptScalars.One, KeptScalars.One)); // σ(1 + x(1 − σ))
                break;
            default:
                Tensor y = pre.tanh();
                gradient.mul_(y.mul(y).neg_().add_(KeptScalars.One, KeptScalars.One)); // 1 − tanh²
                break;
        }
    }

    /// <summary>
    /// One mask per step for all members, [1, B, width], 0 or 1/(1 − p): each member applies it to its own rows, so for
    /// any one member it is a fresh mask. The step then draws a K-th of the random numbers; drawing them one per member
    /// was a third of a 5-member step's time on 2 cores. On the CPU the mask is written in managed code from the same
    /// numbers libtorch's <c>rand</c> would draw (<see cref="TorchMersenneTwister"/>): libtorch draws them one at a time
    /// through its generic kernel, which made the two masks about half of a forward pass at 128 rows × 64 units. Elsewhere the in-place
    /// comparison leaves 0 and 1 in the uniform draws' own float tensor, so no conversion is needed.
    /// </summary>
    private Tensor DropoutMask(Tensor x)
    {
        long[] shape = { 1, x.shape[1], x.shape[2] };
        if (_hostMasks is null || x.device_type != DeviceType.CPU || x.dtype != ScalarType.Float32)
            return rand(shape, x.dtype, x.device, generator: _dropoutGenerator).ge_(_dropoutScalar).div_(_keepScalar);
        return _hostMasks.DropoutMask(shape, _dropout);
    }

    /// <summary>A copy of member <paramref name="member"/>'s weights as plain arrays, in nn.Linear's [out × in] layout.</summary>
    /// <remarks>
    /// Read from the flat parameter's memory (a CPU copy off the CPU) and transposed in managed code: early stopping
    /// copies a network every time it improves, and slicing each layer with tensor ops cost seven calls per tensor.
    /// </remarks>
    public MlpWeights Export(int member)
    {
        using var scope = NewDisposeScope();
        ReadOnlySpan<float> flat = HostView.Floats(Weights);
        int layers = _widths.Length - 1;
        var weights = new float[layers][];
        var biases = new float[layers][];
        for (int l = 0; l < layers; l++)
        {
            int inputs = _widths[l], outputs = _widths[l + 1];
            // Member k's [in, out] block of layer l, read column by column into [out, in].
            ReadOnlySpan<float> block = flat.Slice((int)_weightOffsets[l] + member * inputs * outputs, inputs * outputs);
            weights[l] = new float[outputs * inputs];
            for (int i = 0; i < inputs; i++)
                for (int o = 0; o < outputs; o++)
                    weights[l][o * inputs + i] = block[i * outputs + o];
            biases[l] = flat.Slice((int)_biasOffsets[l] + member * outputs, outputs).ToArray();
        }
        return new MlpWeights(_widths[0], _activation, weights, biases);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _dropoutScalar.Dispose();
            _keepScalar.Dispose();
            _leaves?.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>The layers' leaves over the current flat parameter, made again if it was replaced (moved to a device).</summary>
    private LayerLeaves Leaves()
    {
        Parameter flat = Weights;
        if (_leaves is { } current && ReferenceEquals(current.Flat, flat)) return current;
        _leaves?.Dispose();
        using var scope = NewDisposeScope();
        Tensor gradient = zeros_like(flat);
        Tensor storage = flat.detach();
        int layers = _widths.Length - 1;
        Tensor[] weightGradients = Enumerable.Range(0, layers).Select(l => Weight(gradient, l).DetachFromDisposeScope()).ToArray();
        Tensor[] biasGradients = Enumerable.Range(0, layers).Select(l => Bias(gradient, l).DetachFromDisposeScope()).ToArray();
        Tensor[] weights = Enumerable.Range(0, layers).Select(l => Leaf(Weight(storage, l), weightGradients[l])).ToArray();
        Tensor[] biases = Enumerable.Range(0, layers).Select(l => Leaf(Bias(storage, l), biasGradients[l])).ToArray();
        _leaves = new LayerLeaves(flat, gradient.DetachFromDisposeScope(), weights, biases, weightGradients, biasGradients);
        return _leaves;
    }

    /// <summary>A leaf over <paramref name="view"/>'s storage whose gradient accumulates into <paramref name="gradient"/>.</summary>
    private static Tensor Leaf(Tensor view, Tensor gradient)
    {
        Tensor leaf = view.detach().requires_grad_(true);
        leaf.grad = gradient;
        return leaf.DetachFromDisposeScope();
    }

    /// <summary>The layers' leaves over the flat parameter, and the views of the flat gradient that are their gradients.</summary>
    private sealed record LayerLeaves(Parameter Flat, Tensor Gradient, Tensor[] Weights, Tensor[] Biases, Tensor[] WeightGradients, Tensor[] BiasGradients) : IDisposable
    {
        public void Dispose()
        {
            foreach (Tensor t in Weights.Concat(Biases).Concat(WeightGradients).Concat(BiasGradients).Append(Gradient)) t.Dispose();
        }
    }

    private Tensor Weight(Tensor flat, int layer) =>
        flat.narrow(0, _weightOffsets[layer], (long)Members * _widths[layer] * _widths[layer + 1]).view(Members, _widths[layer], _widths[layer + 1]);

    private Tensor Bias(Tensor flat, int layer) =>
        flat.narrow(0, _biasOffsets[layer], (long)Members * _widths[layer + 1]).view(Members, 1, _widths[layer + 1]);
}
