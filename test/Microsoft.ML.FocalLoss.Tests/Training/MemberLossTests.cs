using System;
using System.Linq;
using Microsoft.ML.FocalLoss.Loss;
using Microsoft.ML.FocalLoss.Tests.Loss;
using Microsoft.ML.FocalLoss.Training;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.FocalLoss.Tests.Training;

/// <summary>
/// The trainer's loss: each member's reduced loss, and the gradient on the logits that backward carries to the
/// optimizer, against autograd in double precision through the public focal loss functions and the reductions
/// written out, on the same float logits.
/// </summary>
[TestClass]
public sealed class MemberLossTests
{
    private const long Members = 3, Rows = 10;

    [TestMethod]
    [DataRow(FocalLossReduction.WeightedMean, false)]
    [DataRow(FocalLossReduction.WeightedMean, true)]
    [DataRow(FocalLossReduction.Mean, false)]
    [DataRow(FocalLossReduction.Mean, true)]
    [DataRow(FocalLossReduction.Sum, true)]
    public void SoftmaxLossesAndGradientEqualAutograd(FocalLossReduction reduction, bool weighted)
    {
        using var scope = NewDisposeScope();
        double[] alpha = { 0.5, 2.0, 1.0, 0.25 }, shift = { 0.3, -0.7, 0, 1.2 };
        var generator = new Generator().manual_seed(21);
        Tensor logits = randn(new[] { Members, Rows, 4L }, generator: generator);
        Tensor labels = randint(0, 4, new[] { Members, Rows }, generator: generator);
        Tensor? weights = weighted ? rand(new[] { Members, Rows }, generator: generator) : null;
        Tensor Rows_(Tensor x) => FocalLossFunctional.Softmax(x.reshape(-1, 4).add(tensor(shift), KeptScalars.One), labels.reshape(-1), ClassAlpha.None, 2.0, FocalLossReduction.None);
        Tensor Alpha() => tensor(alpha).index_select(0, labels.reshape(-1));
        Check(new SoftmaxTask(2.0, alpha, shift), logits, labels, weights, reduction, Rows_, Alpha);
    }

    [TestMethod]
    [DataRow(FocalLossReduction.WeightedMean, false)]
    [DataRow(FocalLossReduction.WeightedMean, true)]
    [DataRow(FocalLossReduction.Mean, false)]
    [DataRow(FocalLossReduction.Sum, false)]
    public void BinaryLossesAndGradientEqualAutograd(FocalLossReduction reduction, bool weighted)
    {
        using var scope = NewDisposeScope();
        using Scalar two = 2.0.ToScalar();
        var generator = new Generator().manual_seed(22);
        Tensor logits = randn(new[] { Members, Rows, 1L }, generator: generator).mul_(two);
        Tensor labels = randint(0, 2, new[] { Members, Rows }, generator: generator);
        Tensor? weights = weighted ? rand(new[] { Members, Rows }, generator: generator) : null;
        using Scalar shift = (-0.4).ToScalar(), slope = 0.8.ToScalar(), intercept = 0.1.ToScalar();
        Tensor Rows_(Tensor x) => FocalLossFunctional.Sigmoid(x.reshape(-1).add(shift, KeptScalars.One), labels.reshape(-1), alpha: -1, 1.5, FocalLossReduction.None);
        Tensor Alpha() => labels.reshape(-1).to_type(ScalarType.Float64).mul(slope).add(intercept, KeptScalars.One); // α = 0.9: 0.9 for 1, 0.1 for 0
        Check(new SigmoidTask(1.5, 0.9, -0.4), logits, labels, weights, reduction, Rows_, Alpha);
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void WithoutAGradientThereIsNoneAndNoTensorIsLeftBehind(bool binary)
    {
        TrainingTask task = binary ? new SigmoidTask(2.0, 0.75, 0.3) : new SoftmaxTask(2.0, new[] { 1.0, 3.0 });
        Tensor logits = randn(Members, Rows, task.Outputs).requires_grad_(true);
        Tensor labels = randint(0, 2, new[] { Members, Rows });
        using (no_grad())
        {
            using Tensor input = randn(Members, Rows, task.Outputs);
            Assert.IsNull(MemberLoss.Compute(task, input, labels, null, FocalLossReduction.WeightedMean).Gradient);
        }
        TensorAssert.LeavesNoLiveTensors(() =>
        {
            using var scope = NewDisposeScope();
            Tensor output = logits.mul(KeptScalars.One);
            output.backward(new[] { MemberLoss.Compute(task, output, labels, null, FocalLossReduction.WeightedMean).Gradient! });
        });
    }

    /// <summary>Reference: per-row losses by autograd, α, the reduction written out per member, summed over members.</summary>
    private static void Check(TrainingTask task, Tensor logits, Tensor labels, Tensor? weights, FocalLossReduction reduction,
        Func<Tensor, Tensor> rowLosses, Func<Tensor> rowAlpha)
    {
        using Scalar rowCount = ((double)Rows).ToScalar();
        Tensor ours = logits.clone().requires_grad_(true), theirs = logits.to_type(ScalarType.Float64).requires_grad_(true);
        (double[] losses, Tensor? gradient) = MemberLoss.Compute(task, ours, labels, weights, reduction);
        ours.backward(new[] { gradient! });

        Tensor l = rowLosses(theirs).view(Members, Rows), a = rowAlpha().view(Members, Rows);
        Tensor? weights64 = weights?.to_type(ScalarType.Float64);
        Tensor w = weights64 is null ? a : a.mul(weights64);
        Tensor total = l.mul(w).sum(-1);
        Tensor expected = reduction switch
        {
            FocalLossReduction.Sum => total,
            FocalLossReduction.Mean => total.div(weights64 is null ? full(Members, rowCount, ScalarType.Float64) : weights64.sum(-1)),
            _ => total.div(w.sum(-1)),
        };
        expected.sum().backward();

        // Float exponentials and a float gradient: float's precision.
        string what = $"{reduction}, weighted {weights is not null}";
        TensorAssert.AreClose(expected.detach().data<double>().ToArray(), losses, 1e-6, 1e-8, $"member losses, {what}");
        TensorAssert.AreClose(theirs.grad!.data<double>().ToArray(), ours.grad!.to_type(ScalarType.Float64).data<double>().ToArray(), 1e-5, 1e-8, $"gradient on the logits, {what}");
    }
}
