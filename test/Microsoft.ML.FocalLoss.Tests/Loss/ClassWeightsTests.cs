using System;
using System.Linq;
using Microsoft.ML.FocalLoss.Loss;
using Microsoft.ML.FocalLoss.Tests.Fixtures;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.FocalLoss.Tests.Loss;

[TestClass]
public sealed class ClassWeightsTests
{
    [TestMethod]
    public void BalancedMatchesScikitLearn()
    {
        foreach (ClassWeightCase c in LossFixtures.Instance.ClassWeights)
            TensorAssert.AreClose(c.Balanced, ClassWeights.Balanced(c.Counts), 1e-12, 0, $"balanced weights of [{string.Join(",", c.Counts)}]");
    }

    [TestMethod]
    public void EffectiveNumberMatchesCuiEtAl()
    {
        foreach (ClassWeightCase c in LossFixtures.Instance.ClassWeights)
        {
            foreach ((string beta, double[] expected) in c.EffectiveNumber)
            {
                double b = double.Parse(beta, System.Globalization.CultureInfo.InvariantCulture);
                TensorAssert.AreClose(expected, ClassWeights.EffectiveNumber(c.Counts, b), 1e-9, 0, $"effective-number weights, β={beta}, counts [{string.Join(",", c.Counts)}]");
            }
        }
    }

    [TestMethod]
    public void InverseSqrtMatchesFormula()
    {
        foreach (ClassWeightCase c in LossFixtures.Instance.ClassWeights)
            TensorAssert.AreClose(c.InverseSqrt, ClassWeights.InverseSqrt(c.Counts), 1e-12, 0, $"inverse-sqrt weights of [{string.Join(",", c.Counts)}]");
    }

    [TestMethod]
    public void EmptyClassGetsZeroNeverNaN()
    {
        long[] counts = { 3, 0, 40 };
        foreach (ClassWeighting method in Enum.GetValues<ClassWeighting>().Where(m => m != ClassWeighting.None))
        {
            double[] w = ClassWeights.Compute(method, counts, beta: 0.99);
            Assert.AreEqual(0.0, w[1], $"{method}: an empty class weighs 0");
            Assert.IsTrue(w.All(double.IsFinite), $"{method}: all weights finite");
        }
        CollectionAssert.AreEqual(new[] { 1 }, ClassWeights.EmptyClasses(counts));
    }

    [TestMethod]
    public void BadCountsAndBetaAreRejectedByName()
    {
        var allZero = Assert.ThrowsExactly<ArgumentException>(() => ClassWeights.Balanced(new long[] { 0, 0 }));
        Assert.AreEqual("counts", allZero.ParamName);
        var beta = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ClassWeights.EffectiveNumber(new long[] { 1, 2 }, 1.0));
        Assert.AreEqual("beta", beta.ParamName);
    }
}
