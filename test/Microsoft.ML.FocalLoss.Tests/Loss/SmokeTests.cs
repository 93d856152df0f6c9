using Microsoft.ML.FocalLoss.Loss;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static TorchSharp.torch;

namespace Microsoft.ML.FocalLoss.Tests.Loss;

[TestClass]
public sealed class SmokeTests
{
    [TestMethod]
    public void GammaZeroEqualsCrossEntropy()
    {
        manual_seed(1);
        var x = randn(64, 7, dtype: ScalarType.Float64, requires_grad: true);
        var t = randint(0, 7, new long[] { 64 });
        var ours = FocalLossFunctional.Softmax(x, t, gamma: 0);
        ours.backward();
        var g1 = x.grad!.clone();
        x.grad!.zero_();
        var ce = nn.functional.cross_entropy(x, t);
        ce.backward();
        Assert.AreEqual(ce.item<double>(), ours.item<double>(), 1e-12);
        Assert.IsTrue(g1.allclose(x.grad!, 1e-10, 1e-12));
    }
}
