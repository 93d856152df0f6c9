using System;
using System.Linq;
using Microsoft.ML.FocalLoss.Loss;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.FocalLoss.Tests.Loss;

/// <summary>
/// The managed closed-form row losses and gradients the trainer uses, against autograd in double precision through
/// the loss composed from tensor ops (the binary one is checked against torchvision's fixtures elsewhere), against
/// finite differences, and at saturated logits.
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
        float[] z = randn(new long[] { 200 }, generator: generator).mul_(four).data<float>().ToArray();
        long[] labels = randint(0, 2, new long[] { 200 }, generator: generator).data<long>().ToArray();
        const double shift = 0.3;
        var losses = new double[200];
        var gradients = new float[200];
        FocalRowGradients.Binary(z, labels, gamma, shift, losses, gradients);

        // The reference sees the same float logits, in double.
        Tensor x = tensor(z.Select(v => (double)v).ToArray()).requires_grad_(true);
        using Scalar shiftScalar = shift.ToScalar();
        Tensor composed = FocalLossFunctional.Sigmoid(x.add(shiftScalar, KeptScalars.One), tensor(labels), alpha: -1, gamma, FocalLossReduction.None);
        composed.sum().backward();

        TensorAssert.AreClose(composed.detach().data<double>().ToArray(), losses, 1e-9, 1e-300, $"losses at γ={gamma}");
        TensorAssert.AreClose(x.grad!.data<double>().ToArray(), gradients.Select(v => (double)v).ToArray(), 1e-6, 1e-30, $"gradients at γ={gamma}");
        var lossesOnly = new double[200];
        FocalRowGradients.Binary(z, labels, gamma, shift, lossesOnly, default);
        CollectionAssert.AreEqual(losses, lossesOnly, "the losses do not depend on whether gradients are asked for");
    }

    [TestMethod]
    [DataRow(0.0, false)]
    [DataRow(1.0, false)]
    [DataRow(2.0, false)]
    [DataRow(2.0, true)]
    [DataRow(0.5, true)]
    public void SoftmaxLossAndGradientEqualAutogradThroughTheComposedFormula(double gamma, bool wide)
    {
        using var scope = NewDisposeScope();
        // 7 classes take the rows' plain loops, 26 the vectorised ones.
        int classes = wide ? 26 : 7;
        using Scalar three = 3.0.ToScalar(), one = 1.0.ToScalar(), exponent = gamma.ToScalar();
        var generator = new Generator().manual_seed(12);
        float[] z = randn(new long[] { 60, classes }, generator: generator).mul_(three).data<float>().ToArray();
        long[] targets = randint(0, classes, new long[] { 60 }, generator: generator).data<long>().ToArray();
        float[] shift = Enumerable.Range(0, classes).Select(c => (float)Math.Sin(c)).ToArray();
        var losses = new double[60];
        var gradients = new float[60 * classes];
        FocalRowGradients.Softmax(z, classes, targets, gamma, shift, losses, gradients);

        Tensor x = tensor(z.Select(v => (double)v).ToArray()).view(60, classes).requires_grad_(true);
        Tensor shifted = x.add(tensor(shift.Select(v => (double)v).ToArray()), KeptScalars.One);
        Tensor logPt = nn.functional.log_softmax(shifted, 1).gather(1, tensor(targets).unsqueeze(1)).squeeze(1);
        Tensor composed = logPt.exp().neg().add(one, one).pow(exponent).mul(logPt).neg();
        composed.sum().backward();

        // Exponentials are float, as the network's are: float's precision, not double's.
        TensorAssert.AreClose(composed.detach().data<double>().ToArray(), losses, 1e-6, 1e-7, $"losses at γ={gamma}, {classes} classes");
        TensorAssert.AreClose(x.grad!.data<double>().ToArray(), gradients.Select(v => (double)v).ToArray(), 1e-5, 1e-7, $"gradients at γ={gamma}, {classes} classes");
        var lossesOnly = new double[60];
        FocalRowGradients.Softmax(z, classes, targets, gamma, shift, lossesOnly, default);
        CollectionAssert.AreEqual(losses, lossesOnly, "the losses do not depend on whether gradients are asked for");
    }

    [TestMethod]
    [DataRow(0.0)]
    [DataRow(0.5)]
    [DataRow(2.0)]
    public void BinaryGradientMatchesCentralFiniteDifferences(double gamma)
    {
        // The shift is a double, so it carries the finite step that float logits could not: d loss / d z = d loss / d shift.
        double[] x = { -6, -2.5, -0.3, 0, 0.4, 1.7, 3, 8 };
        long[] labels = { 0, 1, 1, 0, 0, 1, 0, 1 };
        var gradient = new float[1];
        double[] analytic = x.Select((v, i) =>
        {
            FocalRowGradients.Binary(new[] { 0f }, labels.AsSpan(i, 1), gamma, v, new double[1], gradient);
            return (double)gradient[0];
        }).ToArray();
        TensorAssert.MatchesCentralDifferences(x, analytic, shifted => shifted.Select((v, i) =>
        {
            var loss = new double[1];
            FocalRowGradients.Binary(new[] { 0f }, labels.AsSpan(i, 1), gamma, v, loss, default);
            return loss[0];
        }).Sum(), 1e-7, 1e-6, $"γ={gamma}");
    }

    [TestMethod]
    public void SaturatedLogitsGiveFiniteLossesAndGradientsForEveryGamma()
    {
        // Right and wrong with |logit| up to 1e4, in both classes.
        float[] logits = { 100, -100, 1e4f, -1e4f, 200, -200, 0 };
        long[] labels = { 1, 0, 0, 1, 1, 1, 0 };
        float[] softmaxLogits = { 100, -100, 0, 1e4f, -1e4f, 0, -1e4f, 1e4f, 1e4f, 0, 0, 0 };
        long[] targets = { 0, 1, 2, 1 };
        foreach (double gamma in new[] { 0.0, 0.1, 0.5, 1.0, 2.0, 5.0 })
        {
            var losses = new double[7];
            var gradients = new float[7];
            FocalRowGradients.Binary(logits, labels, gamma, 0, losses, gradients);
            Assert.IsTrue(losses.All(double.IsFinite) && gradients.All(float.IsFinite), $"binary finite at γ={gamma}");
            Assert.AreEqual(0.0, losses[0], 1e-30, "a right row at logit 100 costs nothing");
            Assert.AreEqual(1e4, losses[2], 1e4 * 1e-6, $"a wrong row at logit 1e4 costs |logit| at γ={gamma}");
            Assert.AreEqual(1, gradients[2], 1e-6, $"and its gradient lowers the logit at rate 1 at γ={gamma}");

            var softmaxLosses = new double[4];
            var softmaxGradients = new float[12];
            FocalRowGradients.Softmax(softmaxLogits, 3, targets, gamma, default, softmaxLosses, softmaxGradients);
            Assert.IsTrue(softmaxLosses.All(double.IsFinite) && softmaxGradients.All(float.IsFinite), $"softmax finite at γ={gamma}");
            Assert.AreEqual(2e4, softmaxLosses[1], 2e4 * 1e-6, $"a wrong row 2e4 behind costs 2e4 at γ={gamma}");
            Assert.AreEqual(Math.Pow(0.5, gamma) * Math.Log(2), softmaxLosses[2], 1e-6, $"the target tied with another class: -½^γ log ½ at γ={gamma}");
        }
    }
}
