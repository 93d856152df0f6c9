using System;

namespace Microsoft.ML.FocalLoss.Tests;

/// <summary>Random draws the tests' synthetic data share.</summary>
internal static class Draws
{
    /// <summary>A standard normal draw (Box–Muller), from two of <paramref name="random"/>'s uniforms.</summary>
    public static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
