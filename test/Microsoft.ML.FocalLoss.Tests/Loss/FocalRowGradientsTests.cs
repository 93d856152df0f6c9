using System;
using System.Linq;
using Microsoft.ML.FocalLoss.Loss;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.FocalLoss.Tests.Loss;

/// <summary>
/// The closed-form row losses and gradients the trainer uses, against autograd through the loss composed from
/// tensor ops (the binary one is checked against torchvision's fixtures elsewhere), against finite differences, and
/// at saturated logits.
/// </summary>
[TestClass]
public sealed class FocalRowGradientsTests
{
    [TestMethod]
    [DataRow(0.0)]
    [DataRow(0.5)]
    [DataRow(2.0)]
    [DataRow(5.0)]
    public void BinaryLossAndGradientEqualAutogradThroughTheComposedSigmoidFocalLoss(double gamma)
    {
        using var scope = NewDisposeScope();
        using Scalar four = 4.0.ToScalar();
        var generator = new Generator().manual_seed(11);
        Tensor z = randn(new long[] { 200 }, ScalarType.Float64, generator: generator).mul_(four);
        Tensor labels = randint(0, 2, new long[] { 200 }, generator: generator);

        (Tensor losses, Tensor? gradients) = FocalRowGradients.Binary(z, labels, gamma, gradients: true);
        Tensor x = z.clone().requires_grad_(true);
        Tensor composed = FocalLossFunctional.Sigmoid(x, labels, alpha: -1, gamma, FocalLossReduction.None);
        composed.sum().backward();

        Assert.IsTrue(losses.allclose(composed, rtol: 1e-10, atol: 1e-14), $"losses at γ={gamma}");
        Assert.IsTrue(gradients!.allclose(x.grad!, rtol: 1e-9, atol: 1e-14), $"gradients at γ={gamma}");
        Assert.IsNull(FocalRowGradients.Binary(z, labels, gamma, gradients: false).Gradients, "no gradient when none is asked for");
    }

    [TestMethod]
    [DataRow(0.0)]
    [DataRow(1.0)]
    [DataRow(2.0)]
    public void SoftmaxLossAndGradientEqualAutogradThroughTheComposedFormula(double gamma)
    {
        using var scope = NewDisposeScope();
        using Scalar three = 3.0.ToScalar(), one = 1.0.ToScalar(), exponent = gamma.ToScalar();
        var generator = new Generator().manual_seed(12);
        Tensor z = randn(new long[] { 60, 7 }, ScalarType.Float64, generator: generator).mul_(three);
        Tensor targets = randint(0, 7, new long[] { 60 }, generator: generator);

        (Tensor losses, Tensor? gradients) = FocalRowGradients.Softmax(z, targets, gamma, gradients: true);
        Tensor x = z.clone().requires_grad_(true);
        Tensor logPt = nn.functional.log_softmax(x, 1).gather(1, targets.unsqueeze(1)).squeeze(1);
        Tensor composed = logPt.exp().neg().add(one, one).pow(exponent).mul(logPt).neg();
        composed.sum().backward();

        Assert.IsTrue(losses.allclose(composed, rtol: 1e-10, atol: 1e-14), $"losses at γ={gamma}");
        Assert.IsTrue(gradients!.allclose(x.grad!, rtol: 1e-9, atol: 1e-14), $"gradients at γ={gamma}");
    }

    [TestMethod]
    [DataRow(0.0)]
    [DataRow(0.5)]
    [DataRow(2.0)]
    public void BinaryGradientMatchesCentralFiniteDifferences(double gamma)
    {
        using var scope = NewDisposeScope();
        double[] x = { -6, -2.5, -0.3, 0, 0.4, 1.7, 3, 8 };
        Tensor labels = tensor(new long[] { 0, 1, 1, 0, 0, 1, 0, 1 });
        double[] analytic = FocalRowGradients.Binary(tensor(x), labels, gamma, gradients: true).Gradients!.data<double>().ToArray();
        TensorAssert.MatchesCentralDifferences(x, analytic,
            shifted => FocalRowGradients.Binary(tensor(shifted), labels, gamma, gradients: false).Losses.sum().item<double>(), 1e-8, 1e-6, $"γ={gamma}");
    }

    [TestMethod]
    [DataRow(ScalarType.Float32)]
    [DataRow(ScalarType.Float64)]
    public void SaturatedLogitsGiveFiniteLossesAndGradientsForEveryGamma(ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        // Right and wrong with |logit| up to 1e4, in both classes.
        Tensor logits = tensor(new double[] { 100, -100, 1e4, -1e4, 200, -200, 0 }).to_type(dtype);
        Tensor labels = tensor(new long[] { 1, 0, 0, 1, 1, 1, 0 });
        Tensor softmaxLogits = tensor(new double[,] { { 100, -100, 0 }, { 1e4, -1e4, 0 }, { -1e4, 1e4, 1e4 }, { 0, 0, 0 } }).to_type(dtype);
        Tensor targets = tensor(new long[] { 0, 1, 2, 1 });
        foreach (double gamma in new[] { 0.0, 0.1, 0.5, 1.0, 2.0, 5.0 })
        {
            (Tensor losses, Tensor? gradients) = FocalRowGradients.Binary(logits, labels, gamma, gradients: true);
            Assert.IsTrue(losses.isfinite().all().item<bool>(), $"binary losses finite at γ={gamma}, {dtype}");
            Assert.IsTrue(gradients!.isfinite().all().item<bool>(), $"binary gradients finite at γ={gamma}, {dtype}");
            Assert.AreEqual(0.0, losses[0].to_type(ScalarType.Float64).item<double>(), 1e-30, "a right row at logit 100 costs nothing");
            Assert.AreEqual(1e4, losses[2].to_type(ScalarType.Float64).item<double>(), 1e4 * 1e-6, $"a wrong row at logit 1e4 costs |logit| at γ={gamma}");
            (losses, gradients) = FocalRowGradients.Softmax(softmaxLogits, targets, gamma, gradients: true);
            Assert.IsTrue(losses.isfinite().all().item<bool>() && gradients!.isfinite().all().item<bool>(), $"softmax finite at γ={gamma}, {dtype}");
        }
    }
}
