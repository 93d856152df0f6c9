using System;
using System.Linq;
using Microsoft.ML.FocalLoss.Loss;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.FocalLoss.Tests.Loss;

/// <summary>
/// The binary trainer's one-node focal loss against the composed sigmoid focal loss (itself checked against
/// torchvision's fixtures), against finite differences, and at saturated logits.
/// </summary>
[TestClass]
public sealed class BinaryFocalLossFunctionTests
{
    [TestMethod]
    [DataRow(0.0)]
    [DataRow(0.5)]
    [DataRow(2.0)]
    [DataRow(5.0)]
    public void LossAndGradientEqualTheComposedSigmoidFocalLoss(double gamma)
    {
        using var scope = NewDisposeScope();
        using Scalar four = 4.0.ToScalar();
        var generator = new Generator().manual_seed(11);
        Tensor z = randn(new long[] { 200 }, ScalarType.Float64, generator: generator).mul_(four);
        Tensor labels = randint(0, 2, new long[] { 200 }, generator: generator);
        Tensor weights = rand(new long[] { 200 }, ScalarType.Float64, generator: generator); // a non-uniform upstream gradient

        Tensor ours = z.clone().requires_grad_(true), theirs = z.clone().requires_grad_(true);
        Tensor fused = BinaryFocalLossFunction.apply(ours, labels, gamma);
        Tensor composed = FocalLossFunctional.Sigmoid(theirs, labels, alpha: -1, gamma, FocalLossReduction.None);
        fused.mul(weights).sum().backward();
        composed.mul(weights).sum().backward();

        Assert.IsTrue(fused.allclose(composed, rtol: 1e-10, atol: 1e-14), $"losses at γ={gamma}");
        Assert.IsTrue(ours.grad!.allclose(theirs.grad!, rtol: 1e-9, atol: 1e-14), $"gradients at γ={gamma}");
    }

    [TestMethod]
    [DataRow(0.0)]
    [DataRow(0.5)]
    [DataRow(2.0)]
    public void GradientMatchesCentralFiniteDifferences(double gamma)
    {
        using var scope = NewDisposeScope();
        double[] x = { -6, -2.5, -0.3, 0, 0.4, 1.7, 3, 8 };
        long[] t = { 0, 1, 1, 0, 0, 1, 0, 1 };
        Tensor labels = tensor(t);
        Tensor logits = tensor(x).requires_grad_(true);
        BinaryFocalLossFunction.apply(logits, labels, gamma).sum().backward();
        double[] analytic = logits.grad!.data<double>().ToArray();
        const double h = 1e-6;
        for (int i = 0; i < x.Length; i++)
        {
            double Loss(double delta)
            {
                double[] shifted = (double[])x.Clone();
                shifted[i] += delta;
                using var inner = NewDisposeScope();
                return BinaryFocalLossFunction.apply(tensor(shifted), labels, gamma).sum().item<double>();
            }
            double numeric = (Loss(h) - Loss(-h)) / (2 * h);
            Assert.AreEqual(numeric, analytic[i], 1e-8 + 1e-6 * Math.Abs(numeric), $"d loss / d logit[{i}] at γ={gamma}");
        }
    }

    [TestMethod]
    [DataRow(ScalarType.Float32)]
    [DataRow(ScalarType.Float64)]
    public void SaturatedLogitsGiveFiniteLossAndGradientForEveryGamma(ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        // Right and wrong with |logit| up to 1e4, in both classes.
        Tensor logits = tensor(new double[] { 100, -100, 1e4, -1e4, 200, -200, 0 }).to_type(dtype);
        Tensor labels = tensor(new long[] { 1, 0, 0, 1, 1, 1, 0 });
        foreach (double gamma in new[] { 0.0, 0.1, 0.5, 1.0, 2.0, 5.0 })
        {
            Tensor x = logits.clone().requires_grad_(true);
            Tensor loss = BinaryFocalLossFunction.apply(x, labels, gamma);
            loss.sum().backward();
            Assert.IsTrue(loss.isfinite().all().item<bool>(), $"loss finite at γ={gamma}, {dtype}");
            Assert.IsTrue(x.grad!.isfinite().all().item<bool>(), $"gradient finite at γ={gamma}, {dtype}");
            Assert.AreEqual(0.0, loss[0].to_type(ScalarType.Float64).item<double>(), 1e-30, "a right row at logit 100 costs nothing");
            Assert.AreEqual(1e4, loss[2].to_type(ScalarType.Float64).item<double>(), 1e4 * 1e-6, $"a wrong row at logit 1e4 costs |logit| (q = 1) at γ={gamma}");
        }
    }

    [TestMethod]
    public void ForwardAndBackwardLeaveNoLiveTensorsBehind()
    {
        Tensor logits = randn(new long[] { 64 }).requires_grad_(true);
        Tensor labels = randint(0, 2, new long[] { 64 });
        TensorAssert.LeavesNoLiveTensors(() =>
        {
            using var scope = NewDisposeScope();
            BinaryFocalLossFunction.apply(logits, labels, 2.0).sum().backward();
        });
    }
}
