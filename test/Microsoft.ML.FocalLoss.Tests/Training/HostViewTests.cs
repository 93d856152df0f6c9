using System;
using Microsoft.ML.FocalLoss.Training;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.FocalLoss.Tests.Training;

/// <summary>The managed views the training step reads and writes tensors through.</summary>
[TestClass]
public sealed class HostViewTests
{
    [TestMethod]
    public void AWritableViewIsTheTensorsOwnStorage()
    {
        using var scope = NewDisposeScope();
        Tensor t = zeros(2, 3);
        Span<float> view = HostView.WritableFloats(t);
        view[4] = 7;
        Assert.AreEqual(7f, t[1, 1].item<float>(), "a write through the span reaches the tensor");
        using Scalar five = 5f.ToScalar();
        t[0, 2].fill_(five);
        Assert.AreEqual(5f, HostView.Floats(t)[2], "and a read sees the tensor's later values");
    }

    [TestMethod]
    public void ANonContiguousTensorIsReadInLogicalOrderAndNeverWrittenThroughACopy()
    {
        using var scope = NewDisposeScope();
        Tensor t = tensor(new float[] { 0, 1, 2, 3, 4, 5 }).view(2, 3).t(); // [[0, 3], [1, 4], [2, 5]], not contiguous
        CollectionAssert.AreEqual(new[] { 0f, 3f, 1f, 4f, 2f, 5f }, HostView.Floats(t).ToArray());
        Assert.ThrowsExactly<InvalidOperationException>(() => HostView.WritableFloats(t).Length);
        Assert.ThrowsExactly<InvalidOperationException>(() => HostView.Floats(t.to_type(ScalarType.Float64)).Length, "the element type is checked");
        CollectionAssert.AreEqual(new long[] { 1, 3, 2, 4 }, HostView.Longs(tensor(new long[] { 1, 2, 3, 4 }).view(2, 2).t()).ToArray());
    }
}
