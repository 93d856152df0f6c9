using System;
using System.Linq;
using Microsoft.ML.FocalLoss.Training;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.FocalLoss.Tests.Training;

/// <summary>
/// The managed dropout masks are libtorch's own: the same generator seed gives, draw after draw, the floats that
/// <c>rand(...).ge_(p).div_(1 − p)</c> gives on the CPU, bit for bit, so training on either gives the same networks.
/// </summary>
[TestClass]
public sealed class TorchMersenneTwisterTests
{
    [TestMethod]
    [DataRow(1UL, 0.1)]
    [DataRow(2UL, 0.3)]
    [DataRow(8UL, 0.5)]
    [DataRow(12345678901UL, 0.1)] // above 32 bits: libtorch seeds MT19937 with the low 32
    [DataRow(1UL, 0.0)]
    public void DropoutMasksAreTheNumbersLibtorchDraws(ulong seed, double dropout)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(seed);
        using Scalar p = dropout.ToScalar(), keep = (1 - dropout).ToScalar();
        var twister = new TorchMersenneTwister(seed);
        // Shapes of a small and a large table's masks, one after another, so draws cross the 624-number blocks.
        foreach (long[] shape in new[] { new long[] { 1, 16, 9 }, new long[] { 1, 256, 64 }, new long[] { 1, 7, 3 }, new long[] { 1, 128, 64 } })
        {
            float[] expected = rand(shape, ScalarType.Float32, generator: generator).ge_(p).div_(keep).data<float>().ToArray();
            var actual = new float[expected.Length];
            twister.FillDropoutMask(actual, dropout);
            for (int i = 0; i < expected.Length; i++)
                Assert.AreEqual(BitConverter.SingleToInt32Bits(expected[i]), BitConverter.SingleToInt32Bits(actual[i]), $"shape {string.Join("x", shape)}, element {i}: {expected[i]} against {actual[i]}");
            Assert.IsTrue(dropout == 0 || actual.Contains(0f), "some units are dropped");
        }
    }

    [TestMethod]
    public void TheRawDrawsAreStandardMt19937()
    {
        // The 10,000th output of MT19937 seeded with 5489 is 4123659995 (C++ [rand.predef]), independent of libtorch.
        var twister = new TorchMersenneTwister(5489);
        uint last = 0;
        for (int i = 0; i < 10_000; i++) last = twister.Next();
        Assert.AreEqual(4123659995u, last);
    }
}
