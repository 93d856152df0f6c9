using System;
using System.Linq;
using Microsoft.ML.FocalLoss.Loss;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.FocalLoss.Tests.Loss;

[TestClass]
public sealed class SoftmaxFocalLossTests
{
    [TestMethod]
    [DataRow(0.0)]
    [DataRow(0.5)]
    [DataRow(2.0)]
    [DataRow(5.0)]
    public void GradientMatchesCentralFiniteDifferences(double gamma)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator().manual_seed(7);
        using Scalar two = 2.0.ToScalar();
        var logits = randn(new long[] { 6, 4 }, ScalarType.Float64, generator: generator).mul_(two).requires_grad_(true);
        var targets = tensor(new long[] { 0, 1, 2, 3, 1, 0 });
        var alpha = ClassAlpha.PerClass(new[] { 0.5, 2.0, 1.0, 0.25 });

        FocalLossFunctional.Softmax(logits, targets, alpha, gamma).backward();
        double[] analytic = logits.grad!.data<double>().ToArray();

        TensorAssert.MatchesCentralDifferences(logits.detach().data<double>().ToArray(), analytic,
            x => FocalLossFunctional.Softmax(tensor(x).reshape(6, 4), targets, alpha, gamma).item<double>(), 1e-7, 1e-6, $"γ={gamma}");
    }

    [TestMethod]
    public void GammaZeroWithoutAlphaIsCrossEntropy()
    {
        using var scope = NewDisposeScope();
        var logits = randn(new long[] { 64, 7 }, ScalarType.Float32, generator: new Generator().manual_seed(1)).requires_grad_(true);
        var targets = randint(0, 7, new long[] { 64 }, generator: new Generator().manual_seed(2));

        FocalLossFunctional.Softmax(logits, targets, gamma: 0).backward();
        var ours = logits.grad!.clone();
        logits.grad!.zero_();
        var reference = nn.functional.cross_entropy(logits, targets);
        reference.backward();

        Assert.AreEqual(reference.item<float>(), FocalLossFunctional.Softmax(logits, targets, gamma: 0).item<float>(), 1e-6f);
        Assert.IsTrue(ours.allclose(logits.grad!, rtol: 1e-5, atol: 1e-7), "gradient equals cross_entropy's");
    }

    [TestMethod]
    public void GammaZeroWeightedMeanIsWeightedCrossEntropy()
    {
        using var scope = NewDisposeScope();
        double[] weights = { 0.2, 3.0, 1.0, 0.7, 5.0 };
        var logits = randn(new long[] { 50, 5 }, ScalarType.Float64, generator: new Generator().manual_seed(3));
        var targets = randint(0, 5, new long[] { 50 }, generator: new Generator().manual_seed(4));
        var ours = FocalLossFunctional.Softmax(logits, targets, ClassAlpha.PerClass(weights), 0, FocalLossReduction.WeightedMean);
        var reference = nn.functional.cross_entropy(logits, targets, weight: tensor(weights));
        Assert.AreEqual(reference.item<double>(), ours.item<double>(), 1e-12);
    }

    [TestMethod]
    public void FusedGradientEqualsComposedAutogradAtLargeClassCount()
    {
        using var scope = NewDisposeScope();
        using Scalar four = 4.0.ToScalar();
        var logits = randn(new long[] { 256, 1000 }, ScalarType.Float64, generator: new Generator().manual_seed(5)).mul_(four).requires_grad_(true);
        var targets = randint(0, 1000, new long[] { 256 }, generator: new Generator().manual_seed(6));
        var alpha = ClassAlpha.BackgroundVersusRest(0.25);
        foreach (double gamma in new[] { 0.5, 2.0 })
        {
            logits.grad?.zero_();
            FocalLossFunctional.Softmax(logits, targets, alpha, gamma, FocalLossReduction.Mean).backward();
            var fused = logits.grad!.clone();
            logits.grad!.zero_();
            ComposedReference(logits, targets, alpha.Resolve(1000), gamma).backward();
            Assert.IsTrue(fused.allclose(logits.grad!, rtol: 1e-9, atol: 1e-15), $"fused and composed gradients agree at γ={gamma}");
        }
    }

    [TestMethod]
    [DataRow(ScalarType.Float32)]
    [DataRow(ScalarType.Float64)]
    public void SaturatedLogitsGiveFiniteLossAndGradientForEveryGamma(ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        // Rows where p_t → 1 (|logit| ≥ 100), where p_t → 0, and logits of ±1e4.
        var logits = tensor(new double[,]
        {
            { 100, -100, 0 }, { -100, 100, -100 }, { 1e4, -1e4, 0 }, { -1e4, 1e4, 1e4 }, { 200, 0, 0 }, { 0, 0, 0 },
        }).to_type(dtype);
        var targets = tensor(new long[] { 0, 1, 0, 2, 1, 2 });
        foreach (double gamma in new[] { 0.0, 0.1, 0.5, 0.9, 1.0, 2.0, 5.0 })
        {
            foreach (FocalLossReduction reduction in Enum.GetValues<FocalLossReduction>())
            {
                var x = logits.clone().requires_grad_(true);
                var loss = FocalLossFunctional.Softmax(x, targets, ClassAlpha.BackgroundVersusRest(0.25), gamma, reduction);
                loss.sum().backward();
                Assert.IsTrue(loss.isfinite().all().item<bool>(), $"loss finite at γ={gamma}, {reduction}, {dtype}");
                Assert.IsTrue(x.grad!.isfinite().all().item<bool>(), $"gradient finite at γ={gamma}, {reduction}, {dtype}");
            }
        }
    }

    [TestMethod]
    public void ComposedAutogradFailsWhereTheFusedGradientDoesNot()
    {
        // The known failure this design avoids: autograd through pow(1 - p, γ) at p = 1 with γ < 1.
        using var scope = NewDisposeScope();
        var x = tensor(new double[,] { { 100, -100 } }).requires_grad_(true);
        var targets = tensor(new long[] { 0 });
        ComposedReference(x, targets, new[] { 1.0, 1.0 }, 0.5).backward();
        Assert.IsFalse(x.grad!.isfinite().all().item<bool>(), "the composed formula produces NaN here");

        var y = tensor(new double[,] { { 100, -100 } }).requires_grad_(true);
        FocalLossFunctional.Softmax(y, targets, gamma: 0.5).backward();
        Assert.IsTrue(y.grad!.isfinite().all().item<bool>());
    }

    [TestMethod]
    public void IgnoredTargetsAddNothingAndAllIgnoredIsADifferentiableZero()
    {
        using var scope = NewDisposeScope();
        var logits = randn(new long[] { 4, 3 }, ScalarType.Float64, generator: new Generator().manual_seed(8)).requires_grad_(true);
        var some = tensor(new long[] { 0, -100, 2, -100 });
        var kept = FocalLossFunctional.Softmax(logits.index(tensor(new long[] { 0, 2 })), tensor(new long[] { 0, 2 }));
        Assert.AreEqual(kept.item<double>(), FocalLossFunctional.Softmax(logits, some, ignoreIndex: -100).item<double>(), 1e-12);

        using Scalar ignored = (-100L).ToScalar();
        var none = FocalLossFunctional.Softmax(logits, full(4, ignored, ScalarType.Int64), ignoreIndex: -100);
        Assert.AreEqual(0.0, none.item<double>());
        Assert.IsTrue(none.requires_grad, "the zero takes part in autograd");
        Assert.AreEqual(logits.device_type, none.device_type);
        none.backward();
        Assert.AreEqual(0.0, logits.grad!.abs().sum().item<double>());
    }

    [TestMethod]
    public void DetectionLayoutEqualsFlattenedRows()
    {
        using var scope = NewDisposeScope();
        var logits = randn(new long[] { 2, 5, 4 }, ScalarType.Float64, generator: new Generator().manual_seed(9));
        var targets = randint(0, 4, new long[] { 2, 5 }, generator: new Generator().manual_seed(10));
        var perTarget = FocalLossFunctional.Softmax(logits, targets, reduction: FocalLossReduction.None);
        CollectionAssert.AreEqual(new long[] { 2, 5 }, perTarget.shape);
        var flat = FocalLossFunctional.Softmax(logits.reshape(10, 4), targets.reshape(10), reduction: FocalLossReduction.None);
        Assert.IsTrue(perTarget.reshape(10).allclose(flat));
    }

    [TestMethod]
    public void ModuleMatchesFunctionalAndSeedFactoryUsesBackgroundAlphaAndPlainMean()
    {
        using var scope = NewDisposeScope();
        var logits = randn(new long[] { 10, 3 }, ScalarType.Float64, generator: new Generator().manual_seed(11));
        var targets = randint(0, 3, new long[] { 10 }, generator: new Generator().manual_seed(12));
        using var seed = SoftmaxFocalLoss.LikeFocalLossPytorch(alpha: 0.25, gamma: 2);
        var expected = FocalLossFunctional.Softmax(logits, targets, ClassAlpha.BackgroundVersusRest(0.25), 2, FocalLossReduction.Mean);
        Assert.AreEqual(expected.item<double>(), seed.call(logits, targets).item<double>());
        CollectionAssert.AreEqual(new[] { 0.25, 0.75, 0.75 }, ClassAlpha.BackgroundVersusRest(0.25).Resolve(3));
    }

    [TestMethod]
    public void SeedFactoryTakesAListAlphaAsTheOriginalDoes()
    {
        // The original's forward, written out: α[t] · (1 − p_t)^γ · (−log p_t), then a plain mean (or sum).
        using var scope = NewDisposeScope();
        var logits = randn(new long[] { 12, 4 }, ScalarType.Float64, generator: new Generator().manual_seed(21));
        var targets = randint(0, 4, new long[] { 12 }, generator: new Generator().manual_seed(22));
        double[] alpha = { 0.1, 0.5, 1.5, 3.0 };
        Tensor logP = nn.functional.log_softmax(logits, 1).gather(1, targets.unsqueeze(1)).squeeze(1);
        using Scalar one = 1.0.ToScalar(), two = 2.0.ToScalar();
        Tensor perRow = tensor(alpha, ScalarType.Float64).index_select(0, targets).mul(logP.exp().neg().add(one, one).pow(two)).mul(logP.neg());
        using var mean = SoftmaxFocalLoss.LikeFocalLossPytorch(alpha, gamma: 2);
        using var sum = SoftmaxFocalLoss.LikeFocalLossPytorch(alpha, gamma: 2, sizeAverage: false);
        Assert.AreEqual(perRow.mean().item<double>(), mean.call(logits, targets).item<double>(), 1e-12);
        Assert.AreEqual(perRow.sum().item<double>(), sum.call(logits, targets).item<double>(), 1e-12);
        using var wrongLength = SoftmaxFocalLoss.LikeFocalLossPytorch(new[] { 1.0, 2.0 });
        Assert.AreEqual("alpha", Assert.ThrowsExactly<ArgumentException>(() => wrongLength.call(logits, targets)).ParamName, "one α per class, as the original asserts");
    }

    [TestMethod]
    public void BadArgumentsNameTheArgument()
    {
        using var scope = NewDisposeScope();
        var logits = randn(4, 3);
        var targets = tensor(new long[] { 0, 1, 2, 1 });
        Assert.AreEqual("gamma", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => FocalLossFunctional.Softmax(logits, targets, gamma: -1)).ParamName);
        Assert.AreEqual("alpha", Assert.ThrowsExactly<ArgumentException>(() => FocalLossFunctional.Softmax(logits, targets, ClassAlpha.PerClass(new[] { 1.0, 2.0 }))).ParamName);
        Assert.AreEqual("alpha", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ClassAlpha.BackgroundVersusRest(1.0)).ParamName);
        Assert.AreEqual("targets", Assert.ThrowsExactly<ArgumentException>(() => FocalLossFunctional.Softmax(logits, targets.to_type(ScalarType.Float32))).ParamName);
        Assert.AreEqual("targets", Assert.ThrowsExactly<ArgumentException>(() => FocalLossFunctional.Softmax(logits, targets[..2])).ParamName);
        Assert.AreEqual("logits", Assert.ThrowsExactly<ArgumentException>(() => FocalLossFunctional.Softmax(randn(4), targets)).ParamName);
        var outOfRange = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => FocalLossFunctional.Softmax(logits, tensor(new long[] { 0, 1, 3, 1 })));
        Assert.AreEqual("targets", outOfRange.ParamName);
        StringAssert.Contains(outOfRange.Message, "[0, 3)");
    }

    [TestMethod]
    public void ForwardAndBackwardLeaveNoLiveTensorsBehind()
    {
        var logits = randn(new long[] { 32, 5 }).requires_grad_(true);
        var targets = randint(0, 5, new long[] { 32 });
        TensorAssert.LeavesNoLiveTensors(() =>
        {
            using var scope = NewDisposeScope();
            FocalLossFunctional.Softmax(logits, targets, ClassAlpha.BackgroundVersusRest(0.25), 2, ignoreIndex: 4).backward();
        });
    }

    /// <summary>The formula with plain autograd ops, for comparison with the fused node.</summary>
    private static Tensor ComposedReference(Tensor logits, Tensor targets, double[] alpha, double gamma)
    {
        var logP = nn.functional.log_softmax(logits, 1).gather(1, targets.unsqueeze(1)).squeeze(1);
        var a = tensor(alpha, logits.dtype).index_select(0, targets);
        using Scalar one = 1.0.ToScalar(), exponent = gamma.ToScalar();
        return a.mul(logP.exp().neg().add(one, one).pow(exponent)).mul(logP).neg().mean();
    }
}
