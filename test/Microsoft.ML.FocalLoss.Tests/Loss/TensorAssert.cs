using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TorchSharp;

namespace Microsoft.ML.FocalLoss.Tests.Loss;

/// <summary>Element-wise closeness, and tensor lifetimes.</summary>
internal static class TensorAssert
{
    /// <summary>|actual - expected| ≤ atol + rtol·|expected| everywhere, with the first failing element in the message.</summary>
    public static void AreClose(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double rtol, double atol, string what)
    {
        Assert.AreEqual(expected.Length, actual.Length, $"{what}: length");
        for (int i = 0; i < expected.Length; i++)
        {
            double diff = Math.Abs(actual[i] - expected[i]);
            if (!(diff <= atol + rtol * Math.Abs(expected[i])))
                Assert.Fail($"{what}: element {i} is {actual[i]:R}, expected {expected[i]:R} (diff {diff:E2}).");
        }
    }

    /// <summary>
    /// Runs <paramref name="step"/> once (its first run may allocate what legitimately stays, such as a .grad), then
    /// three more times, and asserts that those left no live tensor behind on this thread.
    /// </summary>
    public static void LeavesNoLiveTensors(Action step)
    {
        step();
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (int i = 0; i < 3; i++) step();
        Assert.AreEqual(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount, "live tensors after three more steps");
    }

    /// <summary>
    /// Each element of <paramref name="analytic"/> equals the central difference (f(x + h e_i) - f(x - h e_i)) / 2h of
    /// <paramref name="loss"/> at <paramref name="x"/>, within atol + rtol·|difference|.
    /// </summary>
    public static void MatchesCentralDifferences(double[] x, double[] analytic, Func<double[], double> loss, double atol, double rtol, string what, double h = 1e-6)
    {
        Assert.AreEqual(x.Length, analytic.Length, $"{what}: length");
        double At(int i, double delta)
        {
            double[] shifted = (double[])x.Clone();
            shifted[i] += delta;
            using var scope = torch.NewDisposeScope();
            return loss(shifted);
        }
        for (int i = 0; i < x.Length; i++)
        {
            double numeric = (At(i, h) - At(i, -h)) / (2 * h);
            Assert.AreEqual(numeric, analytic[i], atol + rtol * Math.Abs(numeric), $"{what}: d loss / d x[{i}]");
        }
    }
}
