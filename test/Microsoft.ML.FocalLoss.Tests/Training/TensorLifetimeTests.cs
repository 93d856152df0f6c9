using Microsoft.ML.FocalLoss.Training;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TorchSharp;

namespace Microsoft.ML.FocalLoss.Tests.Training;

/// <summary>
/// Every tensor a fit creates is disposed on the fit's thread. A tensor left to the garbage collector is freed on the
/// finalizer thread while training runs on another, which is how TorchSharp programs corrupt libtorch's heap.
/// </summary>
[TestClass]
public sealed class TensorLifetimeTests
{
    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void FitLeavesNoTensorToTheFinalizer(bool multiclass)
    {
        var ml = new MLContext(seed: 1);
        var data = multiclass ? ShippedData.GlassWithKeyLabel(ml) : ShippedData.Pima(ml);
        long before = DisposeScopeManager.Statistics.TensorStatistics.ThreadTotalLiveCount;
        if (multiclass) new FocalLossTrainer(ml, new FocalLossTrainer.Options { NumberOfEpochs = 3 }).Fit(data);
        else new BinaryFocalLossTrainer(ml, new BinaryFocalLossTrainer.Options { NumberOfEpochs = 3 }).Fit(data);
        long after = DisposeScopeManager.Statistics.TensorStatistics.ThreadTotalLiveCount;
        Assert.AreEqual(0, after - before, $"tensors created by the fit and still alive: {after - before}");
    }
}
