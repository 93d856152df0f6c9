using System;
using System.Collections.Generic;
using Microsoft.ML.FocalLoss.Training;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.FocalLoss.Tests.Training;

/// <summary>
/// The flush of subnormal floats during a fit: in effect while training runs, on this thread only, and off again
/// afterwards. 1e-30 × 1e-10 = 1e-40 is below float's normal range (1.18e-38), so it is subnormal unless flushed.
/// </summary>
[TestClass]
public sealed class DenormalFlushTests
{
    // Read at run time so that no compiler folds the product.
    private static float _tiny = 1e-30f, _factor = 1e-10f;

    private static float ManagedProduct() => _tiny * _factor;

    private static float TorchProduct()
    {
        using Scalar factor = _factor.ToScalar();
        using Tensor tiny = tensor(_tiny), product = tiny.mul(factor);
        return product.item<float>();
    }

    [TestMethod]
    public void ScopeFlushesTorchAndManagedArithmeticAndRestoresIt()
    {
        Assert.AreEqual(1e-40f, ManagedProduct(), 1e-43f, "before: IEEE arithmetic keeps the subnormal");
        Assert.AreEqual(1e-40f, TorchProduct(), 1e-43f);
        using (DenormalFlush.On())
        {
            Assert.IsTrue(DenormalFlush.IsOn);
            Assert.AreEqual(0f, ManagedProduct(), "inside: flushed to zero");
            Assert.AreEqual(0f, TorchProduct());
            using (DenormalFlush.On()) { }
            Assert.AreEqual(0f, TorchProduct(), "a nested scope's end leaves the outer one in effect");
        }
        Assert.IsFalse(DenormalFlush.IsOn);
        Assert.AreEqual(1e-40f, ManagedProduct(), 1e-43f, "after: IEEE arithmetic again");
        Assert.AreEqual(1e-40f, TorchProduct(), 1e-43f);
    }

    [TestMethod]
    public void ScopeLeavesOtherThreadsAlone()
    {
        using (DenormalFlush.On())
        {
            float other = 0;
            var thread = new System.Threading.Thread(() => other = ManagedProduct());
            thread.Start();
            thread.Join();
            Assert.AreEqual(1e-40f, other, 1e-43f);
        }
    }

    [TestMethod]
    public void FitFlushesWhileTrainingAndNotAfterwards()
    {
        var during = new List<float>();
        var ml = new MLContext(seed: 1);
        new FocalLossTrainer(ml, new FocalLossTrainer.Options { NumberOfEpochs = 3, EpochCallback = _ => during.Add(TorchProduct()) })
            .Fit(ShippedData.GlassWithKeyLabel(ml));
        CollectionAssert.AreEqual(new[] { 0f, 0f, 0f }, during, "every epoch ran flushed");
        Assert.AreEqual(1e-40f, ManagedProduct(), 1e-43f, "the caller's thread is back to IEEE arithmetic");
    }
}
