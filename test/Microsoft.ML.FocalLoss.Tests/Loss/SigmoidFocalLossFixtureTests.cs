using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.FocalLoss.Loss;
using Microsoft.ML.FocalLoss.Tests.Fixtures;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static TorchSharp.torch;

namespace Microsoft.ML.FocalLoss.Tests.Loss;

/// <summary>The sigmoid focal loss against torchvision.ops.sigmoid_focal_loss.</summary>
[TestClass]
public sealed class SigmoidFocalLossFixtureTests
{
    public static IEnumerable<object[]> Cases => Enumerable.Range(0, LossFixtures.Instance.Sigmoid.Count).Select(i => new object[] { i });

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void LossAndGradientMatchTorchvision(int index)
    {
        SigmoidCase c = LossFixtures.Instance.Sigmoid[index];
        bool isDouble = c.Dtype == "float64";
        using var scope = NewDisposeScope();
        var logits = tensor(c.Logits, dtype: ScalarType.Float64).to_type(isDouble ? ScalarType.Float64 : ScalarType.Float32)
            .reshape(c.Shape).requires_grad_(true);
        var targets = tensor(c.Targets, dtype: ScalarType.Float64).reshape(c.Shape);
        var reduction = System.Enum.Parse<FocalLossReduction>(c.Reduction);

        var loss = FocalLossFunctional.Sigmoid(logits, targets, c.Alpha, c.Gamma, reduction);
        loss.sum().backward();

        double rtol = isDouble ? 1e-5 : 2e-4, atol = isDouble ? 1e-12 : 2e-5;
        TensorAssert.AreClose(c.Loss, loss.to_type(ScalarType.Float64).data<double>().ToArray(), rtol, atol, $"loss of {c}");
        TensorAssert.AreClose(c.Grad, logits.grad!.to_type(ScalarType.Float64).data<double>().ToArray(), rtol, atol, $"gradient of {c}");
    }
}
